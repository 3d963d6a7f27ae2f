using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Snikket.Configuration;

namespace Snikket.Server.Storage;

/// <summary>
/// Brings the database schema up to date at start-up by applying the embedded
/// <c>Migrations/&lt;engine&gt;/NNNN_name.sql</c> files in order, each in its own transaction, and
/// recording the applied number in <c>schema_version</c>. Plain SQL files instead of EF migrations:
/// EF's design-time package does not restore here, and reviewed SQL is easier to reason about.
/// </summary>
internal static partial class SchemaMigrator
{
    /// <summary>Applies every migration newer than the recorded version; returns how many were applied.</summary>
    public static async Task<int> MigrateAsync(SnikketDb db, DatabaseKind kind, ILogger logger, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", ct);
            var current = await CurrentVersionAsync(connection, ct);
            var applied = 0;
            foreach (var migration in Migrations(kind))
            {
                if (migration.Version <= current)
                {
                    continue;
                }

                await using var tx = await connection.BeginTransactionAsync(ct);
                await ExecuteAsync(connection, tx, migration.Sql, ct);
                await ExecuteAsync(connection, tx, "DELETE FROM schema_version", ct);
                await ExecuteAsync(connection, tx, $"INSERT INTO schema_version (version) VALUES ({migration.Version.ToString(CultureInfo.InvariantCulture)})", ct);
                await tx.CommitAsync(ct);
                Log.Applied(logger, migration.Name);
                applied++;
            }

            return applied;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The embedded migrations for one engine, ordered by number.</summary>
    public static IReadOnlyList<Migration> Migrations(DatabaseKind kind)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var folder = kind == DatabaseKind.Sqlite ? "sqlite" : "postgres";
        var prefix = $"migrations/{folder}/";
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[prefix.Length..^".sql".Length];
            var number = name.Split('_')[0];
            list.Add(new Migration(int.Parse(number, CultureInfo.InvariantCulture), name, Read(assembly, resource)));
        }

        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migrations for {folder} must be numbered 1..n without gaps; found {list[i].Name} at position {i + 1}.");
            }
        }

        return list;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task<int> CurrentVersionAsync(DbConnection connection, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT MAX(version) FROM schema_version";
        var value = await cmd.ExecuteScalarAsync(ct);
        return value is null or DBNull ? 0 : Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>One migration file.</summary>
    internal sealed record Migration(int Version, string Name, string Sql);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Applied schema migration {Name}")]
        public static partial void Applied(ILogger logger, string name);
    }
}
