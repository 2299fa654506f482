using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tether.Server;
using Tether.Server.Environments;
using Tether.Server.Http;
using Tether.Server.Store;

namespace Tether.Bench.Hosting;

/// <summary>Builds and starts a bench server (in this process): Tether with the bench's owner token, or the baseline.</summary>
internal static class ServeHost
{
    public const string StatsPath = "/__bench/stats";

    public static async Task<WebApplication> StartAsync(ServerSpec spec, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(spec.DataDirectory);
        var app = spec.Kind == ServerKind.Tether ? BuildTether(spec) : BuildBaseline();
        var stages = spec.Kind == ServerKind.Tether ? new StageRecorder(app.Services.GetRequiredService<IMeterFactory>()) : null;
        if (stages is not null)
        {
            app.Lifetime.ApplicationStopped.Register(stages.Dispose);
        }

        app.MapGet(StatsPath, (HttpContext context) =>
        {
            var stats = ServerStats.Capture(collect: context.Request.Query["gc"] == "1") with { Stages = stages?.Take() };
            return Results.Text(JsonSerializer.Serialize(stats, BenchJsonContext.Default.ServerStats), "application/json");
        });
        await app.StartAsync(cancellationToken);
        return app;
    }

    private static WebApplication BuildTether(ServerSpec spec)
    {
        DatabaseTarget? database = null;
        if (spec.Database is not null && !DatabaseTarget.TryParse(spec.Database, spec.DataDirectory, out database, out var error))
        {
            throw new ArgumentException(error);
        }

        var options = new ServerOptions
        {
            DataDirectory = spec.DataDirectory,
            Database = database,
            Urls = ["http://127.0.0.1:0"],
            BootstrapToken = ServerSpec.OwnerToken,
            RateLimits = new RateLimitOptions { Enabled = spec.RateLimits },
            Environments = spec.PollHoldMs is { } hold ? new EnvironmentOptions { PollHold = TimeSpan.FromMilliseconds(hold) } : new EnvironmentOptions(),
        };
        return ServerApp.Build(options, builder => QuietLogging(builder.Logging));
    }

    private static WebApplication BuildBaseline()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        QuietLogging(builder.Logging);
        var app = builder.Build();
        new BaselineRelay().Map(app);
        return app;
    }

    /// <summary>Warnings and errors only, on stderr: stdout of a child server carries only its READY line.</summary>
    private static void QuietLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Warning);
    }
}
