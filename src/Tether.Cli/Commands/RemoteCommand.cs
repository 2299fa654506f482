using System.CommandLine;
using Tether.Bridge.Worktrees;
using Tether.Cli.Commands.Sessions;
using Tether.Cli.Connection;
using Tether.Cli.Remote;
using Tether.Cli.Terminal;

namespace Tether.Cli.Commands;

/// <summary><c>tether remote "prompt"</c>: start a session on an environment with this prompt, then attach to it.</summary>
internal sealed class RemoteCommand : Command, IHandlesInterrupts
{
    private static readonly Argument<string> s_prompt = new("prompt") { Description = "The first prompt" };
    private static readonly Option<string?> s_env = new("--env") { Description = "Environment name or id (default: the only active one)" };
    private static readonly Option<string?> s_model = new("--model") { Description = "Model for the agent" };
    private static readonly Option<string?> s_permissionMode = new("--permission-mode")
    {
        Description = "Permission mode (default, acceptEdits, plan, bypassPermissions)",
    };

    private readonly CliHost _host;

    public RemoteCommand(CliHost host)
        : base("remote", "Start a session on an environment and attach to it")
    {
        _host = host;
        Arguments.Add(s_prompt);
        Options.Add(s_env);
        Options.Add(s_model);
        Options.Add(s_permissionMode);
        s_permissionMode.AcceptOnlyFromAmong("default", "acceptEdits", "plan", "bypassPermissions", "dontAsk");
        ConnectionOptions.AddTo(this);
        SetAction(RunAsync);
    }

    private Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        ClientCommandRunner.RunAsync(_host, parse, async clients =>
        {
            var prompt = parse.GetRequiredValue(s_prompt);
            if (string.IsNullOrWhiteSpace(prompt))
            {
                await _host.Error.WriteLineAsync("The prompt must not be empty.");
                return ExitCodes.Usage;
            }

            var environments = await EnvironmentNames.FetchAsync(clients, cancellationToken);
            if (!environments.Ok)
            {
                return await ApiFailure.ReportAsync(_host.Error, environments.Error, clients.Login);
            }

            var (environment, error) = await new EnvironmentChooser(_host).ChooseAsync(environments.Value.Environments, parse.GetValue(s_env), cancellationToken);
            if (environment is null)
            {
                await _host.Error.WriteLineAsync(error);
                return ExitCodes.Fatal;
            }

            var repository = await LocalRepository.DescribeAsync(new GitRunner(), _host.CurrentDirectory, cancellationToken);
            var request = RemoteSessionRequest.Build(prompt, environment.EnvironmentId, parse.GetValue(s_model), parse.GetValue(s_permissionMode), repository);
            var created = await clients.Sessions().CreateAsync(request, cancellationToken);
            if (!created.Ok)
            {
                return await ApiFailure.ReportAsync(_host.Error, created.Error, clients.Login);
            }

            await _host.Out.WriteLineAsync($"Started {created.Value.Id} on {environment.Name} ({environment.MachineName}).");
            return await AttachCommand.RunAsync(_host, clients, created.Value.Id, viewer: false, turnInFlight: true, cancellationToken);
        }, cancellationToken);
}
