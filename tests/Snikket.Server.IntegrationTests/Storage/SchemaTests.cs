using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Storage;

namespace Snikket.Server.IntegrationTests.Storage;

/// <summary>The EF model and the schema the SQL migrations create must agree, on both engines.</summary>
public abstract class SchemaTests(DatabaseKind database) : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(database);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Every_mapped_column_exists_in_the_migrated_schema()
    {
        var factory = _server.Services.GetRequiredService<IDbContextFactory<SnikketDb>>();
        await using var db = await factory.CreateDbContextAsync();
        var entities = db.Model.GetEntityTypes().ToList();

        Assert.NotEmpty(entities);
        foreach (var entity in entities)
        {
            var columns = string.Join(", ", entity.GetProperties().Select(p => p.GetColumnName()));
            // Throws when the table or any column is missing; WHERE 1 = 0 reads no rows.
#pragma warning disable EF1002 // Names come from our own model, not from input.
            await db.Database.ExecuteSqlRawAsync($"SELECT {columns} FROM {entity.GetTableName()} WHERE 1 = 0");
#pragma warning restore EF1002
        }
    }

    [Fact]
    public async Task Migrating_again_applies_nothing()
    {
        var factory = _server.Services.GetRequiredService<IDbContextFactory<SnikketDb>>();
        await using var db = await factory.CreateDbContextAsync();

        var applied = await SchemaMigrator.MigrateAsync(db, database, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None);

        Assert.Equal(0, applied);
    }
}

public sealed class SchemaTestsOnSqlite() : SchemaTests(DatabaseKind.Sqlite);

public sealed class SchemaTestsOnPostgres() : SchemaTests(DatabaseKind.PostgreSql);
