using System.Formats.Tar;
using System.Net;
using Snikket.Acme;
using Snikket.Installer.Docker;

namespace Snikket.Installer.Stack;

/// <summary>
/// The certificate service's last report (<c>certs/status.json</c> in the data volume) for
/// <c>snikket status</c>, fetched from a container of the stack through the Engine API's archive
/// call: the host has no path into the volume.
/// </summary>
internal static class CertificateReport
{
    /// <summary>The status file inside the containers that mount the data volume.</summary>
    public const string StatusPath = "/snikket/certs/status.json";

    /// <summary>The status file is a few hundred bytes; anything far larger is not ours to parse.</summary>
    private const long MaxBytes = 64 * 1024;

    /// <summary>One line saying what the certificate service last reported, or why there is nothing to say.</summary>
    public static async Task<string> DescribeAsync(DockerClient docker, string containerId, CancellationToken ct)
    {
        var archive = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(archive))
            {
                await docker.GetArchiveAsync(containerId, StatusPath, file, ct);
            }

            await using var input = File.OpenRead(archive);
            return await ReadAsync(input, ct) is { } status
                ? status.Describe()
                : $"{StatusPath} cannot be read as a status report; `snikket logs certs` shows what the service does.";
        }
        catch (DockerApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return "not obtained yet: the certificate service has not reported (see `snikket logs certs`).";
        }
        finally
        {
            File.Delete(archive);
        }
    }

    /// <summary>The status in a tar holding the one status file (what the archive call returns); null when there is none or it is too large.</summary>
    public static async Task<CertificateStatus?> ReadAsync(Stream tar, CancellationToken ct)
    {
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
            {
                continue;
            }

            if (entry.Length > MaxBytes)
            {
                return null;
            }

            using var text = new StreamReader(entry.DataStream);
            return CertificateStatus.TryParse(await text.ReadToEndAsync(ct));
        }

        return null;
    }
}
