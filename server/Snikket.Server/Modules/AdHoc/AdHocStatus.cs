namespace Snikket.Server.Modules.AdHoc;

/// <summary>XEP-0050 §3.4 command status.</summary>
internal enum AdHocStatus
{
    Executing,
    Completed,
    Canceled,
}
