using Microsoft.Extensions.Logging;
using Snikket.Configuration;

namespace Snikket.Acme;

/// <summary>
/// The certificate service's main loop (the <c>certs</c> compose service): runs the
/// <see cref="CertificateManager"/> whenever its status says the next look is due, at least
/// every 12 hours, until cancelled.
/// </summary>
public sealed partial class CertificateLoop(CertificateManager manager, TimeProvider time, ILogger<CertificateLoop> logger)
{
    private static readonly TimeSpan LongestSleep = TimeSpan.FromHours(12);
    private static readonly TimeSpan ShortestSleep = TimeSpan.FromSeconds(1);

    /// <summary>The manager this loop drives.</summary>
    public CertificateManager Manager => manager;

    /// <summary>
    /// A loop for the appliance configuration with a default HTTPS client. The caller owns
    /// nothing else; cancel <see cref="RunAsync"/> to stop.
    /// </summary>
    public static CertificateLoop Create(SnikketOptions options, ILoggerFactory loggers, TimeProvider? time = null) =>
        Create(CertificateManagerOptions.FromSnikket(options), loggers, time);

    /// <summary>
    /// A loop for adjusted options, e.g. <c>CertificateManagerOptions.FromSnikket(o) with { ReloadCommand = [...] }</c>.
    /// </summary>
    public static CertificateLoop Create(CertificateManagerOptions options, ILoggerFactory loggers, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        var clock = time ?? TimeProvider.System;
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("snikket-acme/1.0");
        var manager = new CertificateManager(options, http, clock, loggers.CreateLogger<CertificateManager>());
        return new CertificateLoop(manager, clock, loggers.CreateLogger<CertificateLoop>());
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled (returns normally then).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = manager.Options;
        if (options.ChallengeEndpoint is { } endpoint && !options.OperatorProvided)
        {
            await using var responder = new Http01ChallengeServer(endpoint, new ChallengeWebroot(options.Webroot), logger);
            await LoopAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await LoopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        Log.Starting(logger, string.Join(", ", manager.Options.Names), manager.Options.OperatorProvided ? "operator-provided files" : manager.Options.Directory.AbsoluteUri);
        while (!cancellationToken.IsCancellationRequested)
        {
            CertificateStatus status;
            try
            {
                status = await manager.RunOnceAsync(force: false, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var sleep = status.NextAttempt - time.GetUtcNow();
            sleep = sleep < ShortestSleep ? ShortestSleep : sleep > LongestSleep ? LongestSleep : sleep;
            Log.Sleeping(logger, status.State, status.NextAttempt);
            try
            {
                await Task.Delay(sleep, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Certificate service for {Names} using {Source}")]
        public static partial void Starting(ILogger logger, string names, string source);

        [LoggerMessage(2, LogLevel.Information, "Certificate {State}; next look at {Next:u}")]
        public static partial void Sleeping(ILogger logger, CertificateState state, DateTimeOffset next);
    }
}
