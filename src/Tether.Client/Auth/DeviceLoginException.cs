namespace Tether.Client.Auth;

/// <summary>The server refused to start a device login, or answered something that is not the protocol.</summary>
public sealed class DeviceLoginException(string message, Exception? inner = null) : Exception(message, inner);
