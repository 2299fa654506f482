namespace Tether.Bridge.Credentials;

/// <summary>One refresh attempt: the token generation it was started for, and its number within that generation (from 1).</summary>
internal readonly record struct RefreshTicket(long Generation, int Attempt);
