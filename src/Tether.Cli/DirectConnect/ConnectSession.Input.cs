using Tether.Cli.Conversation;

namespace Tether.Cli.DirectConnect;

/// <summary>Typed lines (prompts and permission answers) and Ctrl+C.</summary>
internal sealed partial class ConnectSession
{
    private async Task ReadInputAsync(CancellationToken cancellationToken)
    {
        while (await host.In.ReadLineAsync(cancellationToken) is { } raw)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line is "/quit" or "/exit")
            {
                _exit.TrySetResult(ExitCodes.Ok);
                return;
            }

            if (_prompts.TryPeekOldest(out var requestId, out var request))
            {
                if (PermissionAnswers.Parse(line) is not { } choice)
                {
                    _renderer.Notice($"Answer the permission prompt first: {PermissionAnswers.Hint}");
                    continue;
                }

                _prompts.Remove(requestId);
                await SendAsync(ClientMessages.PermissionResponse(requestId, choice, request, uuid: null), cancellationToken);
                _renderer.Notice(choice == PermissionChoice.Deny ? "Denied." : "Allowed.");
                continue;
            }

            if (!host.InputIsTerminal)
            {
                _renderer.UserPrompt(line);
            }

            _turnInFlight = true;
            await SendAsync(ClientMessages.User(line, Guid.NewGuid().ToString(), ""), cancellationToken);
        }

        _exitWhenIdle = true;
        if (!_turnInFlight)
        {
            _exit.TrySetResult(ExitCodes.Ok);
        }
    }

    private async Task HandleInterruptsAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? last = null;
        await foreach (var at in _interrupts.Reader.ReadAllAsync(cancellationToken))
        {
            if (last is { } previous && at - previous <= TimeSpan.FromSeconds(2))
            {
                _exit.TrySetResult(ExitCodes.Ok);
                return;
            }

            last = at;
            await SendAsync(ClientMessages.ControlRequest(Guid.NewGuid().ToString(), "interrupt"), cancellationToken);
            _renderer.Notice("Interrupt sent. Press Ctrl+C again within 2 s to exit.");
        }
    }
}
