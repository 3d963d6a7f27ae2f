using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Storage;

namespace Snikket.Server.IntegrationTests.Storage;

/// <summary>The group-commit writer on both engines: batching, failure, and recovery after a failure.</summary>
public abstract class GroupCommitWriterTests(DatabaseKind database) : IAsyncLifetime
{
    private TestServer _server = null!;
    private GroupCommitWriter _writer = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(database);
        _writer = _server.Services.GetRequiredService<GroupCommitWriter>();
        await using var db = await Db().CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE writer_test (n INTEGER NOT NULL)");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_write_is_readable_when_it_returns()
    {
        await _writer.WriteAsync(new CountingTable(), [1, 2, 3], CancellationToken.None);

        Assert.Equal(3, await CountAsync());
    }

    [Fact]
    public async Task Concurrent_writes_share_transactions()
    {
        var before = _writer.Commits;

        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => _writer.WriteAsync(new CountingTable(), [i], CancellationToken.None).AsTask()));

        Assert.Equal(1000, await CountAsync());
        Assert.True(_writer.Commits - before < 1000, $"1000 writes took {_writer.Commits - before} commits");
    }

    [Fact]
    public async Task A_failed_commit_fails_its_writes_and_rolls_back_their_rows()
    {
        var failing = new CountingTable { FailAfterInsert = true };

        await Assert.ThrowsAnyAsync<Exception>(() => _writer.WriteAsync(failing, [1, 2], CancellationToken.None).AsTask());

        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task The_writer_recovers_after_a_failed_commit()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => _writer.WriteAsync(new CountingTable { FailAfterInsert = true }, [1], CancellationToken.None).AsTask());

        await _writer.WriteAsync(new CountingTable(), [2], CancellationToken.None);

        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task Rows_numbered_in_queue_order_become_visible_in_that_order()
    {
        var table = new NumberingTable();
        using var done = new CancellationTokenSource();
        var gaps = 0;
        var reader = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var (count, max) = await CountAndMaxAsync();
                if (count != max)
                {
                    Interlocked.Increment(ref gaps);
                }
            }
        });

        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => _writer.WriteAsync(table, [new int[1]], CancellationToken.None).AsTask()));
        await done.CancelAsync();
        await reader;

        Assert.Equal((2000, 2000), await CountAndMaxAsync());
        Assert.Equal(0, gaps);
    }

    private async Task<(int Count, int Max)> CountAndMaxAsync()
    {
        await using var db = await Db().CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COALESCE(MAX(n), 0) FROM writer_test";
        await using var result = await command.ExecuteReaderAsync();
        await result.ReadAsync();
        return (Convert.ToInt32(result.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt32(result.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
    }

    private IDbContextFactory<SnikketDb> Db() => _server.Services.GetRequiredService<IDbContextFactory<SnikketDb>>();

    private async Task<int> CountAsync()
    {
        await using var db = await Db().CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM writer_test";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Numbers its rows 1, 2, 3… as the writer prepares them (as the archive numbers messages) and inserts the numbers.</summary>
    private sealed class NumberingTable : IAppendTable
    {
        private int _next;

        public ValueTask PrepareAsync(DbConnection connection, IReadOnlyList<object> rows, CancellationToken ct)
        {
            foreach (int[] row in rows)
            {
                row[0] = ++_next;
            }

            return ValueTask.CompletedTask;
        }

        public async Task AppendAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object> rows, CancellationToken ct)
        {
            // Slow appends give the lanes time to overtake each other if the order were not kept.
            await Task.Delay(Random.Shared.Next(3), ct);
            foreach (int[] row in rows)
            {
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = $"INSERT INTO writer_test (n) VALUES ({row[0]})";
                await insert.ExecuteNonQueryAsync(ct);
            }
        }
    }

    /// <summary>Inserts its integer rows, one statement each; optionally fails after inserting.</summary>
    private sealed class CountingTable : IAppendTable
    {
        public bool FailAfterInsert { get; init; }

        public ValueTask PrepareAsync(DbConnection connection, IReadOnlyList<object> rows, CancellationToken ct) => ValueTask.CompletedTask;

        public async Task AppendAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object> rows, CancellationToken ct)
        {
            foreach (int n in rows)
            {
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = $"INSERT INTO writer_test (n) VALUES ({n})";
                await insert.ExecuteNonQueryAsync(ct);
            }

            if (FailAfterInsert)
            {
                throw new InvalidOperationException("Failing on purpose.");
            }
        }
    }
}

public sealed class GroupCommitWriterTestsOnSqlite() : GroupCommitWriterTests(DatabaseKind.Sqlite);

public sealed class GroupCommitWriterTestsOnPostgres() : GroupCommitWriterTests(DatabaseKind.PostgreSql);
