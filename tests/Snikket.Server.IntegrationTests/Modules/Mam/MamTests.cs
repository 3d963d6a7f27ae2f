using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Modules.Mam;
using Snikket.Server.Routing;
using Snikket.Server.Storage;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Modules.Mam;

/// <summary>XEP-0313 archiving, stanza ids, queries, paging, preferences and expiry, over real sockets.</summary>
public abstract class MamTests(DatabaseKind database) : ServerTest(database)
{
    private const string MamNs = "urn:xmpp:mam:2";
    private const string RsmNs = "http://jabber.org/protocol/rsm";
    private const string SidNs = "urn:xmpp:sid:0";
    private const string ForwardNs = "urn:xmpp:forward:0";

    private TestClient _alice = null!;
    private TestClient _bob = null!;

    private protected override IReadOnlyList<(string Username, string Password)> Accounts =>
        [("alice", "alice password"), ("bob", "bob password"), ("carol", "carol password")];

    private protected override async Task SetUpAsync()
    {
        _alice = await LoginAsync("alice", "alice password", "phone");
        _bob = await LoginAsync("bob", "bob password", "laptop");
        await _alice.BecomeAvailableAsync();
        await _bob.BecomeAvailableAsync();
    }

    [Fact]
    public async Task A_chat_message_is_in_the_recipients_and_the_senders_archive()
    {
        await SendAsync(_alice, _bob, "<message to='bob@localhost' type='chat' id='m1'><body>hello bob</body></message>");

        var bobs = await QueryAsync(_bob, "");
        var alices = await QueryAsync(_alice, "");

        var received = Assert.Single(bobs.Results);
        var sent = Assert.Single(alices.Results);
        Assert.Equal("hello bob", Body(received));
        Assert.Equal("hello bob", Body(sent));
        Assert.Equal("alice@localhost/phone", Forwarded(received).GetAttribute("from"));
        Assert.Equal("m1", Forwarded(sent).GetAttribute("id"));
    }

    [Fact]
    public async Task The_delivered_message_carries_the_recipients_archive_id()
    {
        var delivered = await SendAsync(_alice, _bob, "<message to='bob@localhost' type='chat'><body>with id</body></message>");

        var stanzaId = Assert.Single(delivered.Elements("stanza-id", SidNs));
        var archived = Assert.Single((await QueryAsync(_bob, "")).Results);

        Assert.Equal("bob@localhost", stanzaId.GetAttribute("by"));
        Assert.Equal(ResultId(archived), stanzaId.GetAttribute("id"));
    }

    [Fact]
    public async Task A_stanza_id_forged_in_the_recipients_name_is_replaced_and_a_foreign_one_is_kept()
    {
        var delivered = await SendAsync(_alice, _bob,
            "<message to='bob@localhost' type='chat'><body>forged</body>"
            + "<stanza-id xmlns='urn:xmpp:sid:0' by='bob@localhost' id='fake'/>"
            + "<stanza-id xmlns='urn:xmpp:sid:0' by='alice@localhost' id='fake-too'/>"
            + "<stanza-id xmlns='urn:xmpp:sid:0' by='room@muc.example' id='theirs'/></message>");

        var ids = delivered.Elements("stanza-id", SidNs).Select(e => (e.GetAttribute("by"), e.GetAttribute("id"))).ToList();

        Assert.Equal(2, ids.Count);
        Assert.Contains(("room@muc.example", "theirs"), ids);
        Assert.DoesNotContain(ids, i => i.Item2 is "fake" or "fake-too");
        Assert.Contains(ids, i => i.Item1 == "bob@localhost");
    }

    [Fact]
    public async Task A_message_without_archivable_content_is_delivered_but_not_archived_or_stamped()
    {
        var delivered = await SendAsync(_alice, _bob, "<message to='bob@localhost' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>");

        Assert.Empty(delivered.Elements("stanza-id", SidNs));
        Assert.Empty((await QueryAsync(_bob, "")).Results);
        Assert.Empty((await QueryAsync(_alice, "")).Results);
    }

