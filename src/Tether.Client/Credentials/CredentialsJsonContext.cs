using System.Text.Json.Serialization;

namespace Tether.Client.Credentials;

/// <summary>Source-generated JSON for <c>credentials.json</c>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(CredentialsFile))]
internal sealed partial class CredentialsJsonContext : JsonSerializerContext;
