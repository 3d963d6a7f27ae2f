using System.Globalization;
using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;

namespace Snikket.Server.IntegrationTests.Modules.Time;

/// <summary>XEP-0202 entity time from the server, over real sockets.</summary>
public abstract class TimeTests(DatabaseKind database) : ServerTest(database)
{
    private const string Ns = "urn:xmpp:time";

    private TestClient _alice = null!;

    private protected override async Task SetUpAsync()
    {
        _alice = await LoginAsync("alice", "alice password", "phone");
    }

    [Fact]
    public async Task The_server_tells_its_time_in_utc_with_a_zero_offset()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var reply = await _alice.QueryAsync("<iq type='get' id='t1' to='localhost'><time xmlns='urn:xmpp:time'/></iq>", "t1");

        Assert.Equal(("result", "localhost"), (reply.GetAttribute("type"), reply.GetAttribute("from")));
        var time = reply.Child("time", Ns)!;
        Assert.Equal("+00:00", time.Child("tzo", Ns)!.Text);
        var utc = DateTimeOffset.ParseExact(time.Child("utc", Ns)!.Text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(utc, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task The_server_announces_entity_time()
    {
        var reply = await _alice.QueryAsync("<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>", "d1");

        var features = reply.Child("query", "http://jabber.org/protocol/disco#info")!
            .Elements("feature", "http://jabber.org/protocol/disco#info").Select(f => f.GetAttribute("var"));
        Assert.Contains(Ns, features);
    }

    [Fact]
    public async Task Setting_the_time_is_service_unavailable()
    {
        var reply = await _alice.QueryAsync("<iq type='set' id='t2' to='localhost'><time xmlns='urn:xmpp:time'><utc>2000-01-01T00:00:00Z</utc></time></iq>", "t2");

        Assert.Equal("service-unavailable", Stanzas.ErrorCondition(reply));
    }

    [Fact]
    public async Task The_server_does_not_answer_for_an_accounts_bare_jid()
    {
        var reply = await _alice.QueryAsync("<iq type='get' id='t3' to='bob@localhost'><time xmlns='urn:xmpp:time'/></iq>", "t3");

        Assert.Equal("service-unavailable", Stanzas.ErrorCondition(reply));
    }
}

public sealed class TimeTestsOnSqlite() : TimeTests(DatabaseKind.Sqlite);

public sealed class TimeTestsOnPostgres() : TimeTests(DatabaseKind.PostgreSql);
