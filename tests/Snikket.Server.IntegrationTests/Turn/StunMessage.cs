using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Snikket.Server.IntegrationTests.Turn;

/// <summary>
/// A STUN message (RFC 8489 §5): the 20-byte header and type-length-value attributes, enough of it
/// to speak TURN (RFC 8656) to coturn with long-term credentials (RFC 8489 §9.2).
/// </summary>
internal sealed class StunMessage
{
    public const uint MagicCookie = 0x2112A442;

    public const ushort Binding = 0x0001;
    public const ushort Allocate = 0x0003;
    public const ushort Refresh = 0x0004;
    public const ushort CreatePermission = 0x0008;

    public const ushort Username = 0x0006;
    public const ushort MessageIntegrity = 0x0008;
    public const ushort ErrorCode = 0x0009;
    public const ushort Lifetime = 0x000D;
    public const ushort XorPeerAddress = 0x0012;
    public const ushort Realm = 0x0014;
    public const ushort Nonce = 0x0015;
    public const ushort XorRelayedAddress = 0x0016;
    public const ushort RequestedAddressFamily = 0x0017;
    public const ushort RequestedTransport = 0x0019;
    public const ushort XorMappedAddress = 0x0020;

    private StunMessage(ushort type, byte[] transactionId, List<(ushort Type, byte[] Value)> attributes)
    {
        Type = type;
        TransactionId = transactionId;
        Attributes = attributes;
    }

    public ushort Type { get; }

    /// <summary>The method without the class bits (RFC 8489 §5, Figure 3).</summary>
    public ushort Method => (ushort)(Type & 0x3EEF);

    public bool IsSuccess => (Type & 0x0110) == 0x0100;

    public bool IsError => (Type & 0x0110) == 0x0110;

    public byte[] TransactionId { get; }

    public List<(ushort Type, byte[] Value)> Attributes { get; }

    /// <summary>RFC 8489 §14.8: class times 100 plus number, or 0 when there is no ERROR-CODE.</summary>
    public int Error => Attribute(ErrorCode) is { } value ? (value[2] & 0x07) * 100 + value[3] : 0;

    /// <summary>The ERROR-CODE reason phrase, for failure messages.</summary>
    public string Reason => Attribute(ErrorCode) is { } value ? Encoding.UTF8.GetString(value.AsSpan(4)) : string.Empty;

    public static StunMessage Request(ushort method) => new(method, RandomNumberGenerator.GetBytes(12), []);

    public StunMessage Add(ushort type, byte[] value)
    {
        Attributes.Add((type, value));
        return this;
    }

    public StunMessage Add(ushort type, string value) => Add(type, Encoding.UTF8.GetBytes(value));

    public byte[]? Attribute(ushort type) => Attributes.FirstOrDefault(a => a.Type == type).Value;

    public string? Text(ushort type) => Attribute(type) is { } value ? Encoding.UTF8.GetString(value) : null;

    /// <summary>REQUESTED-TRANSPORT (RFC 8656 §18.7): UDP, the only relay the appliance allows.</summary>
    public static byte[] Udp() => [17, 0, 0, 0];

    /// <summary>REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.1): an IPv6 relay.</summary>
    public static byte[] Ipv6() => [2, 0, 0, 0];

    /// <summary>An XOR-…-ADDRESS value (RFC 8489 §14.2) for an IPv4 or IPv6 peer.</summary>
    public byte[] XorAddress(IPEndPoint endPoint)
    {
        var address = endPoint.Address.GetAddressBytes();
        var value = new byte[4 + address.Length];
        value[1] = address.Length == 4 ? (byte)1 : (byte)2;
        BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(2), (ushort)(endPoint.Port ^ (MagicCookie >> 16)));
        var mask = Mask();
        for (var i = 0; i < address.Length; i++)
        {
            value[4 + i] = (byte)(address[i] ^ mask[i]);
        }

        return value;
    }

    public IPEndPoint? ReadXorAddress(ushort type)
    {
        if (Attribute(type) is not { } value)
        {
            return null;
        }

        var port = BinaryPrimitives.ReadUInt16BigEndian(value.AsSpan(2)) ^ (int)(MagicCookie >> 16);
        var mask = Mask();
        var address = new byte[value.Length - 4];
        for (var i = 0; i < address.Length; i++)
        {
            address[i] = (byte)(value[4 + i] ^ mask[i]);
        }

        return new IPEndPoint(new IPAddress(address), port);
    }

    /// <summary>The bytes on the wire; with a key, MESSAGE-INTEGRITY (RFC 8489 §14.5) comes last.</summary>
    [SuppressMessage("Security", "CA5350:Do not use weak cryptographic algorithms", Justification = "MESSAGE-INTEGRITY is HMAC-SHA1 by definition (RFC 8489 §14.5).")]
    public byte[] Encode(byte[]? key = null)
    {
        using var body = new MemoryStream();
        foreach (var (type, value) in Attributes)
        {
            WriteAttribute(body, type, value);
        }

        var length = (int)body.Length + (key is null ? 0 : 24);
        var message = new byte[20 + length];
        BinaryPrimitives.WriteUInt16BigEndian(message, Type);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), (ushort)length);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), MagicCookie);
        TransactionId.CopyTo(message, 8);
        body.ToArray().CopyTo(message, 20);
        if (key is not null)
        {
            var offset = 20 + (int)body.Length;
            var hmac = HMACSHA1.HashData(key, message.AsSpan(0, offset));
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(offset), MessageIntegrity);
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(offset + 2), 20);
            hmac.CopyTo(message, offset + 4);
        }

        return message;
    }

    public static StunMessage Decode(ReadOnlySpan<byte> bytes)
    {
        var type = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
        var attributes = new List<(ushort, byte[])>();
        var offset = 20;
        while (offset + 4 <= 20 + length)
        {
            var attributeType = BinaryPrimitives.ReadUInt16BigEndian(bytes[offset..]);
            var attributeLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[(offset + 2)..]);
            attributes.Add((attributeType, bytes.Slice(offset + 4, attributeLength).ToArray()));
            offset += 4 + ((attributeLength + 3) & ~3);
        }

        return new StunMessage(type, bytes.Slice(8, 12).ToArray(), attributes);
    }

    /// <summary>The long-term credential key (RFC 8489 §9.2.2): MD5(username:realm:password).</summary>
    [SuppressMessage("Security", "CA5351:Do not use broken cryptographic algorithms", Justification = "RFC 8489 §9.2.2 defines the long-term key as MD5; coturn uses nothing else.")]
    public static byte[] LongTermKey(string username, string realm, string password) =>
        MD5.HashData(Encoding.UTF8.GetBytes($"{username}:{realm}:{password}"));

    private byte[] Mask()
    {
        var mask = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, MagicCookie);
        TransactionId.CopyTo(mask, 4);
        return mask;
    }

    private static void WriteAttribute(MemoryStream stream, ushort type, byte[] value)
    {
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(header, type);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)value.Length);
        stream.Write(header);
        stream.Write(value);
        stream.Write(new byte[(4 - (value.Length % 4)) % 4]);
    }
}
