using Snikket.Server.Commands;

// The server binary: `run` starts the XMPP service, `user …` manages accounts (operator commands
// that work whether or not the service is running, straight against its database).
return await CommandLine.Build().Parse(args).InvokeAsync();
