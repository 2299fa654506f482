using System.Runtime.InteropServices;

namespace Tether.Cli.Terminal;

/// <summary>SIGINT from the terminal; the default "terminate" is cancelled so the command decides what Ctrl+C means.</summary>
internal sealed class SignalInterruptSource : IInterruptSource
{
    public IDisposable Subscribe(Action onInterrupt) =>
        PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            onInterrupt();
        });
}
