using Snikket.Configuration;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Snikket.Acme;

/// <summary>
/// Keeps the appliance's certificate for the domain, groups.domain and share.domain issued and
/// renewed through ACME (RFC 8555): renewal once two thirds of the lifetime has passed (the
/// schedule Let's Encrypt recommends), exponential backoff on failure while the old certificate
/// stays in place, atomic replacement of the PEM files the server re-reads, and a status file.
/// With operator-provided files it never contacts a CA and only checks and reports them.
/// </summary>
public sealed partial class CertificateManager(CertificateManagerOptions options, HttpClient http, TimeProvider time, ILogger<CertificateManager> logger)
{
    /// <summary>The options this manager runs with.</summary>
    public CertificateManagerOptions Options => options;

    /// <summary>
    /// Does what is due now: nothing if the certificate is good and not yet due for renewal (or a
    /// failed attempt's backoff has not passed, unless <paramref name="force"/>), otherwise gets a
    /// new one. Writes and returns the status; never throws for ACME or file problems (they are in
    /// the status).
    /// </summary>
    public async Task<CertificateStatus> RunOnceAsync(bool force, CancellationToken cancellationToken)
    {
        var status = options.OperatorProvided
            ? CheckOperatorCertificate()
            : await RenewIfDueAsync(force, cancellationToken).ConfigureAwait(false);
        status.Write(options.StatusPath);
        return status;
    }

    private async Task<CertificateStatus> RenewIfDueAsync(bool force, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        using var current = InstalledCertificate.TryLoad(options.CertificatePath, options.KeyPath);
        var previous = CertificateStatus.TryRead(options.StatusPath);
        var renewAt = current is { IsSelfSigned: false } && current.Covers(options.Names) ? current.RenewAt : (DateTimeOffset?)null;
        if (renewAt is { } due && now < due)
        {
            return Report(CertificateState.Valid, current, due, null, 0, previous?.LastIssued);
        }

        var backingOff = previous is { State: CertificateState.Failing } && previous.Directory == options.Directory
            && previous.Names.SequenceEqual(options.Names, StringComparer.Ordinal) && now < previous.NextAttempt;
        if (backingOff && !force)
        {
            return previous!;
        }

        try
        {
            using var issued = await IssueAsync(current, cancellationToken).ConfigureAwait(false);
            Log.Installed(logger, options.CertificatePath, issued.NotAfter, issued.RenewAt);
            await RunReloadCommandAsync(cancellationToken).ConfigureAwait(false);
            return Report(CertificateState.Valid, issued, issued.RenewAt, null, 0, time.GetUtcNow());
        }
        catch (Exception e) when (e is AcmeException or IOException or UnauthorizedAccessException or CryptographicException or HttpRequestException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var failures = (previous?.State == CertificateState.Failing ? previous.ConsecutiveFailures : 0) + 1;
            var retry = now + RetryDelay(failures);
            var message = e switch
            {
                AcmeException => e.Message,
                HttpRequestException or TaskCanceledException => $"The connection to the certificate authority broke off ({e.Message}). The service tries again later by itself.",
                _ => $"Could not write the certificate files: {e.Message}. Check that the data directory is writable and has free space.",
            };
            Log.Failed(logger, failures, retry, current is null ? "there is no certificate in place" : $"the certificate in place stays, valid until {current.NotAfter:u}", message);
            return Report(CertificateState.Failing, current, retry, message, failures, previous?.LastIssued);
        }
    }

    /// <summary>5 min, 10 min, 20 min, … doubling per failure, at most <see cref="CertificateManagerOptions.MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay(int failures)
    {
        var delay = options.FirstRetryDelay * Math.Pow(2, Math.Min(failures - 1, 30));
        return delay < options.MaxRetryDelay ? delay : options.MaxRetryDelay;
    }

    private async Task<InstalledCertificate> IssueAsync(InstalledCertificate? current, CancellationToken cancellationToken)
    {
        using var accountKey = AccountKey.LoadOrCreate(options.AccountKeyPath);
        var client = new AcmeClient(http, options.Directory, accountKey, logger, options.Client);
        await client.EnsureAccountAsync(options.Email, cancellationToken).ConfigureAwait(false);

        using var certificateKey = !options.RotateKey && current?.LoadEcdsaKey() is { } kept ? kept : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var chain = await client.ObtainCertificateAsync(options.Names, CreateCsr(certificateKey), new ChallengeWebroot(options.Webroot), cancellationToken).ConfigureAwait(false);

        // The key first: with a kept key it is unchanged; with a new one, a reader that sees the new
        // key beside the old certificate fails to pair them and keeps what it has until the certificate follows.
        AtomicFile.Write(options.KeyPath, Encoding.ASCII.GetBytes(certificateKey.ExportPkcs8PrivateKeyPem()), ownerOnly: true);
        AtomicFile.Write(options.CertificatePath, Encoding.ASCII.GetBytes(chain), ownerOnly: false);
        return InstalledCertificate.TryLoad(options.CertificatePath, options.KeyPath)
            ?? throw new AcmeException($"The certificate written to {options.CertificatePath} cannot be read back with its key. Try again; if it persists, report a bug.");
    }

