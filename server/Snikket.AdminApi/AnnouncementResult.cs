namespace Snikket.AdminApi;

/// <summary>How many accounts an announcement was addressed to.</summary>
public sealed record AnnouncementResult(int Recipients);
