using System.Net;

namespace Snikket.Server.Turn;

/// <summary>
/// One network a TURN client may not relay to (coturn <c>denied-peer-ip</c>), with the reason.
/// Written as CIDR here for people; coturn 4.6 takes only first-last ranges, see <see cref="First"/>
/// and <see cref="Last"/>.
/// </summary>
internal sealed record DeniedPeerRange(IPNetwork Network, string Reason)
{
    /// <summary>
    /// The network's first address, except that 0.0.0.0 becomes 0.0.0.1: coturn 4.6.1 treats an
    /// all-zero bound as open, which would stretch the range over other address families. coturn
    /// refuses 0.0.0.0 itself, as a loopback peer.
    /// </summary>
    public IPAddress First
    {
        get
        {
            var bytes = Network.BaseAddress.GetAddressBytes();
            if (bytes.All(b => b == 0))
            {
                bytes[^1] = 1;
            }

            return new IPAddress(bytes);
        }
    }

    public IPAddress Last
    {
        get
        {
            var bytes = Network.BaseAddress.GetAddressBytes();
            for (var bit = Network.PrefixLength; bit < bytes.Length * 8; bit++)
            {
                bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
            }

            return new IPAddress(bytes);
        }
    }
}
