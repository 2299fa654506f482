namespace Tether.Server.Environments;

/// <summary>Reads bridge versions such as <c>2.1.3</c> or <c>2.1.3-beta.1</c> (the pre-release suffix is ignored).</summary>
internal static class BridgeVersion
{
    public static bool TryParse(string? value, out Version version)
    {
        version = new Version(0, 0, 0);
        if (string.IsNullOrWhiteSpace(value) || value.Length > 64)
        {
            return false;
        }

        var core = value.Trim().TrimStart('v').Split('-', '+')[0];
        var parts = core.Split('.');
        if (parts.Length is < 1 or > 4)
        {
            return false;
        }

        var numbers = new int[3];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            if (i < 3)
            {
                numbers[i] = n;
            }
        }

        version = new Version(numbers[0], numbers[1], numbers[2]);
        return true;
    }
}
