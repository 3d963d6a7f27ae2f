namespace Snikket.Server.Modules.Invites;

/// <summary>The stored and displayed text of <see cref="InviteKind"/>.</summary>
internal static class InviteKinds
{
    public static string ToText(this InviteKind kind) => kind switch
    {
        InviteKind.Group => "group",
        InviteKind.Reset => "reset",
        InviteKind.Contact => "contact",
        _ => "account",
    };

    public static InviteKind FromText(string text) => text switch
    {
        "group" => InviteKind.Group,
        "reset" => InviteKind.Reset,
        "contact" => InviteKind.Contact,
        _ => InviteKind.Account,
    };
}
