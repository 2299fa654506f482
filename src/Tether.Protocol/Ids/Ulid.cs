using System.Security.Cryptography;

namespace Tether.Protocol.Ids;

/// <summary>Time-ordered 128-bit identifiers in Crockford base32 (48-bit millisecond time, 80 random bits).</summary>
public static class Ulid
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    // Monotonic within a millisecond (the ULID spec's rule): ids made in one process sort in the order they were made,
    // which lists and cursors rely on. This is the one piece of shared state, guarded by its lock.
    private static readonly Lock s_gate = new();
    private static readonly byte[] s_last = new byte[16];

    /// <summary>A new 26-character identifier, greater than every earlier one from this process.</summary>
    public static string New(TimeProvider timeProvider)
    {
        Span<byte> bytes = stackalloc byte[16];
        var ms = (ulong)timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)(ms & 0xFF);
            ms >>= 8;
        }

        RandomNumberGenerator.Fill(bytes[6..]);
        lock (s_gate)
        {
            if (bytes[..6].SequenceCompareTo(s_last.AsSpan(0, 6)) <= 0)
            {
                // Same (or an earlier, if the clock stepped back) millisecond: continue from the last id plus one.
                s_last.CopyTo(bytes);
                for (var i = 15; i >= 6 && ++bytes[i] == 0; i--)
                {
                }
            }

            bytes.CopyTo(s_last);
        }

        return Encode(bytes);
    }

    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[26];
        var value = new UInt128(
            ((ulong)bytes[0] << 56) | ((ulong)bytes[1] << 48) | ((ulong)bytes[2] << 40) | ((ulong)bytes[3] << 32)
            | ((ulong)bytes[4] << 24) | ((ulong)bytes[5] << 16) | ((ulong)bytes[6] << 8) | bytes[7],
            ((ulong)bytes[8] << 56) | ((ulong)bytes[9] << 48) | ((ulong)bytes[10] << 40) | ((ulong)bytes[11] << 32)
            | ((ulong)bytes[12] << 24) | ((ulong)bytes[13] << 16) | ((ulong)bytes[14] << 8) | bytes[15]);
        for (var i = 25; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }

        return new string(chars);
    }
}
