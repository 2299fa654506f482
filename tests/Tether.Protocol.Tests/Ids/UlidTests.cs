using Tether.Protocol.Ids;

namespace Tether.Protocol.Tests.Ids;

public sealed class UlidTests
{
    private sealed class FrozenClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    }

    [Fact]
    public void Ids_made_in_the_same_millisecond_sort_in_the_order_they_were_made()
    {
        var clock = new FrozenClock();

        var ids = Enumerable.Range(0, 1000).Select(_ => Ulid.New(clock)).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(1000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(26, id.Length));
    }

    [Fact]
    public void Session_bodies_are_path_safe_and_have_no_underscore()
    {
        var body = SessionIds.NewBody(TimeProvider.System);

        Assert.True(PathSafeId.IsValid(body));
        Assert.DoesNotContain('_', body);
        Assert.True(SessionIds.TryGetBody(SessionIds.ToInfra(body), out var fromInfra));
        Assert.Equal(body, fromInfra);
        Assert.True(SessionIds.Same(SessionIds.ToCompat(body), SessionIds.ToInfra(body)));
    }
}
