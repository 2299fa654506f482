using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Tether.Server;
using Tether.Server.Accounts;
using Tether.Server.Login;
using Tether.Server.Store;

namespace Tether.Cli.Commands.Admin;

/// <summary>
/// The store of a server's data directory, opened directly for <c>tether admin</c>. The stores come from the server's
/// own composition (<see cref="ServerComposition.AddTetherServer"/>), so they are built exactly as the server builds them.
/// </summary>
internal sealed class AdminContext : IAsyncDisposable
{
    public static readonly Option<string?> DataOption = new("--data")
    {
        Description = "The server's data directory (default: the user's data dir)",
        Recursive = true,
    };

    public static readonly Option<string?> DatabaseOption = new("--database")
    {
        Description = "sqlite:PATH (default: tether.db in the data dir) or a PostgreSQL connection string",
        Recursive = true,
    };

    private readonly ServiceProvider _services;

    private AdminContext(ServiceProvider services, TextWriter output, TextWriter error)
    {
        _services = services;
        Output = output;
        Error = error;
        Accounts = services.GetRequiredService<AccountStore>();
        LoginLinks = services.GetRequiredService<LoginLinkStore>();
        Bootstrap = services.GetRequiredService<OwnerBootstrap>();
    }

    public AccountStore Accounts { get; }

    public LoginLinkStore LoginLinks { get; }

    public OwnerBootstrap Bootstrap { get; }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>Opens the store and brings its schema up to date; null (with the message written) when the options are wrong.</summary>
    public static async Task<AdminContext?> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var dataDir = parse.GetValue(DataOption) ?? CliPaths.DefaultDataDirectory();
        var target = DatabaseTarget.SqliteIn(dataDir);
        if (parse.GetValue(DatabaseOption) is { } databaseValue && !DatabaseTarget.TryParse(databaseValue, dataDir, out target!, out var message))
        {
            await error.WriteLineAsync(message);
            return null;
        }

        if (target.Kind == StoreKind.Sqlite)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target.SqlitePath)!);
        }

        // Only the stores are resolved from this container; its hosted services are never started.
        var services = new ServiceCollection().AddLogging().AddTetherServer(new ServerOptions { DataDirectory = dataDir, Database = target })
            .BuildServiceProvider();
        try
        {
            await services.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken);
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }

        return new AdminContext(services, output, error);
    }

    /// <summary>The user with that email, or null with an error written.</summary>
    public async Task<UserRecord?> RequireUserAsync(string email, CancellationToken cancellationToken)
    {
        var user = await Accounts.FindUserByEmailAsync(email, cancellationToken);
        if (user is null)
        {
            await Error.WriteLineAsync($"Unknown user '{email}': see `tether admin users list`, or add it with `tether admin users add {email}`.");
        }

        return user;
    }

    /// <summary>The org a user acts in: <paramref name="orgId"/> if given (and the user is a member), else the user's only org.</summary>
    public async Task<string?> RequireOrgOfAsync(UserRecord user, string? orgId, CancellationToken cancellationToken)
    {
        var orgs = (await Accounts.ListMembersAsync(null, cancellationToken)).Where(m => m.UserId == user.Id).Select(m => m.OrgId).ToList();
        if (orgId is not null)
        {
            if (orgs.Contains(orgId))
            {
                return orgId;
            }

            await Error.WriteLineAsync($"{user.Email} is not a member of org '{orgId}': see `tether admin users list`.");
            return null;
        }

        if (orgs.Count == 1)
        {
            return orgs[0];
        }

        await Error.WriteLineAsync(orgs.Count == 0
            ? $"{user.Email} is not a member of any org: add it with `tether admin users add {user.Email} --org ORG_ID`."
            : $"{user.Email} is a member of several orgs ({string.Join(", ", orgs)}): pass --org.");
        return null;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