    [Theory]
    [InlineData("<message to='bob@localhost' type='chat'><body>secret</body><no-store xmlns='urn:xmpp:hints'/></message>")]
    [InlineData("<message to='bob@localhost' type='chat'><body>secret</body><no-permanent-store xmlns='urn:xmpp:hints'/></message>")]
    [InlineData("<message to='bob@localhost' type='headline'><body>news</body></message>")]
    public async Task Hinted_and_headline_messages_are_not_archived(string message)
    {
        await SendAsync(_alice, _bob, message);

        Assert.Empty((await QueryAsync(_bob, "")).Results);
        Assert.Empty((await QueryAsync(_alice, "")).Results);
    }

    [Theory]
    [InlineData("<encrypted xmlns='eu.siacs.conversations.axolotl'><header sid='1'/></encrypted>")]
    [InlineData("<encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'/></encrypted>")]
    [InlineData("<reactions xmlns='urn:xmpp:reactions:0' id='x'><reaction>👍</reaction></reactions>")]
    [InlineData("<store xmlns='urn:xmpp:hints'/>")]
    public async Task Bodyless_messages_with_content_are_archived(string payload)
    {
        await SendAsync(_alice, _bob, $"<message to='bob@localhost' type='chat'>{payload}</message>");

        Assert.Single((await QueryAsync(_bob, "")).Results);
    }

    [Fact]
    public async Task A_message_to_oneself_is_archived_once()
    {
        await using var tablet = await Server.LoginAsync("alice", "alice password", "tablet");
        await tablet.BecomeAvailableAsync();

        await _alice.SendRawAsync("<message to='alice@localhost/tablet' type='chat'><body>note to self</body></message>");
        await tablet.ReadUntilAsync("message");

        Assert.Single((await QueryAsync(_alice, "")).Results);
    }

    [Fact]
    public async Task Paging_forward_reports_complete_only_on_the_last_page()
    {
        var ids = await ExchangeAsync(5);

        var first = await QueryAsync(_bob, Rsm("<max>2</max>"));
        var second = await QueryAsync(_bob, Rsm($"<max>2</max><after>{Last(first)}</after>"));
        var third = await QueryAsync(_bob, Rsm($"<max>2</max><after>{Last(second)}</after>"));

        Assert.Equal(ids, first.Results.Concat(second.Results).Concat(third.Results).Select(ResultId));
        Assert.Equal((false, false, true), (first.Complete, second.Complete, third.Complete));
        Assert.Equal(("0", "2", "4"), (FirstIndex(first), FirstIndex(second), FirstIndex(third)));
        Assert.Equal("5", Set(third).Child("count", RsmNs)!.Text);
    }

    [Fact]
    public async Task Paging_backward_starts_at_the_newest_page_and_ends_at_the_oldest()
    {
        var ids = await ExchangeAsync(5);

        var newest = await QueryAsync(_bob, Rsm("<max>2</max><before/>"));
        var middle = await QueryAsync(_bob, Rsm($"<max>2</max><before>{First(newest)}</before>"));
        var oldest = await QueryAsync(_bob, Rsm($"<max>2</max><before>{First(middle)}</before>"));

        Assert.Equal(ids[3..], newest.Results.Select(ResultId));
        Assert.Equal(ids[1..3], middle.Results.Select(ResultId));
        Assert.Equal(ids[..1], oldest.Results.Select(ResultId));
        Assert.Equal((false, false, true), (newest.Complete, middle.Complete, oldest.Complete));
        Assert.Equal(("3", "1", "0"), (FirstIndex(newest), FirstIndex(middle), FirstIndex(oldest)));
    }

    [Fact]
    public async Task A_flipped_page_is_the_same_page_newest_first()
    {
        var ids = await ExchangeAsync(3);

        var flipped = await QueryAsync(_bob, Rsm("<max>2</max><before/>") + "<flip-page/>");

        Assert.Equal([ids[2], ids[1]], flipped.Results.Select(ResultId));
        Assert.Equal(ids[2], First(flipped));
        Assert.Equal(ids[1], Last(flipped));
    }

