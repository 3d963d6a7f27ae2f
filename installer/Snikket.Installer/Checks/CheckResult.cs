namespace Snikket.Installer.Checks;

/// <summary>The outcome of one <c>snikket check</c> item: what was checked, what was found and, when it failed, what to do.</summary>
internal sealed record CheckResult(string Item, bool Ok, string Finding, string? Fix = null);
