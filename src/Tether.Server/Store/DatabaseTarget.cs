namespace Tether.Server.Store;

/// <summary>Where the store lives: <c>sqlite:PATH</c>, or a PostgreSQL connection string (<c>Host=…;Database=…</c>).</summary>
public sealed record DatabaseTarget(StoreKind Kind, string ConnectionString, string? SqlitePath)
{
    /// <summary>The default: <c>tether.db</c> in the data directory.</summary>
    public static DatabaseTarget SqliteIn(string dataDirectory) => ForSqlite(Path.Combine(dataDirectory, "tether.db"));

    /// <summary>Parses a <c>--database</c> value; returns an error message for anything else.</summary>
    public static bool TryParse(string value, string dataDirectory, out DatabaseTarget? target, out string? error)
    {
        target = null;
        error = null;
        if (value.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = value["sqlite:".Length..];
            if (path.Length == 0)
            {
                error = "sqlite: needs a file path, for example sqlite:/var/lib/tether/tether.db";
                return false;
            }

            target = ForSqlite(Path.IsPathRooted(path) ? path : Path.Combine(dataDirectory, path));
            return true;
        }

        if (value.Contains("Host=", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
        {
            target = new DatabaseTarget(StoreKind.Postgres, ToNpgsql(value), null);
            return true;
        }

        error = $"--database must be sqlite:PATH or a PostgreSQL connection string (Host=…;Database=…), got '{value}'";
        return false;
    }

    private static DatabaseTarget ForSqlite(string path)
    {
        var full = Path.GetFullPath(path);
        // Default Timeout makes a busy database wait (and retry) instead of failing at once.
        return new DatabaseTarget(StoreKind.Sqlite, $"Data Source={full};Pooling=True;Default Timeout=30", full);
    }

    private static string ToNpgsql(string value)
    {
        if (!value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }

        var uri = new Uri(value);
        var userInfo = uri.UserInfo.Split(':', 2);
        var parts = new List<string> { $"Host={uri.Host}", $"Database={uri.AbsolutePath.TrimStart('/')}" };
        if (uri.Port > 0)
        {
            parts.Add($"Port={uri.Port}");
        }

        if (userInfo[0].Length > 0)
        {
            parts.Add($"Username={Uri.UnescapeDataString(userInfo[0])}");
        }

        if (userInfo.Length > 1)
        {
            parts.Add($"Password={Uri.UnescapeDataString(userInfo[1])}");
        }

        return string.Join(';', parts);
    }
}
