using Tether.Server.Login;

namespace Tether.Server.Tests.Auth;

public sealed class UserCodeTests
{
    [Fact]
    public void New_codes_are_two_groups_of_four_unambiguous_letters()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => UserCode.New()).ToList();

        Assert.All(codes, c => Assert.Matches("^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$", c));
        Assert.True(codes.Distinct().Count() > 190);
    }

    [Theory]
    [InlineData("bcdf-ghjk", "BCDF-GHJK")]
    [InlineData("BCDFGHJK", "BCDF-GHJK")]
    [InlineData(" bcdf ghjk ", "BCDF-GHJK")]
    public void Typed_codes_normalize(string typed, string expected)
    {
        Assert.True(UserCode.TryNormalize(typed, out var code));
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData("BCDF-GHJ")]
    [InlineData("BCDF-GHJKL")]
    [InlineData("ABCD-EFGH")]
    [InlineData("B0DF-GHJK")]
    [InlineData(null)]
    public void Malformed_codes_are_refused(string? typed) => Assert.False(UserCode.TryNormalize(typed, out _));
}
