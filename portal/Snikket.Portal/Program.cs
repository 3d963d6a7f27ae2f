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

PortalHost.Configure(builder, PortalSettings.From(options));
var app = builder.Build();
PortalHost.Configure(app);
await app.RunAsync();
return 0;
