using System.Formats.Tar;
using System.Text;
using Snikket.Acme;
using Snikket.Installer.Stack;

namespace Snikket.Installer.Tests.Stack;

public sealed class CertificateReportTests
{
    [Fact]
    public async Task The_status_file_in_the_archive_is_read()
    {
        var status = new CertificateStatus
        {
            State = CertificateState.Valid,
            Names = ["chat.example.org", "groups.chat.example.org", "share.chat.example.org"],
            CertificatePath = "/snikket/certs/chat.example.org.crt",
            NotAfter = DateTimeOffset.Parse("2027-02-20T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            NextAttempt = DateTimeOffset.Parse("2027-01-21T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        var directory = Directory.CreateTempSubdirectory("snikket-report-");
        try
        {
            var path = Path.Combine(directory.FullName, "status.json");
            status.Write(path);

            var read = await CertificateReport.ReadAsync(await TarOfAsync("status.json", await File.ReadAllBytesAsync(path)), CancellationToken.None);

            Assert.NotNull(read);
            Assert.Equal(status.Describe(), read.Describe());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_file_that_is_not_a_status_gives_none()
    {
        Assert.Null(await CertificateReport.ReadAsync(await TarOfAsync("status.json", Encoding.UTF8.GetBytes("<html>not json</html>")), CancellationToken.None));
    }

    [Fact]
    public async Task An_oversized_file_is_not_parsed()
    {
        var huge = Encoding.UTF8.GetBytes("{\"state\":\"valid\",\"padding\":\"" + new string('x', 100_000) + "\"}");

        Assert.Null(await CertificateReport.ReadAsync(await TarOfAsync("status.json", huge), CancellationToken.None));
    }

    [Fact]
    public async Task An_archive_without_a_file_gives_none()
    {
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "certs/"));
        }

        tar.Position = 0;
        Assert.Null(await CertificateReport.ReadAsync(tar, CancellationToken.None));
    }

    private static async Task<MemoryStream> TarOfAsync(string name, byte[] content)
    {
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
        }

        tar.Position = 0;
        return tar;
    }
}
