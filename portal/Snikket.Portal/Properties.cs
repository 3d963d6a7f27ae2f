using Microsoft.Extensions.Localization;

// The assembly is named snikket-portal; resource names use the C# root namespace.
[assembly: RootNamespace("Snikket.Portal")]
