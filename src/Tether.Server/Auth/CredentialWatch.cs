using System.Collections.Concurrent;

namespace Tether.Server.Auth;

/// <summary>
/// Lets long-lived streams end the moment their credential stops being valid. Each open stream holds a lease on its
/// credential's token; <see cref="Revoke"/> (called where tokens are revoked) cancels it at once on this node, and
/// <see cref="CredentialRecheck"/> catches expiry and revocations made through other nodes.
/// </summary>
internal sealed class CredentialWatch
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public Lease Watch(string credentialId)
    {
        var entry = _entries.AddOrUpdate(credentialId, _ => new Entry(), (_, existing) => existing.Retain());
        return new Lease(this, credentialId, entry);
    }

    public IReadOnlyList<string> WatchedCredentials() => [.. _entries.Keys];

    public void Revoke(string credentialId)
    {
        if (_entries.TryGetValue(credentialId, out var entry))
        {
            entry.Revoked.Cancel();
        }
    }

    private void Release(string credentialId, Entry entry)
    {
        if (entry.Release() == 0)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(credentialId, entry));
            entry.Revoked.Dispose();
        }
    }

    /// <summary>A stream's hold on its credential; dispose it when the stream ends.</summary>
    public sealed class Lease(CredentialWatch owner, string credentialId, Entry entry) : IDisposable
    {
        private int _disposed;

        /// <summary>Cancelled when the credential is revoked or expires.</summary>
        public CancellationToken Revoked => entry.Revoked.Token;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(credentialId, entry);
            }
        }
    }

    /// <summary>One credential's cancellation source, shared by all its streams.</summary>
    public sealed class Entry
    {
        private int _holders = 1;

        public CancellationTokenSource Revoked { get; } = new();

        public Entry Retain()
        {
            Interlocked.Increment(ref _holders);
            return this;
        }

        public int Release() => Interlocked.Decrement(ref _holders);
    }
}
