using Microsoft.AspNetCore.Connections;
using Snikket.Server.Streams;

namespace Snikket.Server.Connections;

/// <summary>Kestrel hands every c2s connection (plain or direct TLS) here; the stream does the rest.</summary>
internal sealed class ClientConnectionHandler(StreamContext context) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        await using var stream = new ClientStream(connection, context);
        await stream.RunAsync();
    }
}
