using System.Text;

namespace Snikket.Configuration;

/// <summary>
/// Renders <c>snikket.conf.example</c> from <see cref="SnikketSettings"/>: the required keys
/// first, with placeholder values, then every optional key commented out with its default and
/// description, section by section. A test keeps the committed file equal to <see cref="Render"/>.
/// </summary>
public static class ExampleFile
{
    /// <summary>Comment lines are wrapped to this width.</summary>
    public const int Width = 78;

    private static readonly string[] Header =
    [
        "snikket.conf: the configuration of this chat service.",
        "",
        "Set the two values below and start the service; that is all most servers need. "
            + "Every other setting is optional and shown commented out with its default. "
            + "To change one, remove the \"#\" in front of its key and edit the value.",
        "",
        "Syntax: one KEY=value per line, as docker compose's env_file reads it. No spaces around \"=\". "
            + "Put a value in 'single quotes' if it contains spaces, # or $. "
            + "A SNIKKET_* variable in the environment overrides this file. "
            + "Unknown keys and invalid values stop the service with a message saying what is wrong, "
            + "so a typo never goes unnoticed.",
        "",
        "This file is generated from server/Snikket.Configuration/SnikketSettings.cs.",
    ];

    /// <summary>The complete text of the example file, with LF line ends.</summary>
    public static string Render()
    {
        var text = new StringBuilder();
        foreach (var paragraph in Header)
        {
            AppendWrapped(text, paragraph);
        }

        foreach (var group in SnikketSettings.All.GroupBy(s => s.Group))
        {
            text.Append('\n');
            if (group.Key != SettingGroup.Required)
            {
                var rule = "# " + new string('=', Width - 2);
                text.Append('\n').Append(rule).Append('\n')
                    .Append("# ").Append(SnikketSettings.GroupTitle(group.Key)).Append('\n')
                    .Append(rule).Append('\n');
            }

            foreach (var setting in group)
            {
                text.Append('\n');
                AppendSetting(text, setting);
            }
        }

        return text.ToString();
    }

    private static void AppendSetting(StringBuilder text, SnikketSetting setting)
    {
        AppendWrapped(text, setting.Description);
        var notes = setting.Kind is SettingKind.Text or SettingKind.FilePath
            ? ""
            : $"Allowed: {setting.AllowedText}.";
        if (setting.Default is null && !setting.Required)
        {
            notes += $" Default: {setting.DefaultText ?? "unset"}.";
        }

        if (notes.Trim().Length > 0)
        {
            AppendWrapped(text, notes.Trim());
        }

        if (setting.Required)
        {
            text.Append(setting.Key).Append('=').Append(setting.Example).Append('\n');
        }
        else
        {
            text.Append('#').Append(setting.Key).Append('=').Append(setting.Default).Append('\n');
        }
    }

    private static void AppendWrapped(StringBuilder text, string prose)
    {
        var line = new StringBuilder("#");
        foreach (var word in prose.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 1 && line.Length + 1 + word.Length > Width)
            {
                text.Append(line).Append('\n');
                line.Clear().Append('#');
            }

            line.Append(' ').Append(word);
        }

        text.Append(line).Append('\n');
    }
}
