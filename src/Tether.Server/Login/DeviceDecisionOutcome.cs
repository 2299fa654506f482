namespace Tether.Server.Login;

/// <summary>Result of approving or denying a user code.</summary>
internal enum DeviceDecisionOutcome
{
    Decided,
    NotFound,
    Expired,
    AlreadyDecided,
}
