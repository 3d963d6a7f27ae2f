using Snikket.Configuration;
using Snikket.Portal;

// The portal as its own process (the compose service): settings from snikket.conf and SNIKKET_*
// variables, as the server reads them. `snikket-server run` can also host it in-process.
var builder = WebApplication.CreateBuilder(args);
SnikketOptions options;
try
{
    options = PortalConfiguration.Load(builder.Configuration);
}
catch (SnikketConfigException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}

// SNIKKET_LOGLEVEL as the server reads it; ASP.NET Core's per-request lines (one per health
// check, every 10 s in compose) only from warnings up.
builder.Logging.SetMinimumLevel(options.LogLevel switch
{
    SnikketLogLevel.Error => LogLevel.Error,
    SnikketLogLevel.Warn => LogLevel.Warning,
    SnikketLogLevel.Debug => LogLevel.Debug,
    _ => LogLevel.Information,
});
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

PortalHost.Configure(builder, PortalSettings.From(options));
var app = builder.Build();
PortalHost.Configure(app);
await app.RunAsync();
return 0;
