using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Snikket.Acme;

/// <summary>
/// Builds the flattened JWS JSON serialization (RFC 7515 §7.2.2) that every ACME POST carries
/// (RFC 8555 §6.2): protected header with <c>alg</c>, <c>nonce</c>, <c>url</c> and either the
/// <c>jwk</c> (newAccount only) or the account's <c>kid</c>.
/// </summary>
public static class Jws
{
    /// <summary>
    /// The request body for <paramref name="url"/>. <paramref name="payloadJson"/> null means
    /// POST-as-GET (RFC 8555 §6.3: the payload is the empty string); <paramref name="kid"/> is the
    /// account URL, or null to send the key itself as <c>jwk</c>.
    /// </summary>
    public static byte[] Sign(AccountKey key, Uri url, string nonce, Uri? kid, string? payloadJson)
    {
        using var header = new MemoryStream();
        using (var writer = new Utf8JsonWriter(header))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", "ES256");
            if (kid is null)
            {
                writer.WritePropertyName("jwk");
                writer.WriteRawValue(key.JwkJson);
            }
            else
            {
                writer.WriteString("kid", kid.AbsoluteUri);
            }

            writer.WriteString("nonce", nonce);
            writer.WriteString("url", url.AbsoluteUri);
            writer.WriteEndObject();
        }

        var protectedPart = Base64Url.EncodeToString(header.ToArray());
        var payloadPart = payloadJson is null ? string.Empty : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadJson));
        var signature = key.Sign(Encoding.ASCII.GetBytes(protectedPart + "." + payloadPart));

        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("protected", protectedPart);
            writer.WriteString("payload", payloadPart);
            writer.WriteString("signature", Base64Url.EncodeToString(signature));
            writer.WriteEndObject();
        }

        return body.ToArray();
    }
}
