namespace Snikket.AdminApi;

/// <summary>Accounts with a client connected within the last day, week and 30 days.</summary>
public sealed record ActiveUsers(int Active1d, int Active7d, int Active30d);
