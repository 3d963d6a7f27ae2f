using System.Globalization;
using Snikket.Server.Sessions;
using Snikket.Xmpp;

namespace Snikket.Server.Streams;

/// <summary>
/// XEP-0198 Stream Management on a bound session: &lt;enable/&gt;, &lt;r/&gt; and &lt;a/&gt;.
/// It is part of the core rather than a module because it changes what a session is (one that
/// outlives its connection) and what an acknowledgement promises: <c>h</c> counts a stanza only
/// once routing it has finished, and routing awaits the storage commit, so an acknowledged message
/// survives a crash. Resumption itself happens before binding, in <see cref="ClientStream"/>.
/// </summary>
internal static class StreamManagementNonzas
{
    public static Element Feature() => new("sm", StreamManagement.Ns);

    public static Element Failed(string condition, uint? h = null)
    {
        var failed = new Element("failed", StreamManagement.Ns);
        if (h is { } handled)
        {
            failed.SetAttribute("h", handled.ToString(CultureInfo.InvariantCulture));
        }

        failed.AddElement(condition, Ns.Stanzas);
        return failed;
    }

    /// <summary>Parses an <c>h</c> attribute: an unsigned 32-bit integer (XEP-0198 §4).</summary>
    public static uint? ParseH(Element element) =>
        uint.TryParse(element.GetAttribute("h"), NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? h : null;

    /// <summary>The stream error for an acknowledgement of more stanzas than were sent (XEP-0198 §4).</summary>
    public static StreamErrorException TooHigh(uint h, uint sent) =>
        new(
            StreamErrorCondition.UndefinedCondition,
            $"You acknowledged {h} stanzas but only {sent} were sent.",
            new Element("handled-count-too-high", StreamManagement.Ns)
                .SetAttribute("h", h.ToString(CultureInfo.InvariantCulture))
                .SetAttribute("send-count", sent.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Handles one element of the XEP-0198 namespace on a bound session.</summary>
    public static void Handle(ClientSession session, Element nonza, ResumableSessions resumable, ClientStreamOptions options)
    {
        var sm = session.StreamManagement;
        switch (nonza.Name)
        {
            case "enable" when sm is null:
                Enable(session, nonza, resumable, options);
                break;
            case "r" when sm is not null:
                session.SendUnfiltered(new Element("a", StreamManagement.Ns).SetAttribute("h", sm.Handled.ToString(CultureInfo.InvariantCulture)));
                break;
            case "a" when sm is not null:
                var h = ParseH(nonza) ?? throw new StreamErrorException(StreamErrorCondition.BadFormat, "The 'h' attribute must be an unsigned 32-bit number.");
                if (!sm.Acknowledge(h, out var sent))
                {
                    throw TooHigh(h, sent);
                }

                break;
            default:
                // Enabling twice, resuming on a bound stream, or acknowledging before enabling.
                session.SendUnfiltered(Failed("unexpected-request"));
                break;
        }
    }

    private static void Enable(ClientSession session, Element enable, ResumableSessions resumable, ClientStreamOptions options)
    {
        var resume = enable.GetAttribute("resume") is "true" or "1";
        var sm = new StreamManagement(resume ? ResumableSessions.NewId() : null, options.MaxUnacked);
        var enabled = new Element("enabled", StreamManagement.Ns);
        if (resume)
        {
            enabled.SetAttribute("id", sm.ResumeId)
                .SetAttribute("resume", "true")
                .SetAttribute("max", ((int)options.ResumeTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }

        session.StreamManagement = sm;
        if (resume)
        {
            resumable.Add(session);
        }

        session.Outbox.TryEnableCounting(sm, enabled);
    }
}
