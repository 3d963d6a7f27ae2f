using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Tls;

namespace Snikket.Server.IntegrationTests.Tls;

/// <summary>A renewed certificate on disk is served to new connections; open ones carry on.</summary>
public sealed class CertificateReloadTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(DatabaseKind.Sqlite);
        await _server.CreateAccountAsync("alice", "alice password");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task New_connections_get_the_renewed_certificate_while_open_ones_stay_up()
    {
        await using var before = await _server.LoginAsync("alice", "alice password", "before");
        var old = Thumbprint();

        SelfSignedCertificate.Write(TestServer.Domain, _server.CertificatePath, Path.ChangeExtension(_server.CertificatePath, ".key"), TimeProvider.System);
        Assert.NotEqual(old, Thumbprint());

        // The store looks at the files every few seconds: poll with fresh connections (each
        // client insists on the certificate now on disk) until one handshake succeeds.
        var clock = Stopwatch.StartNew();
        TestClient? after = null;
        while (after is null)
        {
            try
            {
                after = await _server.LoginAsync("alice", "alice password", "after");
            }
            catch (System.Security.Authentication.AuthenticationException) when (clock.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(250);
            }
        }

        await using (after)
        {
            await before.SendRawAsync("<iq type='get' id='still-there'><ping xmlns='urn:xmpp:ping'/></iq>");
            Assert.Equal("still-there", (await before.ReadElementAsync()).GetAttribute("id"));
        }
    }

    private string Thumbprint() =>
        X509Certificate2.CreateFromPem(File.ReadAllText(_server.CertificatePath)).Thumbprint;
}
