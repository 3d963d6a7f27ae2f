namespace Snikket.Acme.Tests.Infrastructure;

/// <summary>
/// The real clock moved forward by <see cref="Offset"/>: renewal decisions see the future while
/// timers (polling delays) and the CA itself run in real time.
/// </summary>
internal sealed class ShiftedTime : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
