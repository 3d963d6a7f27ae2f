namespace Snikket.Server.Modules.Circles;

/// <summary>A circle as the admin API shows it: id, name and member usernames (sorted).</summary>
internal sealed record CircleInfo(string Id, string Name, IReadOnlyList<string> Members);
