namespace Snikket.Server.Modules.LastActivity;

/// <summary>Per-session state: the status text of the session's latest broadcast unavailable presence.</summary>
internal sealed class LastStatus
{
    public string? Text { get; set; }
}
