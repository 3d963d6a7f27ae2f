using System.Xml;
using System.Xml.Linq;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Xmpp;
using Xunit.Sdk;

namespace Snikket.Server.IntegrationTests.Scenarios;

/// <summary>
/// Runs a parsed <see cref="Scenario"/> step by step over real client connections (TCP,
/// STARTTLS, SCRAM, bind). Accounts are created first; each receive waits up to
/// <see cref="TestClient.Timeout"/> for the client's next stanzas; a failure names the script
/// line and shows what was expected and what arrived.
/// </summary>
internal sealed class ScenarioRunner
{
    /// <summary>
    /// How long "receives: nothing" keeps listening after its barrier ping has come back, for
    /// anything a server delivers after answering (work finished off the session's own path).
    /// </summary>
    public static readonly TimeSpan QuietWindow = TimeSpan.FromMilliseconds(200);

    private readonly Scenario _scenario;
    private readonly ScenarioHost _host;
    private readonly Dictionary<string, ScenarioConnection> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _fullJids = new(StringComparer.Ordinal);
    private readonly StanzaMatcher _matcher = new();
    private readonly HashSet<string> _unsynced = new(StringComparer.Ordinal);
    private int _barriers;

    private ScenarioRunner(Scenario scenario, ScenarioHost host)
    {
        _scenario = scenario;
        _host = host;
    }

