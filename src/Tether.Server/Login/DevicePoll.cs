namespace Tether.Server.Login;

/// <summary>One poll's answer; <see cref="Record"/> is set when the code exists.</summary>
internal sealed record DevicePoll(DevicePollStatus Status, DeviceCodeRecord? Record, int IntervalSeconds);
