using QRCoder;

namespace Tether.Cli.Rendering;

/// <summary>Renders a URL as a QR code made of Unicode half blocks, small enough for a terminal.</summary>
internal static class TerminalQr
{
    public static string Render(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.L);
        using var code = new AsciiQRCode(data);
        return code.GetGraphicSmall();
    }
}
