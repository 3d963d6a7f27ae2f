using System.Security.Cryptography.X509Certificates;
using Snikket.Acme.Tests.Infrastructure;

namespace Snikket.Acme.Tests;

[Collection(PebbleGroup.Name)]
public sealed class CertificateManagerTests(PebbleServer pebble, ITestOutputHelper output)
{
    [Fact]
    public async Task Issues_one_certificate_for_the_domain_groups_and_share_that_chains_to_the_CA_root()
    {
        using var harness = new ManagerHarness(pebble, output);

        var status = await harness.RunAsync();

        Assert.Equal(CertificateState.Valid, status.State);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(harness.Snikket.TlsCertificatePath);
        var leaf = chain[0];
        foreach (var name in new[] { harness.Domain, "groups." + harness.Domain, "share." + harness.Domain })
        {
            Assert.True(leaf.MatchesHostname(name, allowWildcards: false, allowCommonName: false), name);
        }

        using var root = await pebble.GetRootAsync();
        using var verifier = new X509Chain();
        verifier.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        verifier.ChainPolicy.CustomTrustStore.Add(root);
        verifier.ChainPolicy.ExtraStore.AddRange(chain);
        verifier.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(verifier.Build(leaf), string.Join("; ", verifier.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_written_key_pairs_with_the_certificate_and_only_its_owner_can_read_it()
    {
        using var harness = new ManagerHarness(pebble, output);

        await harness.RunAsync();

        using var pair = X509Certificate2.CreateFromPemFile(harness.Snikket.TlsCertificatePath, harness.Snikket.TlsKeyPath);
        Assert.True(pair.HasPrivateKey);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(harness.Snikket.TlsKeyPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(harness.Options.AccountKeyPath));
    }

    [Fact]
    public async Task The_status_file_reports_the_names_expiry_and_renewal_time()
    {
        using var harness = new ManagerHarness(pebble, output);

        await harness.RunAsync();

        var status = CertificateStatus.TryRead(CertificateManagerOptions.StatusPathFor(harness.Snikket))!;
        Assert.Equal(CertificateState.Valid, status.State);
        Assert.Equal([harness.Domain, "groups." + harness.Domain, "share." + harness.Domain], status.Names);
        using var leaf = X509Certificate2.CreateFromPem(File.ReadAllText(harness.Snikket.TlsCertificatePath));
        var lifetime = leaf.NotAfter - leaf.NotBefore;
        Assert.Equal(new DateTimeOffset(leaf.NotAfter.ToUniversalTime()), status.NotAfter);
        Assert.Equal(new DateTimeOffset(leaf.NotBefore.ToUniversalTime()) + (lifetime * 2 / 3), status.NextAttempt);
        Assert.Null(status.LastError);
    }

    [Fact]
    public async Task The_self_signed_placeholder_the_server_makes_at_first_start_is_replaced_at_once()
    {
        using var harness = new ManagerHarness(pebble, output);
        WriteSelfSigned(harness);

        var status = await harness.RunAsync();

        using var leaf = X509Certificate2.CreateFromPem(File.ReadAllText(harness.Snikket.TlsCertificatePath));
        Assert.Equal(CertificateState.Valid, status.State);
        Assert.StartsWith("CN=Pebble Intermediate CA", leaf.Issuer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_for_other_names_is_replaced_at_once()
    {
        using var harness = new ManagerHarness(pebble, output);
        using var other = new ManagerHarness(pebble, output);
        await other.RunAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(harness.Snikket.TlsCertificatePath)!);
        File.Copy(other.Snikket.TlsCertificatePath, harness.Snikket.TlsCertificatePath);
        File.Copy(other.Snikket.TlsKeyPath, harness.Snikket.TlsKeyPath);

        var status = await harness.RunAsync();

        using var leaf = X509Certificate2.CreateFromPem(File.ReadAllText(harness.Snikket.TlsCertificatePath));
        Assert.Equal(CertificateState.Valid, status.State);
        Assert.True(leaf.MatchesHostname("share." + harness.Domain, allowWildcards: false, allowCommonName: false));
    }

    [Fact]
    public async Task Nothing_is_requested_before_two_thirds_of_the_lifetime_have_passed()
    {
        using var harness = new ManagerHarness(pebble, output);
        await harness.RunAsync();
        var first = File.ReadAllBytes(harness.Snikket.TlsCertificatePath);
        var served = pebble.ChallengesServed;

        harness.Time.Offset = PebbleServer.CertificateLifetime * 0.6;
        var status = await harness.RunAsync();

        Assert.Equal(CertificateState.Valid, status.State);
        Assert.Equal(first, File.ReadAllBytes(harness.Snikket.TlsCertificatePath));
        Assert.Equal(served, pebble.ChallengesServed);
    }

    [Fact]
    public async Task A_second_certificate_is_issued_once_two_thirds_of_the_lifetime_have_passed_keeping_the_key()
    {
        using var harness = new ManagerHarness(pebble, output);
        await harness.RunAsync();
        using var first = X509Certificate2.CreateFromPem(File.ReadAllText(harness.Snikket.TlsCertificatePath));
        var key = File.ReadAllText(harness.Snikket.TlsKeyPath);

        harness.Time.Offset = PebbleServer.CertificateLifetime * 0.7;
        var status = await harness.RunAsync();

        using var second = X509Certificate2.CreateFromPem(File.ReadAllText(harness.Snikket.TlsCertificatePath));
        Assert.Equal(CertificateState.Valid, status.State);
        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
        Assert.Equal(key, File.ReadAllText(harness.Snikket.TlsKeyPath));
        Assert.Equal(first.PublicKey.EncodedKeyValue.RawData, second.PublicKey.EncodedKeyValue.RawData);
    }

    [Fact]
    public async Task With_no_reuse_key_a_renewal_makes_a_new_private_key()
    {
        using var harness = new ManagerHarness(pebble, output, o => o with { RotateKey = true });
        await harness.RunAsync();
        var key = File.ReadAllText(harness.Snikket.TlsKeyPath);

        harness.Time.Offset = PebbleServer.CertificateLifetime * 0.7;
        await harness.RunAsync();

        Assert.NotEqual(key, File.ReadAllText(harness.Snikket.TlsKeyPath));
        using var pair = X509Certificate2.CreateFromPemFile(harness.Snikket.TlsCertificatePath, harness.Snikket.TlsKeyPath);
        Assert.True(pair.HasPrivateKey);
    }

    [Fact]
    public async Task A_renewal_reuses_the_account_made_by_the_first_issuance()
    {
        using var harness = new ManagerHarness(pebble, output);
        await harness.RunAsync();
        var accountKey = File.ReadAllText(harness.Options.AccountKeyPath);

        harness.Time.Offset = PebbleServer.CertificateLifetime * 0.7;
        await harness.RunAsync();

        Assert.Equal(accountKey, File.ReadAllText(harness.Options.AccountKeyPath));
    }

    [Fact]
    public async Task When_groups_does_not_resolve_here_the_error_names_it_and_says_to_fix_DNS()
    {
        using var harness = new ManagerHarness(pebble, output);
        await pebble.SetAddressAsync("groups." + harness.Domain, "127.0.0.2");

        var status = await harness.RunAsync();

        Assert.Equal(CertificateState.Failing, status.State);
        Assert.Contains("groups." + harness.Domain, status.LastError, StringComparison.Ordinal);
        Assert.Contains("DNS records of groups." + harness.Domain + " point at this server", status.LastError, StringComparison.Ordinal);
        Assert.False(File.Exists(harness.Snikket.TlsCertificatePath));
    }

    [Fact]
    public async Task A_failed_renewal_keeps_the_old_certificate_and_retries_after_five_minutes()
    {
        using var harness = new ManagerHarness(pebble, output);
        await harness.RunAsync();
        var old = File.ReadAllBytes(harness.Snikket.TlsCertificatePath);
        await pebble.SetAddressAsync("share." + harness.Domain, "127.0.0.2");

        harness.Time.Offset = PebbleServer.CertificateLifetime * 0.7;
        var status = await harness.RunAsync();

        Assert.Equal(CertificateState.Failing, status.State);
        Assert.Equal(old, File.ReadAllBytes(harness.Snikket.TlsCertificatePath));
        Assert.NotNull(status.NotAfter);
        Assert.Equal(1, status.ConsecutiveFailures);
        Assert.InRange(status.NextAttempt - harness.Time.GetUtcNow(), TimeSpan.FromMinutes(4.5), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task During_the_backoff_no_attempt_is_made_and_the_next_failure_doubles_it()
    {
        using var harness = new ManagerHarness(pebble, output, UnservedWebroot);
        var first = await harness.RunAsync();
        var served = pebble.ChallengesServed;

        harness.Time.Offset = TimeSpan.FromMinutes(4);
        var during = await harness.RunAsync();
        harness.Time.Offset = TimeSpan.FromMinutes(5.5);
        var second = await harness.RunAsync();

        Assert.Equal(first.NextAttempt, during.NextAttempt);
        Assert.Equal(1, during.ConsecutiveFailures);
        Assert.Equal(served, pebble.ChallengesServed);
        Assert.Equal(2, second.ConsecutiveFailures);
        Assert.InRange(second.NextAttempt - harness.Time.GetUtcNow(), TimeSpan.FromMinutes(9.5), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task When_the_challenge_is_not_served_the_error_says_another_server_answers()
    {
        using var harness = new ManagerHarness(pebble, output, UnservedWebroot);

        var status = await harness.RunAsync();

        Assert.Equal(CertificateState.Failing, status.State);
        Assert.Contains("did not get the expected answer at /.well-known/acme-challenge/", status.LastError, StringComparison.Ordinal);
        Assert.Null(status.NotAfter);
    }

    /// <summary>What the server writes at first start when there is no certificate (Tls/SelfSignedCertificate.cs).</summary>
    private static void WriteSelfSigned(ManagerHarness harness)
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + harness.Domain, key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(harness.Domain);
        names.AddDnsName("groups." + harness.Domain);
        names.AddDnsName("share." + harness.Domain);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        Directory.CreateDirectory(Path.GetDirectoryName(harness.Snikket.TlsCertificatePath)!);
        File.WriteAllText(harness.Snikket.TlsCertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(harness.Snikket.TlsKeyPath, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The appliance's own webroot, which no web server serves in these tests.</summary>
    private static CertificateManagerOptions UnservedWebroot(CertificateManagerOptions options) =>
        options with { Webroot = Path.Combine(Path.GetDirectoryName(options.AccountKeyPath)!, "webroot") };

    [Fact]
    public void The_backoff_is_bounded_by_six_hours()
    {
        using var harness = new ManagerHarness(pebble, output);

        Assert.Equal(TimeSpan.FromMinutes(5), harness.Manager.RetryDelay(1));
        Assert.Equal(TimeSpan.FromMinutes(40), harness.Manager.RetryDelay(4));
        Assert.Equal(TimeSpan.FromHours(6), harness.Manager.RetryDelay(12));
        Assert.Equal(TimeSpan.FromHours(6), harness.Manager.RetryDelay(1000));
    }

    [Fact]
    public async Task An_unreachable_directory_is_reported_with_the_setting_to_check()
    {
        using var harness = new ManagerHarness(pebble, output, o => o with { Directory = new Uri($"https://127.0.0.1:{pebble.ClosedPort}/dir") });

        var status = await harness.RunAsync();

        Assert.Equal(CertificateState.Failing, status.State);
        Assert.StartsWith($"Could not reach the ACME directory https://127.0.0.1:{pebble.ClosedPort}/dir", status.LastError, StringComparison.Ordinal);
        Assert.Contains("Check SNIKKET_TWEAK_ACME_DIRECTORY", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reload_command_runs_after_a_new_certificate_is_written()
    {
        var marker = Path.Combine(Path.GetTempPath(), "snikket-reload-" + Guid.NewGuid().ToString("N"));
        using var harness = new ManagerHarness(pebble, output, o => o with { ReloadCommand = ["touch", marker] });

        await harness.RunAsync();

        Assert.True(File.Exists(marker));
        File.Delete(marker);
    }
}