    private byte[] CreateCsr(ECDsa key)
    {
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + options.Domain), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in options.Names)
        {
            names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build());
        return request.CreateSigningRequest();
    }

    private CertificateStatus CheckOperatorCertificate()
    {
        var now = time.GetUtcNow();
        var next = now + options.OperatorCheckInterval;
        using var certificate = InstalledCertificate.TryLoad(options.CertificatePath, options.KeyPath, out var reason);
        string? problem = null;
        if (certificate is null)
        {
            problem = $"The certificate {options.CertificatePath} with key {options.KeyPath} cannot be used: {reason}. "
                + "Fix the files named by SNIKKET_TWEAK_TLS_CERTIFICATE and SNIKKET_TWEAK_TLS_KEY, or remove both settings to have certificates obtained automatically.";
        }
        else if (certificate.NotAfter <= now)
        {
            problem = $"The certificate {options.CertificatePath} expired at {certificate.NotAfter:u}. Replace it with a renewed one "
                + "(it is picked up without a restart), or remove SNIKKET_TWEAK_TLS_CERTIFICATE and SNIKKET_TWEAK_TLS_KEY to have certificates obtained automatically.";
        }
        else if (options.Names.Where(n => !certificate.Covers([n])).ToList() is { Count: > 0 } missing)
        {
            problem = $"The certificate {options.CertificatePath} does not cover {string.Join(", ", missing)}. Get one that names "
                + $"{string.Join(", ", options.Names)}, or remove SNIKKET_TWEAK_TLS_CERTIFICATE and SNIKKET_TWEAK_TLS_KEY to have certificates obtained automatically.";
        }

        if (problem is not null)
        {
            Log.OperatorProblem(logger, problem);
        }

        return new CertificateStatus
        {
            State = problem is null ? CertificateState.OperatorProvided : CertificateState.OperatorProblem,
            Names = options.Names,
            CertificatePath = options.CertificatePath,
            NotAfter = certificate?.NotAfter,
            Issuer = certificate?.Issuer,
            NextAttempt = next,
            LastError = problem,
            UpdatedAt = now,
        };
    }

    private CertificateStatus Report(CertificateState state, InstalledCertificate? certificate, DateTimeOffset next, string? error, int failures, DateTimeOffset? lastIssued) => new()
    {
        State = state,
        Names = options.Names,
        CertificatePath = options.CertificatePath,
        NotAfter = certificate?.NotAfter,
        Issuer = certificate?.Issuer,
        NextAttempt = next,
        LastError = error,
        ConsecutiveFailures = failures,
        LastIssued = lastIssued,
        Directory = options.Directory,
        UpdatedAt = time.GetUtcNow(),
    };

    /// <summary>Runs <see cref="CertificateManagerOptions.ReloadCommand"/>; its failure is logged, not fatal (the files are in place).</summary>
    private async Task RunReloadCommandAsync(CancellationToken cancellationToken)
    {
        if (options.ReloadCommand is not { Count: > 0 } command)
        {
            return;
        }

        var program = command[0];
        var start = new System.Diagnostics.ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = System.Diagnostics.Process.Start(start)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(1));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                Log.ReloadFailed(logger, program, "it ran longer than a minute and was stopped");
                return;
            }

            if (process.ExitCode != 0)
            {
                Log.ReloadFailed(logger, program, $"it exited with {process.ExitCode}");
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Log.ReloadFailed(logger, program, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "New certificate in {Path}, valid until {NotAfter:u}, renewal from {RenewAt:u}")]
        public static partial void Installed(ILogger logger, string path, DateTimeOffset notAfter, DateTimeOffset renewAt);

        [LoggerMessage(2, LogLevel.Error, "Getting a certificate failed (attempt {Failures} in a row; next try {Retry:u}; {InPlace}): {Message}")]
        public static partial void Failed(ILogger logger, int failures, DateTimeOffset retry, string inPlace, string message);

        [LoggerMessage(3, LogLevel.Error, "{Problem}")]
        public static partial void OperatorProblem(ILogger logger, string problem);

        [LoggerMessage(4, LogLevel.Warning, "The reload command {Program} failed: {Reason}. Consumers that do not watch the certificate files keep the old certificate until restarted.")]
        public static partial void ReloadFailed(ILogger logger, string program, string reason);
    }
}
