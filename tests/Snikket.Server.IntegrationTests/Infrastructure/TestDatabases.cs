using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Snikket.Configuration;
using Snikket.Server.Storage;

namespace Snikket.Server.IntegrationTests.Infrastructure;

/// <summary>
/// Fresh, migrated databases for tests: a new SQLite file, or a PostgreSQL database copied from a
/// template that was migrated once per test process.
/// </summary>
internal static class TestDatabases
{
    private static readonly Lazy<Task<string>> PostgresTemplate = new(CreatePostgresTemplateAsync);

    /// <summary>Returns an ADO.NET connection string for a new, migrated database of the given kind.</summary>
    public static async Task<string> CreateAsync(DatabaseKind kind, string dataDirectory)
    {
        if (kind == DatabaseKind.Sqlite)
        {
            var connection = $"Data Source={Path.Combine(dataDirectory, "snikket.sqlite")}";
            await MigrateAsync(kind, connection);
            return connection;
        }

        var server = await PostgresServer.SharedAsync();
        return await server.CreateDatabaseAsync("snikket_test", await PostgresTemplate.Value);
    }

    public static async Task MigrateAsync(DatabaseKind kind, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<SnikketDb>();
        if (kind == DatabaseKind.Sqlite)
        {
            builder.UseSqlite(connectionString);
        }
        else
        {
            builder.UseNpgsql(connectionString);
        }

        await using var db = new SnikketDb(builder.Options);
        await SchemaMigrator.MigrateAsync(db, kind, NullLogger.Instance, CancellationToken.None);
    }

    private static async Task<string> CreatePostgresTemplateAsync()
    {
        var server = await PostgresServer.SharedAsync();
        var connection = await server.CreateDatabaseAsync("snikket_template");
        // No pooling: a template must have no open connection when it is copied.
        var unpooled = new NpgsqlConnectionStringBuilder(connection) { Pooling = false };
        await MigrateAsync(DatabaseKind.PostgreSql, unpooled.ConnectionString);
        return unpooled.Database!;
    }
}
