namespace Snikket.Acme;

/// <summary>
/// Turns ACME problem types (RFC 8555 §6.7) into advice an operator can act on. The server's
/// detail text is always kept beside it, since CAs put the specifics (which name, which address
/// they connected to) there.
/// </summary>
internal static class AcmeAdvice
{
    /// <summary>What to do about a failed http-01 validation of <paramref name="name"/>.</summary>
    public static string ForValidation(string name, AcmeProblem? problem, int httpPort) => problem?.ShortType switch
    {
        "dns" => $"The certificate authority could not look up {name} in DNS. Add an A (and AAAA, if this host has IPv6) "
            + $"record for {name} pointing at this server's public address, wait for it to propagate, then try again "
            + "(snikket check shows what DNS says now).",
        "connection" => $"The certificate authority could not connect to {name} on port {httpPort}. Check that the DNS "
            + $"records of {name} point at this server (snikket check), that port {httpPort} is open in every firewall, "
            + "and that the proxy service is running.",
        "unauthorized" or "incorrectResponse" => $"The certificate authority reached {name} but did not get the expected "
            + $"answer at /.well-known/acme-challenge/. Check that the DNS records of {name} point at this server and not "
            + "at another machine, and that no other web server or reverse proxy in front of this one answers that path.",
        "caa" => $"A CAA record in DNS forbids this certificate authority to issue for {name}. Add the authority to the "
            + "domain's CAA records, or remove them.",
        "rejectedIdentifier" => $"The certificate authority will not issue for {name}. Use a public domain name that you control.",
        _ => $"Check that the DNS records of {name} point at this server and that port {httpPort} reaches it (snikket check).",
    };

    /// <summary>What to do about an error response outside validation.</summary>
    public static string ForRequest(AcmeProblem problem) => problem.ShortType switch
    {
        "rateLimited" => "The certificate authority's rate limit was reached; the service retries later by itself. "
            + "For experiments, use a staging directory (SNIKKET_TWEAK_ACME_DIRECTORY).",
        "invalidContact" or "unsupportedContact" => "The certificate authority refused the contact address. Set "
            + "SNIKKET_ADMIN_EMAIL to a working email address of a public domain.",
        "externalAccountRequired" => "This certificate authority needs an external account binding, which this "
            + "appliance does not support. Use a different SNIKKET_TWEAK_ACME_DIRECTORY.",
        "rejectedIdentifier" => "The certificate authority will not issue for these names. Use a public domain name "
            + "that you control as SNIKKET_DOMAIN.",
        "serverInternal" => "The certificate authority had an internal error; the service retries later by itself.",
        "unauthorized" or "accountDoesNotExist" => "The certificate authority did not accept the account. If it persists, "
            + "move the account key (acme/account.key in the data directory) aside to have a new account made.",
        _ => "The service retries later by itself; if the error persists, check the status page of the certificate authority.",
    };
}
