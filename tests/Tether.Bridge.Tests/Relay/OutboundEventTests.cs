using Tether.Bridge.Relay;

namespace Tether.Bridge.Tests.Relay;

public sealed class OutboundEventTests
{
    [Theory]
    [InlineData("{\"type\":\"stream_event\",\"event\":{}}", "stream_event", true)]
    [InlineData("{\"uuid\":\"u\",\"message\":{\"type\":\"nested\"},\"type\":\"assistant\"}", "assistant", false)]
    [InlineData("{\"type\":5}", null, false)]
    [InlineData("{}", null, false)]
    [InlineData("[\"type\"]", null, false)]
    [InlineData("not json", null, false)]
    [InlineData("{\"type\":\"é\"}", "é", false)]
    public void Reads_the_top_level_type(string json, string? type, bool isStream)
    {
        var outbound = OutboundEvent.Create(json);

        Assert.Equal(type, outbound.Type);
        Assert.Equal(isStream, outbound.IsStreamEvent);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(json), outbound.ByteCount);
    }
}
