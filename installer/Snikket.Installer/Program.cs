using Snikket.Installer.Commands;

// The snikket CLI: sets up, checks and drives the appliance (see installer/README.md).
return await InstallerCommandLine.Build().Parse(args).InvokeAsync();
