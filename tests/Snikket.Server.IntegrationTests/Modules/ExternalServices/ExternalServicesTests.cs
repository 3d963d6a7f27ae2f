using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.Hosting;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Turn;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Modules.ExternalServices;

/// <summary>XEP-0215 external service discovery of the STUN/TURN relay, over real sockets.</summary>
public abstract class ExternalServicesTests(DatabaseKind database) : ServerTest(database)
{
    private const string Ns = "urn:xmpp:extdisco:2";

    private TestClient _alice = null!;

    private protected override IReadOnlyList<(string Username, string Password)> Accounts =>
        [("alice", "alice password")];

    private protected override async Task SetUpAsync()
    {
        _alice = await LoginAsync("alice", "alice password", "phone");
    }

    [Fact]
    public async Task The_server_lists_stun_and_turn_on_udp_and_tcp_and_turns_on_5349()
    {
        var reply = await _alice.QueryAsync("<iq type='get' id='s1' to='localhost'><services xmlns='urn:xmpp:extdisco:2'/></iq>", "s1");

        Assert.Equal(("result", "localhost"), (reply.GetAttribute("type"), reply.GetAttribute("from")));
        var services = Services(reply, "services").Select(s => $"{s.GetAttribute("type")} {s.GetAttribute("host")}:{s.GetAttribute("port")}/{s.GetAttribute("transport")}");
        Assert.Equal(
            ["stun localhost:3478/udp", "stun localhost:3478/tcp", "turn localhost:3478/udp", "turn localhost:3478/tcp", "turns localhost:5349/tcp"],
            services);
    }

