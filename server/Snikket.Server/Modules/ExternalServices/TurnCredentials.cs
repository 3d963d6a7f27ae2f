using System.Globalization;
using Snikket.Server.Turn;

namespace Snikket.Server.Modules.ExternalServices;

/// <summary>
/// Time-limited TURN credentials in the TURN REST scheme (draft-uberti-behave-turn-rest-00 §2.2),
/// which coturn checks with <c>use-auth-secret</c>: the username is the expiry as Unix time, a colon
/// and the account's localpart (so coturn's log names the account); the password is
/// base64(HMAC-SHA1(secret, username)). Nothing is stored: coturn recomputes the password.
/// </summary>
internal sealed record TurnCredentials(string Username, string Password, DateTimeOffset Expires)
{
    public static TurnCredentials For(string localpart, DateTimeOffset now, TimeSpan lifetime, string secret)
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds(now.Add(lifetime).ToUnixTimeSeconds());
        var username = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + localpart;
        return new TurnCredentials(username, TurnSecret.Password(secret, username), expires);
    }
}
