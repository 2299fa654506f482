namespace Tether.Protocol.Ids;

/// <summary>The path-safe id charset <c>^[A-Za-z0-9_-]+$</c>, shared by every id that may appear in a URL path.</summary>
public static class PathSafeId
{
    /// <summary>The longest id accepted anywhere.</summary>
    public const int MaxLength = 128;

    /// <summary>True when <paramref name="id"/> is non-empty, at most <see cref="MaxLength"/> long and path-safe.</summary>
    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