    [Fact]
    public async Task Turn_services_carry_restricted_credentials_signed_with_the_turn_secret()
    {
        var before = DateTimeOffset.UtcNow;

        var reply = await _alice.QueryAsync("<iq type='get' id='s2' to='localhost'><services xmlns='urn:xmpp:extdisco:2' type='turn'/></iq>", "s2");

        var secret = TurnSecret.Read(Server.Services.GetRequiredService<ServerSettings>().DataDirectory);
        foreach (var service in Services(reply, "services"))
        {
            var username = service.GetAttribute("username")!;
            var expiry = long.Parse(username.Split(':')[0], CultureInfo.InvariantCulture);
            Assert.Equal("1", service.GetAttribute("restricted"));
            Assert.Equal(":alice", username[username.IndexOf(':', StringComparison.Ordinal)..]);
            Assert.Equal(TurnSecret.Password(secret, username), service.GetAttribute("password"));
            Assert.InRange(expiry, before.AddDays(1).ToUnixTimeSeconds() - 1, DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds());
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(expiry).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), service.GetAttribute("expires"));
        }
    }

    [Fact]
    public async Task Stun_needs_no_credentials()
    {
        var reply = await _alice.QueryAsync("<iq type='get' id='s3' to='localhost'><services xmlns='urn:xmpp:extdisco:2' type='stun'/></iq>", "s3");

        var services = Services(reply, "services");
        Assert.Equal(2, services.Count);
        Assert.All(services, s => Assert.Equal((null, null, null), (s.GetAttribute("restricted"), s.GetAttribute("username"), s.GetAttribute("password"))));
    }

    [Fact]
    public async Task A_type_filter_returns_only_that_type_and_says_so()
    {
        var reply = await _alice.QueryAsync("<iq type='get' id='s4' to='localhost'><services xmlns='urn:xmpp:extdisco:2' type='turns'/></iq>", "s4");

        Assert.Equal("turns", reply.Child("services", Ns)!.GetAttribute("type"));
        Assert.Equal(["turns"], Services(reply, "services").Select(s => s.GetAttribute("type")));
    }

    [Fact]
    public async Task An_unknown_type_gets_an_empty_list()
    {
        var reply = await _alice.QueryAsync("<iq type='get' id='s5' to='localhost'><services xmlns='urn:xmpp:extdisco:2' type='ftp'/></iq>", "s5");

        Assert.Equal("result", reply.GetAttribute("type"));
        Assert.Empty(Services(reply, "services"));
    }

    [Fact]
    public async Task Credentials_are_given_for_a_named_turn_service()
    {
        var reply = await _alice.QueryAsync(
            "<iq type='get' id='c1' to='localhost'><credentials xmlns='urn:xmpp:extdisco:2'><service host='localhost' type='turns'/></credentials></iq>", "c1");

        var service = Assert.Single(Services(reply, "credentials"));
        Assert.Equal(("turns", "5349", "1"), (service.GetAttribute("type"), service.GetAttribute("port"), service.GetAttribute("restricted")));
        Assert.NotNull(service.GetAttribute("password"));
    }

    [Fact]
    public async Task Credentials_for_a_service_the_server_does_not_have_are_item_not_found()
    {
        var reply = await _alice.QueryAsync(
            "<iq type='get' id='c2' to='localhost'><credentials xmlns='urn:xmpp:extdisco:2'><service host='turn.example.net' type='turn'/></credentials></iq>", "c2");

        Assert.Equal("item-not-found", Stanzas.ErrorCondition(reply));
    }

    [Fact]
    public async Task Credentials_for_stun_are_item_not_found_as_it_needs_none()
    {
        var reply = await _alice.QueryAsync(
            "<iq type='get' id='c3' to='localhost'><credentials xmlns='urn:xmpp:extdisco:2'><service host='localhost' type='stun'/></credentials></iq>", "c3");

        Assert.Equal("item-not-found", Stanzas.ErrorCondition(reply));
    }

    [Theory]
    [InlineData("<credentials xmlns='urn:xmpp:extdisco:2'/>")]
    [InlineData("<credentials xmlns='urn:xmpp:extdisco:2'><service type='turn'/></credentials>")]
    [InlineData("<credentials xmlns='urn:xmpp:extdisco:2'><service host='localhost'/></credentials>")]
    public async Task A_credentials_request_without_host_and_type_is_a_bad_request(string payload)
    {
        var reply = await _alice.QueryAsync($"<iq type='get' id='c4' to='localhost'>{payload}</iq>", "c4");

        Assert.Equal("bad-request", Stanzas.ErrorCondition(reply));
    }

    [Fact]
    public async Task Setting_the_service_list_is_service_unavailable()
    {
        var reply = await _alice.QueryAsync("<iq type='set' id='s6' to='localhost'><services xmlns='urn:xmpp:extdisco:2'/></iq>", "s6");

        Assert.Equal("service-unavailable", Stanzas.ErrorCondition(reply));
    }

    [Fact]
    public async Task The_server_announces_external_service_discovery()
    {
        var reply = await _alice.QueryAsync("<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>", "d1");

        var features = reply.Child("query", "http://jabber.org/protocol/disco#info")!
            .Elements("feature", "http://jabber.org/protocol/disco#info").Select(f => f.GetAttribute("var"));
        Assert.Contains(Ns, features);
    }

    [Fact]
    public async Task The_server_writes_coturn_a_configuration_with_the_same_secret()
    {
        var dataDirectory = Server.Services.GetRequiredService<ServerSettings>().DataDirectory;

        var text = await File.ReadAllTextAsync(TurnConfigWriter.PathIn(dataDirectory));

        Assert.Contains("\nstatic-auth-secret=" + TurnSecret.Read(dataDirectory) + "\n", text, StringComparison.Ordinal);
        Assert.Contains("\nrealm=localhost\n", text, StringComparison.Ordinal);
    }

    private static List<Element> Services(Element reply, string wrapper) =>
        [.. reply.Child(wrapper, Ns)!.Elements("service", Ns)];
}

public sealed class ExternalServicesTestsOnSqlite() : ExternalServicesTests(DatabaseKind.Sqlite);

public sealed class ExternalServicesTestsOnPostgres() : ExternalServicesTests(DatabaseKind.PostgreSql);
