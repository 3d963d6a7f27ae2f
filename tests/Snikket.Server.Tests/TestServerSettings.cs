using System.Net;
using Snikket.Configuration;
using Snikket.Server.Hosting;
using Snikket.Server.WebProxy;

namespace Snikket.Server.Tests;

/// <summary>Server settings for unit tests of the files the server writes into its data directory.</summary>
internal static class TestServerSettings
{
    /// <summary>chat.example.com with its data, certificate and ACME webroot under <paramref name="directory"/>.</summary>
    public static ServerSettings In(string directory) => new()
    {
        Domain = "chat.example.com",
        SiteName = "Test",
        DataDirectory = directory,
        Database = DatabaseKind.Sqlite,
        ConnectionString = "Data Source=:memory:",
        CertificatePath = Path.Combine(directory, "certs", "chat.example.com.crt"),
        KeyPath = Path.Combine(directory, "certs", "chat.example.com.key"),
        Listen = new ListenPlan([IPAddress.Loopback], 0, 0, [IPAddress.Loopback], 0),
        WebProxy = new WebProxySettings { Webroot = Path.Combine(directory, "acme", "webroot") },
    };
}
