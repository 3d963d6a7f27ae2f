using Snikket.Acme.Tests.Infrastructure;

namespace Snikket.Acme.Tests;

public sealed class CertificateStatusTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    [Fact]
    public void A_status_survives_writing_and_reading_back()
    {
        var path = Path.Combine(_directory.Path, "status.json");
        var status = Failing();

        status.Write(path);
        var read = CertificateStatus.TryRead(path)!;

        Assert.Equal(status.State, read.State);
        Assert.Equal(status.Names, read.Names);
        Assert.Equal(status.NextAttempt, read.NextAttempt);
        Assert.Equal(status.LastError, read.LastError);
        Assert.Equal(status.ConsecutiveFailures, read.ConsecutiveFailures);
    }

    [Fact]
    public void The_state_is_written_as_a_camel_case_word_for_other_readers()
    {
        var path = Path.Combine(_directory.Path, "status.json");

        Failing().Write(path);

        Assert.Contains("\"state\": \"failing\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_status_file_reads_as_none()
    {
        var path = Path.Combine(_directory.Path, "status.json");
        File.WriteAllText(path, "{\"state\": ");

        Assert.Null(CertificateStatus.TryRead(path));
    }

    [Fact]
    public void A_failing_status_describes_the_error_the_retry_and_the_certificate_in_place()
    {
        var text = Failing().Describe();

        Assert.Equal(
            "Getting a certificate failed 2 time(s) in a row; the certificate in place is valid until 2026-12-01 00:00:00Z; "
            + "next attempt 2026-11-22 09:10:00Z. Fix DNS.",
            text);
    }

    [Fact]
    public void A_valid_status_describes_expiry_and_renewal()
    {
        var text = (Failing() with { State = CertificateState.Valid, LastError = null }).Describe();

        Assert.Equal("Certificate for chat.example.com, groups.chat.example.com, share.chat.example.com valid until 2026-12-01 00:00:00Z; renewal from 2026-11-22 09:10:00Z.", text);
    }

    public void Dispose() => _directory.Dispose();

    private static CertificateStatus Failing() => new()
    {
        State = CertificateState.Failing,
        Names = ["chat.example.com", "groups.chat.example.com", "share.chat.example.com"],
        CertificatePath = "/snikket/certs/chat.example.com.crt",
        NotAfter = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
        NextAttempt = Now.AddMinutes(10),
        LastError = "Fix DNS.",
        ConsecutiveFailures = 2,
        UpdatedAt = Now,
    };
}
