using System.Security.Cryptography;

namespace Tether.Server.Login;

/// <summary>
/// The code a user types on the approval page: 8 letters as <c>BCDF-GHJK</c>. Consonants only (RFC 8628 §6.1): no
/// 0/O or 1/I/L confusion, no vowels so no words, and case-insensitive input.
/// </summary>
internal static class UserCode
{
    private const string Alphabet = "BCDFGHJKLMNPQRSTVWXZ";
    private const int Length = 8;

    public static string New()
    {
        Span<char> chars = stackalloc char[Length + 1];
        for (var i = 0; i < Length; i++)
        {
            chars[i < 4 ? i : i + 1] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        chars[4] = '-';
        return new string(chars);
    }

    /// <summary>Accepts any case, with or without the dash and spaces; false for anything that cannot be a code.</summary>
    public static bool TryNormalize(string? input, out string code)
    {
        code = "";
        if (input is null)
        {
            return false;
        }

        var letters = new string([.. input.Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant)]);
        if (letters.Length != Length || letters.Any(c => !Alphabet.Contains(c)))
        {
            return false;
        }

        code = $"{letters[..4]}-{letters[4..]}";
        return true;
    }
}
