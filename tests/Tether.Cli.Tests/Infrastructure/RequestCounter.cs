using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Tether.Cli.Tests.Infrastructure;

/// <summary>
/// Counts the requests one server (by port) receives, through ASP.NET Core's hosting diagnostics, so a test can prove a
/// client sent nothing without changing the server.
/// </summary>
internal sealed class RequestCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly int _port;
    private readonly IDisposable _allListeners;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Lock _lock = new();
    private readonly List<string> _requests = [];

    public RequestCounter(Uri server)
    {
        _port = server.Port;
        _allListeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public int Count(string method)
    {
        lock (_lock)
        {
            return _requests.Count(r => r.StartsWith(method + " ", StringComparison.Ordinal));
        }
    }

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == "Microsoft.AspNetCore")
        {
            lock (_lock)
            {
                _subscriptions.Add(listener.Subscribe(this, name => name == "Microsoft.AspNetCore.Hosting.BeginRequest"));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value?.GetType().GetProperty("httpContext")?.GetValue(value.Value) is HttpContext context && context.Connection.LocalPort == _port)
        {
            lock (_lock)
            {
                _requests.Add($"{context.Request.Method} {context.Request.Path}");
            }
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _allListeners.Dispose();
        lock (_lock)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
