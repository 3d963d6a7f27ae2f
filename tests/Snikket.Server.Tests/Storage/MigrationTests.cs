using Snikket.Configuration;
using Snikket.Server.Storage;

namespace Snikket.Server.Tests.Storage;

public sealed class MigrationTests
{
    [Fact]
    public void Both_engines_have_the_same_numbered_migrations()
    {
        var sqlite = SchemaMigrator.Migrations(DatabaseKind.Sqlite).Select(m => m.Name);
        var postgres = SchemaMigrator.Migrations(DatabaseKind.PostgreSql).Select(m => m.Name);

        Assert.Equal(sqlite, postgres);
        Assert.NotEmpty(sqlite);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public void Migrations_are_numbered_from_one_without_gaps(DatabaseKind kind)
    {
        var versions = SchemaMigrator.Migrations(kind).Select(m => m.Version);

        Assert.Equal(Enumerable.Range(1, versions.Count()), versions);
    }
}
