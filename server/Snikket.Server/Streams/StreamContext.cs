using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;
using Snikket.Server.Tls;
using Snikket.Xmpp;

namespace Snikket.Server.Streams;

/// <summary>The shared services every client stream uses, gathered so a stream has one dependency.</summary>
internal sealed class StreamContext(
    ServerSettings settings,
    ServerInfo server,
    ClientStreamOptions options,
    CertificateStore certificates,
    AccountStore accounts,
    SessionRegistry sessions,
    StanzaRouter router,
    HandlerTable handlers,
    ServerEvents events,
    ResumableSessions resumable,
    SessionTeardown teardown,
    Heartbeat heartbeat,
    ILoggerFactory loggers)
{
    public ServerInfo Server => server;

    public ClientStreamOptions Options => options;

    public CertificateStore Certificates => certificates;

    public AccountStore Accounts => accounts;

    public SessionRegistry Sessions => sessions;

    public StanzaRouter Router => router;

    public HandlerTable Handlers => handlers;

    public ServerEvents Events => events;

    public ResumableSessions Resumable => resumable;

    public SessionTeardown Teardown => teardown;

    public Heartbeat Heartbeat => heartbeat;

    /// <summary>The features modules offer at <paramref name="stage"/>, ready to add to &lt;stream:features/&gt;.</summary>
    public IEnumerable<Element> StreamFeatures(StreamStage stage)
    {
        foreach (var feature in handlers.StreamFeatures[stage])
        {
            if (feature() is { } element)
            {
                yield return element;
            }
        }
    }

    public ILogger Logger { get; } = loggers.CreateLogger<ClientStream>();

    /// <summary>
    /// Keys the fake SCRAM salt shown for unknown usernames, kept across restarts so that asking
    /// about a name twice, before and after a restart, reveals nothing (RFC 5802 §5.1).
    /// </summary>
    public byte[] UnknownUserSecret { get; } = DataSecrets.GetOrCreate(settings.DataDirectory, "scram-unknown-user", 32);
}