    [Fact]
    public async Task The_with_filter_selects_one_conversation_by_bare_or_full_jid()
    {
        await using var carol = await Server.LoginAsync("carol", "carol password", "desk");
        await carol.BecomeAvailableAsync();
        await SendAsync(_alice, _bob, "<message to='bob@localhost' type='chat'><body>from alice</body></message>");
        await SendAsync(carol, _bob, "<message to='bob@localhost' type='chat'><body>from carol</body></message>");

        var bare = await QueryAsync(_bob, Form(Field("with", "carol@localhost")));
        var full = await QueryAsync(_bob, Form(Field("with", "carol@localhost/desk")));
        var otherResource = await QueryAsync(_bob, Form(Field("with", "carol@localhost/phone")));

        Assert.Equal("from carol", Body(Assert.Single(bare.Results)));
        Assert.Equal("from carol", Body(Assert.Single(full.Results)));
        Assert.Empty(otherResource.Results);
    }

    [Fact]
    public async Task Start_and_end_select_by_time_inclusively()
    {
        var now = DateTimeOffset.UtcNow;
        await InsertAsync("bob", now.AddHours(-3), "three hours ago");
        await InsertAsync("bob", now.AddHours(-2), "two hours ago");
        await InsertAsync("bob", now.AddHours(-1), "an hour ago");
        var twoHoursAgo = XmppDateTime.Format(now.AddHours(-2));

        var since = await QueryAsync(_bob, Form(Field("start", twoHoursAgo)));
        var until = await QueryAsync(_bob, Form(Field("end", twoHoursAgo)));
        var offset = await QueryAsync(_bob, Form(Field("start", now.AddHours(-2).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal(["two hours ago", "an hour ago"], since.Results.Select(Body));
        Assert.Equal(["three hours ago", "two hours ago"], until.Results.Select(Body));
        Assert.Equal(["two hours ago", "an hour ago"], offset.Results.Select(Body));
    }

    [Fact]
    public async Task After_id_and_before_id_select_the_messages_between()
    {
        var ids = await ExchangeAsync(4);

        var between = await QueryAsync(_bob, Form(Field("after-id", ids[0]) + Field("before-id", ids[3])));

        Assert.Equal(ids[1..3], between.Results.Select(ResultId));
        Assert.True(between.Complete);
    }

    [Fact]
    public async Task Ids_fetch_exactly_the_named_messages()
    {
        var ids = await ExchangeAsync(4);

        var named = await QueryAsync(_bob, Form(Field("ids", ids[2], ids[0])));

        Assert.Equal([ids[0], ids[2]], named.Results.Select(ResultId));
    }

    [Theory]
    [InlineData("after-id")]
    [InlineData("before-id")]
    [InlineData("ids")]
    public async Task An_unknown_id_in_the_form_is_item_not_found(string field)
    {
        await ExchangeAsync(1);

        var error = await QueryErrorAsync(_bob, Form(Field(field, "0000000000000")));

        Assert.Equal("item-not-found", error);
    }

    [Theory]
    [InlineData("<after>0000000000000</after>")]
    [InlineData("<before>0000000000000</before>")]
    [InlineData("<after>not-an-id</after>")]
    public async Task An_unknown_rsm_id_is_item_not_found(string paging)
    {
        await ExchangeAsync(1);

        var error = await QueryErrorAsync(_bob, Rsm(paging));

        Assert.Equal("item-not-found", error);
    }

    [Fact]
    public async Task Another_users_message_id_is_not_found_in_my_archive()
    {
        await SendAsync(_alice, _bob, "<message to='bob@localhost' type='chat'><body>x</body></message>");
        var alicesId = ResultId(Assert.Single((await QueryAsync(_alice, "")).Results));

        var error = await QueryErrorAsync(_bob, Rsm($"<after>{alicesId}</after>"));

        Assert.Equal("item-not-found", error);
    }

    [Theory]
    [InlineData("<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>urn:xmpp:mam:2</value></field><field var='{urn:example}fulltext'><value>x</value></field></x>", "feature-not-implemented")]
    [InlineData("<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>urn:xmpp:mam:1</value></field></x>", "bad-request")]
    [InlineData("<x xmlns='jabber:x:data' type='form'><field var='FORM_TYPE'><value>urn:xmpp:mam:2</value></field></x>", "bad-request")]
    [InlineData("<x xmlns='jabber:x:data' type='submit'><field var='start'><value>yesterday</value></field></x>", "bad-request")]
    [InlineData("<x xmlns='jabber:x:data' type='submit'><field var='end'><value>2024-01-01</value></field></x>", "bad-request")]
    [InlineData("<x xmlns='jabber:x:data' type='submit'><field var='with'><value>@@</value></field></x>", "bad-request")]
    [InlineData("<x xmlns='jabber:x:data' type='submit'><field var='with'><value>a@b</value></field><field var='with'><value>c@d</value></field></x>", "bad-request")]
    [InlineData("<set xmlns='http://jabber.org/protocol/rsm'><max>-1</max></set>", "bad-request")]
    [InlineData("<set xmlns='http://jabber.org/protocol/rsm'><max>lots</max></set>", "bad-request")]
    [InlineData("<set xmlns='http://jabber.org/protocol/rsm'><index>3</index></set>", "feature-not-implemented")]
    public async Task A_bad_query_gets_the_right_error_and_sends_no_results(string payload, string condition)
    {
        await ExchangeAsync(1);

        var error = await QueryErrorAsync(_bob, payload);

        Assert.Equal(condition, error);
    }

    [Fact]
    public async Task A_huge_max_is_capped()
    {
        var rows = Enumerable.Range(0, 260).Select(i => Row("bob", DateTimeOffset.UtcNow, $"m{i}")).ToArray();
        await Server.Services.GetRequiredService<MamStore>().AppendAsync(rows, CancellationToken.None);

        var page = await QueryAsync(_bob, Rsm("<max>1000000</max>"));

        Assert.Equal(250, page.Results.Count);
        Assert.False(page.Complete);
        Assert.Equal("260", Set(page).Child("count", RsmNs)!.Text);
    }

    [Fact]
    public async Task Max_zero_returns_the_count_alone()
    {
        await ExchangeAsync(3);

        var page = await QueryAsync(_bob, Rsm("<max>0</max>"));

        Assert.Empty(page.Results);
        Assert.Equal("3", Set(page).Child("count", RsmNs)!.Text);
        Assert.Null(Set(page).Child("first", RsmNs));
    }

    [Fact]
    public async Task Another_users_archive_is_forbidden()
    {
        await ExchangeAsync(1);

        await _alice.SendRawAsync("<iq type='set' id='q' to='bob@localhost'><query xmlns='urn:xmpp:mam:2'/></iq>");
        var reply = await _alice.ReadUntilAsync("iq");

        Assert.Equal("error", reply.GetAttribute("type"));
        Assert.NotNull(reply.Child("error", Ns.Client)!.Child("forbidden", Ns.Stanzas));
    }

    [Fact]
    public async Task Results_go_only_to_the_session_that_asked()
    {
        await ExchangeAsync(1);
        await using var phone = await Server.LoginAsync("bob", "bob password", "phone");
        await phone.BecomeAvailableAsync();

        await QueryAsync(_bob, "");

        await phone.SendRawAsync("<iq type='get' id='barrier'><ping xmlns='urn:xmpp:ping'/></iq>");
        Assert.Equal("barrier", (await phone.ReadElementAsync()).GetAttribute("id"));
    }

    [Fact]
    public async Task The_form_lists_the_supported_fields()
    {
        await _bob.SendRawAsync("<iq type='get' id='f'><query xmlns='urn:xmpp:mam:2'/></iq>");

        var form = (await _bob.ReadUntilAsync("iq")).Child("query", MamNs)!.Child("x", "jabber:x:data")!;

        var fields = form.Elements("field", "jabber:x:data").Select(f => f.GetAttribute("var")).ToList();
        Assert.Equal(["FORM_TYPE", "with", "start", "end", "before-id", "after-id", "ids"], fields);
    }

    [Fact]
    public async Task Metadata_is_empty_for_an_empty_archive_and_names_the_first_and_last_message()
    {
        var empty = await MetadataAsync(_bob);
        var ids = await ExchangeAsync(3);

        var metadata = await MetadataAsync(_bob);

        Assert.Empty(empty.Elements());
        Assert.Equal(ids[0], metadata.Child("start", MamNs)!.GetAttribute("id"));
        Assert.Equal(ids[2], metadata.Child("end", MamNs)!.GetAttribute("id"));
        Assert.True(XmppDateTime.TryParse(metadata.Child("end", MamNs)!.GetAttribute("timestamp")!, out _));
    }

    [Fact]
    public async Task Disco_on_the_account_lists_the_archive_features()
    {
        await _bob.SendRawAsync("<iq type='get' id='d' to='bob@localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");

        var query = (await _bob.ReadUntilAsync("iq")).Child("query", "http://jabber.org/protocol/disco#info")!;
        var features = query.Elements("feature", "http://jabber.org/protocol/disco#info").Select(f => f.GetAttribute("var")).ToList();

        Assert.Contains("urn:xmpp:mam:2", features);
        Assert.Contains("urn:xmpp:mam:2#extended", features);
        Assert.Contains("urn:xmpp:sid:0", features);
    }

    [Fact]
    public async Task Preferences_default_to_always()
    {
        var prefs = await PrefsAsync(_bob, "get", "<prefs xmlns='urn:xmpp:mam:2'/>");

        Assert.Equal("always", prefs.GetAttribute("default"));
    }

    [Fact]
    public async Task Default_never_keeps_a_users_messages_out_of_their_archive_only()
    {
        await PrefsAsync(_bob, "set", "<prefs xmlns='urn:xmpp:mam:2' default='never'/>");

        var delivered = await SendAsync(_alice, _bob, "<message to='bob@localhost' type='chat'><body>unarchived for bob</body></message>");

        Assert.Empty(delivered.Elements("stanza-id", SidNs));
        Assert.Empty((await QueryAsync(_bob, "")).Results);
        Assert.Single((await QueryAsync(_alice, "")).Results);
    }

    [Fact]
    public async Task The_never_list_overrides_default_always_and_always_overrides_default_never()
    {
        await using var carol = await Server.LoginAsync("carol", "carol password", "desk");
        await carol.BecomeAvailableAsync();
        await PrefsAsync(_bob, "set", "<prefs xmlns='urn:xmpp:mam:2' default='always'><always/><never><jid>alice@localhost</jid></never></prefs>");
        await PrefsAsync(_alice, "set", "<prefs xmlns='urn:xmpp:mam:2' default='never'><always><jid>bob@localhost/laptop</jid></always><never/></prefs>");

        await SendAsync(_alice, _bob, "<message to='bob@localhost/laptop' type='chat'><body>from alice</body></message>");
        await SendAsync(carol, _bob, "<message to='bob@localhost' type='chat'><body>from carol</body></message>");

        Assert.Equal(["from carol"], (await QueryAsync(_bob, "")).Results.Select(Body));
        Assert.Equal(["from alice"], (await QueryAsync(_alice, "")).Results.Select(Body));
    }

    [Fact]
    public async Task Set_preferences_are_returned_by_get()
    {
        await PrefsAsync(_bob, "set", "<prefs xmlns='urn:xmpp:mam:2' default='roster'><always><jid>carol@localhost</jid></always><never><jid>spam@example.org</jid></never></prefs>");

        var prefs = await PrefsAsync(_bob, "get", "<prefs xmlns='urn:xmpp:mam:2'/>");

        Assert.Equal("roster", prefs.GetAttribute("default"));
        Assert.Equal("carol@localhost", prefs.Child("always", MamNs)!.Child("jid", MamNs)!.Text);
        Assert.Equal("spam@example.org", prefs.Child("never", MamNs)!.Child("jid", MamNs)!.Text);
    }

    [Theory]
    [InlineData("<prefs xmlns='urn:xmpp:mam:2' default='sometimes'/>", "bad-request")]
    [InlineData("<prefs xmlns='urn:xmpp:mam:2' default='always'><always><jid>@@</jid></always></prefs>", "jid-malformed")]
    [InlineData("<prefs xmlns='urn:xmpp:mam:2' default='always'><always><jid>a@b</jid></always><never><jid>a@b</jid></never></prefs>", "bad-request")]
    public async Task Bad_preferences_are_refused_and_change_nothing(string prefs, string condition)
    {
        await _bob.SendRawAsync($"<iq type='set' id='p'>{prefs}</iq>");
        var reply = await _bob.ReadUntilAsync("iq");

        Assert.Equal("error", reply.GetAttribute("type"));
        Assert.NotNull(reply.Child("error", Ns.Client)!.Child(condition, Ns.Stanzas));
        Assert.Equal("always", (await PrefsAsync(_bob, "get", "<prefs xmlns='urn:xmpp:mam:2'/>")).GetAttribute("default"));
    }

    [Fact]
    public async Task Expiry_deletes_messages_older_than_the_retention_and_keeps_the_rest()
    {
        var now = DateTimeOffset.UtcNow;
        await InsertAsync("bob", now.AddDays(-9), "nine days old");
        await InsertAsync("bob", now.AddDays(-8), "eight days old");
        await InsertAsync("bob", now.AddDays(-6), "six days old");
        await SendAsync(_alice, _bob, "<message to='bob@localhost' type='chat'><body>new</body></message>");

        await RunExpiryAsync();

        Assert.Equal(["six days old", "new"], (await QueryAsync(_bob, "")).Results.Select(Body));
        Assert.Equal(["new"], (await QueryAsync(_alice, "")).Results.Select(Body));
    }

    [Fact]
    public async Task Expiry_works_through_more_rows_than_one_batch()
    {
        var old = DateTimeOffset.UtcNow.AddDays(-30);
        var rows = Enumerable.Range(0, 2500).Select(i => Row("bob", old, $"old {i}")).ToArray();
        await Server.Services.GetRequiredService<MamStore>().AppendAsync(rows, CancellationToken.None);

        await RunExpiryAsync();

        Assert.Equal("0", Set(await QueryAsync(_bob, Rsm("<max>0</max>"))).Child("count", RsmNs)!.Text);
    }

    [Fact]
    public async Task Many_concurrent_messages_share_commits()
    {
        var writer = Server.Services.GetRequiredService<GroupCommitWriter>();
        var store = Server.Services.GetRequiredService<MamStore>();
        var before = writer.Commits;

        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => store.AppendAsync([Row("bob", DateTimeOffset.UtcNow, $"c{i}")], CancellationToken.None).AsTask()));

        Assert.True(writer.Commits - before < 400, $"400 writes took {writer.Commits - before} commits");
        Assert.Equal("400", Set(await QueryAsync(_bob, Rsm("<max>0</max>"))).Child("count", RsmNs)!.Text);
    }

    [Fact]
    public async Task A_message_whose_archive_commit_fails_is_not_delivered_and_the_sender_gets_an_error()
    {
        var factory = Server.Services.GetRequiredService<IDbContextFactory<SnikketDb>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE archive");
        }

        await _alice.SendRawAsync("<message to='bob@localhost' type='chat' id='lost'><body>cannot be stored</body></message>");
        var error = await _alice.ReadUntilAsync("message");

        Assert.Equal(("error", "lost"), (error.GetAttribute("type"), error.GetAttribute("id")));
        Assert.NotNull(error.Child("error", Ns.Client)!.Child("internal-server-error", Ns.Stanzas));
        await _bob.SendRawAsync("<iq type='get' id='barrier'><ping xmlns='urn:xmpp:ping'/></iq>");
        Assert.Equal("barrier", (await _bob.ReadElementAsync()).GetAttribute("id"));
    }

