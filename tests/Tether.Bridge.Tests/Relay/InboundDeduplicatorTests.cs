using Tether.Bridge.Relay;

namespace Tether.Bridge.Tests.Relay;

public sealed class InboundDeduplicatorTests
{
    [Fact]
    public void Lets_each_uuid_through_once()
    {
        var dedup = new InboundDeduplicator();

        Assert.True(dedup.TryMarkSeen("a"));
        Assert.True(dedup.TryMarkSeen("b"));
        Assert.False(dedup.TryMarkSeen("a"));
        Assert.False(dedup.TryMarkSeen("b"));
        Assert.True(dedup.Contains("a"));
    }

    [Fact]
    public void Forgets_the_oldest_beyond_capacity()
    {
        var dedup = new InboundDeduplicator();
        for (var i = 0; i < InboundDeduplicator.DefaultCapacity; i++)
        {
            Assert.True(dedup.TryMarkSeen($"u{i}"));
        }

        Assert.False(dedup.TryMarkSeen("u0"));
        Assert.True(dedup.TryMarkSeen("new"));

        Assert.False(dedup.Contains("u0"));
        Assert.True(dedup.Contains("u1"));
        Assert.True(dedup.TryMarkSeen("u0"));
        Assert.False(dedup.Contains("u1"));
    }

    [Fact]
    public void Clear_forgets_everything()
    {
        var dedup = new InboundDeduplicator(4);
        dedup.TryMarkSeen("a");

        dedup.Clear();

        Assert.True(dedup.TryMarkSeen("a"));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_the_same_uuid_pass_once()
    {
        var dedup = new InboundDeduplicator();
        var passed = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                if (dedup.TryMarkSeen($"m{i}"))
                {
                    Interlocked.Increment(ref passed);
                }
            }
        })));

        Assert.Equal(500, passed);
    }
}
