namespace Snikket.Server.Modules;

/// <summary>Names the specification a module implements, and the version it follows.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
internal sealed class XepAttribute(int number, string version) : Attribute
{
    public int Number => number;

    public string Version => version;
}
