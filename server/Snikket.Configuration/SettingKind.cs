namespace Snikket.Configuration;

/// <summary>What a setting's value must look like; selects the validation applied to it.</summary>
public enum SettingKind
{
    /// <summary>Free text on one line, up to <see cref="SnikketSetting.Max"/> characters.</summary>
    Text,

    /// <summary>A DNS host name (no scheme, port or path), lower-cased; <c>localhost</c> is allowed.</summary>
    DomainName,

    /// <summary>A plain email address (<c>name@domain</c>), domain lower-cased.</summary>
    Email,

    /// <summary>A whole number between <see cref="SnikketSetting.Min"/> and <see cref="SnikketSetting.Max"/>.</summary>
    WholeNumber,

    /// <summary>A TCP/UDP port number, 1–65535.</summary>
    Port,

    /// <summary>One of <see cref="SnikketSetting.AllowedValues"/>, compared case-insensitively.</summary>
    Choice,

    /// <summary>A yes/no value: <c>1/0</c>, <c>true/false</c>, <c>yes/no</c>, <c>on/off</c> (also <c>y/n</c>).</summary>
    Boolean,

    /// <summary>A file or directory path, absolute or relative to the working directory.</summary>
    FilePath,

    /// <summary>An absolute URL whose scheme is one of <see cref="SnikketSetting.AllowedValues"/>.</summary>
    Url,

    /// <summary>One IPv4 or IPv6 address.</summary>
    IpAddress,

    /// <summary>A comma-separated list of IP addresses; <c>*</c> (alone) means every interface when allowed.</summary>
    IpAddressList,

    /// <summary>A size in gigabytes, a decimal number ≥ 0 with a dot as decimal separator.</summary>
    SizeGb,

    /// <summary>A PostgreSQL connection URL, <c>postgres://user:password@host:port/database</c>.</summary>
    PostgresUrl,
}
