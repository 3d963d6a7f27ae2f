namespace Snikket.Acme.Tests.Infrastructure;

/// <summary>The tests that share one pebble (it starts in about a second, and makes a new CA each time).</summary>
[CollectionDefinition(Name)]
public sealed class PebbleGroup : ICollectionFixture<PebbleServer>
{
    public const string Name = "pebble";
}
