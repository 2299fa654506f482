using System.Security.Cryptography;
using System.Text;

namespace Tether.Server.Accounts;

/// <summary>
/// Secrets are stored only as SHA-256 hashes. Tokens carry 256 random bits, so a fast unsalted hash is enough:
/// there is nothing to brute-force, and lookups stay one indexed equality.
/// </summary>
internal static class TokenHasher
{
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
