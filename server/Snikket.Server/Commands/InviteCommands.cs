using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using QRCoder;
using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Modules.Circles;
using Snikket.Server.Modules.Invites;
using Snikket.Server.Storage;
using Snikket.Xmpp;

namespace Snikket.Server.Commands;

/// <summary>
/// <c>invite</c> and <c>reset USER</c>: the operator's way in (Snikket's <c>create-invite</c>).
/// <c>invite --admin</c> is how the first admin gets an account: it prints the landing link, the
/// <c>xmpp:</c> URI and a QR code of the link to scan with a phone. Works on the database directly,
/// with or without a running server. The installer's <c>snikket invite</c> and
/// <c>snikket reset-password</c> wrap these.
/// </summary>
internal static class InviteCommands
{
    private static readonly Option<bool> Admin = new("--admin") { Description = "The new account is an administrator (same as --role admin)." };

    private static readonly Option<string?> Role = new("--role") { Description = "The new account's access level: admin, normal (default) or limited." };

    private static readonly Option<string[]> Circle = new("--circle")
    {
        Description = "A circle (id or name) the new accounts join; repeat for several. Default: the default circle.",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<bool> Reusable = new("--reusable") { Description = "A group invite: several people can use it until it expires." };

    private static readonly Option<int?> MaxUses = new("--max-uses") { Description = "With --reusable: how many accounts it may create at most." };

    private static readonly Option<string?> Expires = new("--expires") { Description = "How long it is valid, e.g. 12h, 7d (default), 4w." };

    private static readonly Option<string?> Username = new("--username") { Description = "The only username the invite may register." };

    private static readonly Option<string?> Note = new("--note") { Description = "A note shown to admins in the portal." };

    private static readonly Option<bool> NoQr = new("--no-qr") { Description = "Do not draw the QR code." };

    private static readonly Argument<string> User = new("username") { Description = "The account whose password to reset." };

    public static IEnumerable<Command> Build()
    {
        var invite = new Command("invite", "Create an invite and print its link (and a QR code).") { Admin, Role, Circle, Reusable, MaxUses, Expires, Username, Note, NoQr };
        invite.SetAction((parse, ct) => WithDatabaseAsync(parse, async (factory, settings, ct) =>
        {
            // The invocation's writers (the console, unless a caller such as a test gives others).
            var (output, errors) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            if (!TryBuildRequest(parse, out var request, out var problem))
            {
                await errors.WriteLineAsync(problem);
                return 1;
            }

            var invites = new InviteStore(factory, TimeProvider.System);
            var circles = new CircleStore(factory, TimeProvider.System);
            return await CreateAsync(invites, circles, settings.Domain, settings.SiteName, request, parse.GetValue(Circle) ?? [], !parse.GetValue(NoQr), output, errors, ct);
        }, ct));

        var reset = new Command("reset", "Create a password reset link for an account (valid 24 hours by default).") { User, Expires, NoQr };
        reset.SetAction((parse, ct) => WithDatabaseAsync(parse, async (factory, settings, ct) =>
        {
            var validFor = TimeSpan.FromDays(1);
            if (parse.GetValue(Expires) is { } text && !TryParseDuration(text, out validFor))
            {
                await Console.Error.WriteLineAsync($"'{text}' is not a duration; write e.g. 12h, 1d or 2w.");
                return 1;
            }

            var accounts = new AccountStore(factory, TimeProvider.System);
            var invites = new InviteStore(factory, TimeProvider.System);
            return await ResetAsync(accounts, invites, settings.Domain, parse.GetValue(User)!, validFor, !parse.GetValue(NoQr), Console.Out, Console.Error, ct);
        }, ct));

        return [invite, reset];
    }

    /// <summary>Creates the invite (resolving circle names) and prints it. Returns the exit code.</summary>
    public static async Task<int> CreateAsync(
        InviteStore invites,
        CircleStore circles,
        string domain,
        string siteName,
        InviteRequest request,
        IReadOnlyList<string> circleNames,
        bool qr,
        TextWriter output,
        TextWriter errors,
        CancellationToken ct)
    {
        if (request.Username is not null)
        {
            if (!Jid.TryParse($"{request.Username}@{domain}", out var jid) || jid.Resource is not null || jid.Local is null || jid.Domain != domain)
            {
                await errors.WriteLineAsync($"'{request.Username}' cannot be a username.");
                return 1;
            }

            request = request with { Username = jid.Local };
        }

        if (circleNames.Count > 0)
        {
            var ids = new List<string>();
            foreach (var name in circleNames)
            {
                if (name == Modules.Circles.Circle.DefaultId)
                {
                    await circles.EnsureDefaultAsync(siteName, ct);
                    ids.Add(name);
                    continue;
                }

                var all = await circles.ListAsync(ct);
                var found = all.FirstOrDefault(c => c.Id == name) ?? all.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
                if (found is null)
                {
                    await errors.WriteLineAsync($"There is no circle '{name}'. Circles: {string.Join(", ", all.Select(c => $"{c.Name} ({c.Id})"))}");
                    return 1;
                }

                ids.Add(found.Id);
            }

            request = request with { Circles = ids };
        }

        CreatedInvite created;
        try
        {
            created = await invites.CreateAsync(request, ct);
        }
        catch (ArgumentException e)
        {
            await errors.WriteLineAsync(e.Message.Split(" (Parameter", 2)[0]);
            return 1;
        }

        await PrintAsync(domain, created, qr, output);
        return 0;
    }

    /// <summary>Creates a reset invite for an existing account and prints it. Returns the exit code.</summary>
    public static async Task<int> ResetAsync(AccountStore accounts, InviteStore invites, string domain, string user, TimeSpan validFor, bool qr, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var username = Jid.TryParse(user.Contains('@', StringComparison.Ordinal) ? user : $"{user}@{domain}", out var jid) && jid.Domain == domain && jid.Resource is null ? jid.Local : null;
        if (username is null || !await accounts.ExistsAsync(username, ct))
        {
            await errors.WriteLineAsync($"There is no account {user} on {domain}.");
            return 1;
        }

        var created = await invites.CreateAsync(new InviteRequest { Kind = InviteKind.Reset, Username = username, ValidFor = validFor }, ct);
        await PrintAsync(domain, created, qr, output);
        return 0;
    }

    /// <summary>"12h", "7d", "2w", "30m" (minutes), "90s".</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        if (text.Length < 2 || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        TimeSpan? parsed = char.ToLowerInvariant(text[^1]) switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            'w' => TimeSpan.FromDays(7.0 * n),
            _ => null,
        };
        duration = parsed ?? default;
        return parsed is not null;
    }

    private static bool TryBuildRequest(ParseResult parse, out InviteRequest request, out string? problem)
    {
        request = new InviteRequest { Kind = InviteKind.Account };
        problem = null;
        var role = parse.GetValue(Admin) ? AccountRole.Admin : AccountRole.Normal;
        if (parse.GetValue(Role) is { } roleText)
        {
            if (!AccountRoles.TryParse(roleText, out var given) || (parse.GetValue(Admin) && given != AccountRole.Admin))
            {
                problem = parse.GetValue(Admin) && AccountRoles.TryParse(roleText, out _)
                    ? $"--admin and --role {roleText} contradict each other; give one of them."
                    : $"--role is admin, normal or limited, not '{roleText}'.";
                return false;
            }

            role = given;
        }

        TimeSpan? validFor = null;
        if (parse.GetValue(Expires) is { } text)
        {
            if (!TryParseDuration(text, out var duration))
            {
                problem = $"'{text}' is not a duration; write e.g. 12h, 7d or 4w.";
                return false;
            }

            validFor = duration;
        }

        var reusable = parse.GetValue(Reusable);
        var maxUses = parse.GetValue(MaxUses);
        if (maxUses is not null && !reusable)
        {
            problem = "--max-uses needs --reusable: only a reusable invite can be used more than once.";
            return false;
        }

        if (reusable && parse.GetValue(Username) is not null)
        {
            problem = "A reusable invite cannot fix a username: drop --username, or --reusable for a one-person invite.";
            return false;
        }

        request = new InviteRequest
        {
            Kind = reusable ? InviteKind.Group : InviteKind.Account,
            Role = role,
            MaxUses = maxUses,
            Username = parse.GetValue(Username),
            Note = parse.GetValue(Note),
            ValidFor = validFor,
        };
        return true;
    }

    private static async Task PrintAsync(string domain, CreatedInvite created, bool qr, TextWriter output)
    {
        var link = InviteLinks.LandingUrl(domain, created.Token);
        var what = created.Invite.Kind switch
        {
            InviteKind.Reset => $"Password reset link for {created.Invite.Username}@{domain}",
            InviteKind.Group => created.Invite.MaxUses is { } max ? $"Invite link for up to {max} people" : "Invite link for any number of people",
            _ => created.Invite.Role == AccountRole.Admin ? "Invite link for an administrator" : "Invite link",
        };
        await output.WriteLineAsync($"{what}: {link}");
        await output.WriteLineAsync($"For XMPP apps: {InviteLinks.XmppUri(domain, created.Invite, created.Token)}");
        await output.WriteLineAsync($"Valid until {created.Invite.Expires.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.");
        if (qr)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(QrText(link));
        }
    }

    /// <summary>The QR code of <paramref name="text"/> in half-block characters, for a terminal.</summary>
    public static string QrText(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var ascii = new AsciiQRCode(data);
        return ascii.GetGraphicSmall(drawQuietZones: true, invert: false, endOfLine: "\n");
    }

    private static async Task<int> WithDatabaseAsync(
        ParseResult parse,
        Func<IDbContextFactory<SnikketDb>, ServerSettings, CancellationToken, Task<int>> action,
        CancellationToken ct)
    {
        if (!SettingsLoader.TryLoad(parse.GetValue(CommandLine.Config), out var settings))
        {
            return CommandLine.ConfigError;
        }

        var services = new ServiceCollection();
        ServerHost.AddStorage(services, settings);
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IDbContextFactory<SnikketDb>>();
        Directory.CreateDirectory(settings.DataDirectory);
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            await SchemaMigrator.MigrateAsync(db, settings.Database, NullLogger.Instance, ct);
        }

        return await action(factory, settings, ct);
    }
}
