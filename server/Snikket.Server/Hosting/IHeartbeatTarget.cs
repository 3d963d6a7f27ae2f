namespace Snikket.Server.Hosting;

/// <summary>Something with timeouts the heartbeat checks (a client stream).</summary>
internal interface IHeartbeatTarget
{
    /// <summary>Called about once per <see cref="Heartbeat.Interval"/> with Environment.TickCount64.</summary>
    void OnHeartbeat(long now);
}