    [Fact]
    public async Task Archive_ids_increase_in_the_order_messages_were_sent()
    {
        var ids = await ExchangeAsync(20);

        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Distinct().Count(), ids.Length);
    }

    private static ArchivedMessage Row(string owner, DateTimeOffset stamp, string body) => new()
    {
        Owner = owner,
        WithBare = "alice@localhost",
        WithResource = "phone",
        Stamp = stamp.ToUnixTimeMilliseconds(),
        Stanza = StoredStanza.Serialize(Element($"<message xmlns='jabber:client' from='alice@localhost/phone' to='{owner}@localhost' type='chat'><body>{body}</body></message>")),
    };

    private static Element Element(string xml)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(xml);
        return StoredStanza.Parse(bytes);
    }

    private Task InsertAsync(string owner, DateTimeOffset stamp, string body) =>
        Server.Services.GetRequiredService<MamStore>().AppendAsync([Row(owner, stamp, body)], CancellationToken.None).AsTask();

    private Task RunExpiryAsync() =>
        Server.Services.GetRequiredService<HandlerTable>().Periodic.Single(p => p.Owner == nameof(MamModule)).Work(CancellationToken.None);

    /// <summary>Sends <paramref name="count"/> messages from Alice to Bob; returns Bob's archive ids in order.</summary>
    private async Task<string[]> ExchangeAsync(int count)
    {
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            var delivered = await SendAsync(_alice, _bob, $"<message to='bob@localhost' type='chat' id='x{i}'><body>message {i}</body></message>");
            ids[i] = delivered.Child("stanza-id", SidNs)!.GetAttribute("id")!;
        }

        return ids;
    }

    /// <summary>Sends a message and returns it as the recipient got it.</summary>
    private static async Task<Element> SendAsync(TestClient from, TestClient to, string message)
    {
        await from.SendRawAsync(message);
        return await to.ReadUntilAsync("message");
    }

    private static async Task<QueryResult> QueryAsync(TestClient client, string payload)
    {
        await client.SendRawAsync($"<iq type='set' id='mamq'><query xmlns='urn:xmpp:mam:2' queryid='qid'>{payload}</query></iq>");
        var results = new List<Element>();
        while (true)
        {
            var element = await client.ReadElementAsync();
            if (element.Name == "message" && element.Child("result", MamNs) is { } result)
            {
                Assert.Equal("qid", result.GetAttribute("queryid"));
                Assert.Equal(client.Jid!.ToString(), element.GetAttribute("to"));
                results.Add(element);
            }
            else if (element.Name == "iq" && element.GetAttribute("id") == "mamq")
            {
                Assert.Equal("result", element.GetAttribute("type"));
                var fin = element.Child("fin", MamNs)!;
                return new QueryResult(results, fin, fin.GetAttribute("complete") == "true");
            }
        }
    }

    private static async Task<string> QueryErrorAsync(TestClient client, string payload)
    {
        await client.SendRawAsync($"<iq type='set' id='mamq'><query xmlns='urn:xmpp:mam:2'>{payload}</query></iq>");
        var reply = await client.ReadElementAsync();
        Assert.Equal(("iq", "error"), (reply.Name, reply.GetAttribute("type")));
        return reply.Child("error", Ns.Client)!.Elements().First(e => e.Namespace == Ns.Stanzas).Name;
    }

    private static async Task<Element> MetadataAsync(TestClient client)
    {
        await client.SendRawAsync("<iq type='get' id='meta'><metadata xmlns='urn:xmpp:mam:2'/></iq>");
        var reply = await client.ReadUntilAsync("iq");
        Assert.Equal("result", reply.GetAttribute("type"));
        return reply.Child("metadata", MamNs)!;
    }

    private static async Task<Element> PrefsAsync(TestClient client, string type, string prefs)
    {
        await client.SendRawAsync($"<iq type='{type}' id='prefs'>{prefs}</iq>");
        var reply = await client.ReadUntilAsync("iq");
        Assert.Equal("result", reply.GetAttribute("type"));
        return reply.Child("prefs", MamNs)!;
    }

    private static string Form(string fields) =>
        $"<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>{fields}</x>";

    private static string Field(string name, params string[] values) =>
        $"<field var='{name}'>{string.Concat(values.Select(v => $"<value>{v}</value>"))}</field>";

    private static string Rsm(string inner) => $"<set xmlns='http://jabber.org/protocol/rsm'>{inner}</set>";

    private static Element Forwarded(Element result) =>
        result.Child("result", MamNs)!.Child("forwarded", ForwardNs)!.Child("message", Ns.Client)!;

    private static string Body(Element result) => Forwarded(result).Child("body", Ns.Client)!.Text;

    private static string ResultId(Element result) => result.Child("result", MamNs)!.GetAttribute("id")!;

    private static Element Set(QueryResult page) => page.Fin.Child("set", RsmNs)!;

    private static string First(QueryResult page) => Set(page).Child("first", RsmNs)!.Text;

    private static string Last(QueryResult page) => Set(page).Child("last", RsmNs)!.Text;

    private static string? FirstIndex(QueryResult page) => Set(page).Child("first", RsmNs)!.GetAttribute("index");

    private sealed record QueryResult(List<Element> Results, Element Fin, bool Complete);
}

public sealed class MamTestsOnSqlite() : MamTests(DatabaseKind.Sqlite);

public sealed class MamTestsOnPostgres() : MamTests(DatabaseKind.PostgreSql);
