namespace Tether.Server.Store;

/// <summary>The store cannot be opened or brought up to date; the message says why and what to do.</summary>
public sealed class StoreStartupException(string message, Exception inner) : Exception(message, inner);
