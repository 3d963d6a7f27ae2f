namespace Snikket.Installer.Backups;

/// <summary>
/// <c>manifest.json</c> of a <c>snikket backup</c> archive: when and from what it was taken, the
/// SHA-256 of each part (checked before a restore touches anything) and the accounts it holds (checked after).
/// </summary>
internal sealed record BackupManifest(int Format, DateTimeOffset Created, string Project, string ServerImage, IReadOnlyDictionary<string, string> Sha256, IReadOnlyList<string> Accounts)
{
    public const int CurrentFormat = 1;
    public const string FileName = "manifest.json";
    public const string DatabaseFile = "database.sql";
    public const string DataFile = "data.tar";
}
