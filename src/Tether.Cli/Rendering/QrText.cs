using QRCoder;

namespace Tether.Cli.Rendering;

/// <summary>QR codes as text, for phones to scan off the terminal.</summary>
internal static class QrText
{
    /// <summary>Half-block characters: two modules per character row, so the code stays small.</summary>
    public static string Render(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.L);
        using var code = new AsciiQRCode(data);
        return code.GetGraphicSmall(drawQuietZones: true, invert: false, endOfLine: Environment.NewLine);
    }

    /// <summary>Only real terminals get a QR code; redirected output would carry a wall of block characters.</summary>
    public static bool IsTerminal(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
}