    public static async Task RunAsync(Scenario scenario, ScenarioHost host)
    {
        var runner = new ScenarioRunner(scenario, host);
        try
        {
            await runner.CreateAccountsAsync();
            foreach (var step in scenario.Steps)
            {
                await runner.RunStepAsync(step);
            }
        }
        finally
        {
            foreach (var connection in runner._connections.Values)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private async Task CreateAccountsAsync()
    {
        var passwords = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var client in _scenario.Clients)
        {
            if (!string.Equals(client.Domain, _host.Domain, StringComparison.Ordinal))
            {
                Assert.Fail($"{_scenario.Path}:{client.Line}: [Client] {client.Name} is on {client.Domain}; scenarios run on {_host.Domain}");
            }

            if (passwords.TryGetValue(client.Localpart, out var password))
            {
                if (password != client.Password)
                {
                    Assert.Fail($"{_scenario.Path}:{client.Line}: [Client] {client.Name} shares the account {client.BareJid} with another client but not its password");
                }

                continue;
            }

            passwords.Add(client.Localpart, client.Password);
            await _host.CreateAccountAsync(client.Localpart, client.Password);
        }
    }

    private async Task RunStepAsync(ScenarioStep step)
    {
        try
        {
            if (step.Kind is ScenarioStepKind.Send or ScenarioStepKind.Disconnect)
            {
                await SyncOthersAsync(step);
            }

            await (step.Kind switch
            {
                ScenarioStepKind.Connect => ConnectAsync(step),
                ScenarioStepKind.Disconnect => DisconnectAsync(step),
                ScenarioStepKind.Send => SendAsync(step),
                ScenarioStepKind.Receive => ReceiveAsync(step),
                _ => ReceiveNothingAsync(step),
            });
        }
        catch (Exception e) when (e is not FailException)
        {
            Fail(step, $"{e.GetType().Name}: {e.Message}\n{e}");
        }
    }

    private async Task ConnectAsync(ScenarioStep step)
    {
        if (_connections.ContainsKey(step.Client))
        {
            Fail(step, $"{step.Client} is already connected");
        }

        var client = _scenario.Clients.Single(c => c.Name == step.Client);
        var test = await _host.LoginAsync(client.Localpart, client.Password, client.Resource);
        var connection = ScenarioConnection.Start(test);
        _connections.Add(step.Client, connection);
        _fullJids[step.Client] = connection.Jid.ToString();
    }

    private async Task DisconnectAsync(ScenarioStep step)
    {
        var connection = Connected(step);
        _connections.Remove(step.Client);
        _unsynced.Remove(step.Client);
        var closed = await connection.CloseAsync(TestClient.Timeout);
        await connection.DisposeAsync();
        if (!closed)
        {
            Fail(step, $"the server did not close {step.Client}'s stream within {TestClient.Timeout.TotalSeconds} s of </stream:stream>");
        }
    }

    private async Task SendAsync(ScenarioStep step)
    {
        var connection = Connected(step);
        foreach (var stanza in Stanzas(step, out _))
        {
            await connection.SendAsync(stanza);
        }

        _unsynced.Add(step.Client);
    }

    /// <summary>
    /// A script reads top to bottom, but each client's stanzas are processed by its own session
    /// on the server: "Juliet sends presence" followed by "Romeo sends a message to Juliet" could
    /// otherwise be processed the other way round. So before a client sends (or disconnects),
    /// every other client that sent something since has its own stanzas processed first, proved
    /// by a ping answered to it (stanzas it receives meanwhile stay queued for its next step).
    /// </summary>
    private async Task SyncOthersAsync(ScenarioStep step)
    {
        foreach (var name in _unsynced.Where(n => n != step.Client).ToList())
        {
            _unsynced.Remove(name);
            if (_connections.TryGetValue(name, out var other))
            {
                var (before, _) = await BarrierAsync(step, name, other, mustAnswer: false);
                other.PutBack(before);
            }
        }
    }

    private async Task ReceiveAsync(ScenarioStep step)
    {
        var connection = Connected(step);
        var expected = Stanzas(step, out var expectedXml);
        var received = new List<Element>();
        while (received.Count < expected.Count)
        {
            var next = await connection.NextAsync(TestClient.Timeout);
            if (next is null)
            {
                var got = received.Count == 0 ? "nothing" : $"only {received.Count} of {expected.Count} stanzas";
                Fail(step, $"{step.Client} received {got} within {TestClient.Timeout.TotalSeconds} s", expectedXml, received);
            }

            if (next.Stanza is null)
            {
                Fail(step, $"{step.Client}: {next.Description}", expectedXml, received);
            }

            received.Add(next.Stanza);
        }

        if (_matcher.MatchAll(expected, received) is { } why)
        {
            Fail(step, $"{step.Client} received {(expected.Count == 1 ? "a stanza that does" : "stanzas that do")} not match: {why}", expectedXml, received);
        }
    }

    /// <summary>
    /// Proves a negative without sleeping: a ping from every other connected client shows the
    /// server has processed what they sent before, then a ping from this client must be answered
    /// before anything else arrives, and nothing may follow within <see cref="QuietWindow"/>.
    /// </summary>
    private async Task ReceiveNothingAsync(ScenarioStep step)
    {
        var target = Connected(step);
        foreach (var (name, other) in _connections)
        {
            if (name != step.Client)
            {
                var (before, _) = await BarrierAsync(step, name, other, mustAnswer: false);
                other.PutBack(before);
            }
        }

        _unsynced.Clear();
        var (early, _) = await BarrierAsync(step, step.Client, target, mustAnswer: true);
        if (early.Count > 0)
        {
            Fail(step, $"{step.Client} was to receive nothing but received:\n{Indent(string.Join("\n", early.Select(Shown)))}");
        }

        var late = await target.NextAsync(QuietWindow);
        if (late is not null)
        {
            Fail(step, $"{step.Client} was to receive nothing but received:\n{Indent(Shown(late))}");
        }
    }

    /// <summary>
    /// Pings the server from <paramref name="connection"/> and returns what arrived before the
    /// answer. Without <paramref name="mustAnswer"/>, a stream that has ended (a stream error the
    /// script expects later, say) is not a failure: the ending stays in what is returned.
    /// </summary>
    private async Task<(List<ScenarioReceived> Before, bool Answered)> BarrierAsync(ScenarioStep step, string name, ScenarioConnection connection, bool mustAnswer)
    {
        var id = $"scenario-barrier-{++_barriers}";
        var before = new List<ScenarioReceived>();
        try
        {
            await connection.SendRawAsync($"<iq type='get' id='{id}' to='{ScenarioXml.Escape(_host.Domain)}'><ping xmlns='urn:xmpp:ping'/></iq>");
        }
        catch (IOException) when (!mustAnswer)
        {
            return (before, false);
        }

        while (true)
        {
            var next = await connection.NextAsync(TestClient.Timeout);
            if (next is not null && next.Stanza is null && !mustAnswer)
            {
                before.Add(next);
                return (before, false);
            }

            if (next is null || next.Stanza is null)
            {
                Fail(step, $"before this step, {name}'s ping to the server (to be sure earlier stanzas were processed) got no answer: {next?.Description ?? "timeout"}");
            }

            if (next.Stanza.Name == "iq" && next.Stanza.GetAttribute("id") == id)
            {
                return (before, true);
            }

            before.Add(next);
        }
    }

    private ScenarioConnection Connected(ScenarioStep step)
    {
        if (!_connections.TryGetValue(step.Client, out var connection))
        {
            Fail(step, $"{step.Client} is not connected (add \"{step.Client} connects\" before this line)");
        }

        return connection;
    }

    /// <summary>The step's XML with variables replaced, parsed; <paramref name="xml"/> is the text for messages.</summary>
    private IReadOnlyList<Element> Stanzas(ScenarioStep step, out string xml)
    {
        xml = ScenarioXml.Substitute(step.Xml, variable => Resolve(step, variable));
        try
        {
            return ScenarioXml.Parse(xml);
        }
        catch (XmlException e)
        {
            Fail(step, "after substituting variables the XML is not well-formed: " + e.Message, xml, []);
            throw;
        }
    }

    private string Resolve(ScenarioStep step, string variable)
    {
        if (ScenarioXml.TryParseJidVariable(variable, out var name, out var full))
        {
            if (!full)
            {
                return _scenario.Clients.Single(c => c.Name == name).BareJid;
            }

            if (!_fullJids.TryGetValue(name, out var jid))
            {
                Fail(step, $"${{{variable}}} has no value yet: {name} has not connected");
            }

            return jid;
        }

        if (!_matcher.Captures.TryGetValue(variable, out var value))
        {
            Fail(step, $"${{{variable}}} has not been captured (no earlier receive matched {{scansion:capture:{variable}}})");
        }

        return value;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Fail(ScenarioStep step, string message, string? expectedXml = null, List<Element>? received = null)
    {
        var text = $"{_scenario.Path}:{step.Line}: {step.Describe()}\n{message}";
        if (expectedXml is not null)
        {
            text += "\nexpected:\n" + Indent(Dedent(expectedXml));
        }

        if (received is not null)
        {
            text += "\nreceived:\n" + (received.Count == 0 ? "    (nothing)" : Indent(string.Join("\n", received.Select(Pretty))));
        }

        Assert.Fail(text);
    }

    private static string Shown(ScenarioReceived received) => received.Stanza is null ? received.Description : Pretty(received.Stanza);

    private static string Pretty(Element stanza)
    {
        var xml = StanzaWriter.ToXml(stanza);
        try
        {
            return XElement.Parse(xml).ToString();
        }
        catch (XmlException)
        {
            return xml;
        }
    }

    private static string Dedent(string block)
    {
        var lines = block.Split('\n');
        var common = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length >= common ? l[common..] : l.TrimStart()));
    }

    private static string Indent(string text) => string.Join("\n", text.Split('\n').Select(l => "    " + l));
}
