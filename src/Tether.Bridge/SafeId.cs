namespace Tether.Bridge;

/// <summary>Turns a server id into a file-name and branch-name safe token (reference §7.4).</summary>
internal static class SafeId
{
    /// <summary>Replaces every character outside <c>[A-Za-z0-9_-]</c> with <c>_</c>.</summary>
    public static string From(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return string.Create(id.Length, id, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_';
            }
        });
    }
}
