using Snikket.Xmpp;

namespace Snikket.Server.Sessions;

/// <summary>
/// A session ended with stanzas it never received or never acknowledged (XEP-0198 §4): queued
/// when the connection died, or sent but unacknowledged. Offline storage takes the messages that
/// need it; the core has already bounced the IQ requests.
/// </summary>
internal sealed record UndeliveredStanzas(ClientSession Session, IReadOnlyList<Element> Stanzas);
