using QRCoder;

namespace Snikket.Portal.Invites;

/// <summary>
/// QR codes rendered on the server as SVG (QRCoder), put in the page as a <c>data:</c> image: no
/// script, no request to anyone, and the CSP's <c>img-src 'self' data:</c> allows it.
/// </summary>
public static class QrCodes
{
    public static string SvgDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(8);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
    }
}
