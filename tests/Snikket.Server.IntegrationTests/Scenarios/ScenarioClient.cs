namespace Snikket.Server.IntegrationTests.Scenarios;

/// <summary>
/// A <c>[Client] Name</c> block of a scenario script: one connection, logged in as <see cref="Jid"/>.
/// Several clients may share an account (one per resource).
/// </summary>
/// <param name="Name">The name used in actions and variables (may contain spaces and apostrophes).</param>
/// <param name="Jid">The account's JID as written (<c>user@domain</c>, optionally with a resource).</param>
/// <param name="Password">The account's password.</param>
/// <param name="Resource">The resource to bind, from <c>resource:</c> or the JID; <see langword="null"/> lets the server choose.</param>
/// <param name="Line">Where the block starts, for messages.</param>
internal sealed record ScenarioClient(string Name, string Jid, string Password, string? Resource, int Line)
{
    /// <summary>The local part of <see cref="Jid"/>.</summary>
    public string Localpart => Jid[..Jid.IndexOf('@', StringComparison.Ordinal)];

    /// <summary>The domain part of <see cref="Jid"/>.</summary>
    public string Domain
    {
        get
        {
            var rest = Jid[(Jid.IndexOf('@', StringComparison.Ordinal) + 1)..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? rest : rest[..slash];
        }
    }

    /// <summary>The bare JID (<c>localpart@domain</c>).</summary>
    public string BareJid => Localpart + "@" + Domain;
}
