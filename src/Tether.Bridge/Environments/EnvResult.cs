using System.Diagnostics.CodeAnalysis;
using Tether.Bridge.Polling;

namespace Tether.Bridge.Environments;

/// <summary>The value of an Environments-API call, or its classified <see cref="PollError"/>.</summary>
internal readonly record struct EnvResult<T>(T? Value, PollError? Error)
{
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Ok => Error is null;

    public static EnvResult<T> Success(T value) => new(value, null);

    public static EnvResult<T> Failure(PollError error) => new(default, error);
}
