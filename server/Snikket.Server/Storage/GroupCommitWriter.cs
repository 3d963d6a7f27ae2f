using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace Snikket.Server.Storage;

/// <summary>
/// Group commit for rows that must be durable before a stanza counts as handled (XEP-0198 §4:
/// the server acknowledges a message once routing returns, and a message it acknowledged must
/// survive a crash). Callers queue rows and wait; a writer lane takes everything queued (up to
/// <see cref="MaxRowsPerCommit"/> rows), appends it in one transaction, commits, and only then
/// releases the waiters. Under load many messages share one commit — one WAL flush — instead of
/// paying one each; when idle a lone message is committed at once, without waiting for company.
/// </summary>
/// <remarks>
/// <para>Commits happen in queue order. Batches are prepared (and numbered, see
/// <see cref="IAppendTable.PrepareAsync"/>) one at a time in queue order, and a batch's COMMIT is
/// sent only after the previous batch's COMMIT returned, so a reader never sees archive id N+1
/// without id N. On PostgreSQL two lanes, each with its own connection, overlap: one appends its
/// batch while the other waits for its WAL flush, which roughly doubles what one connection
/// commits per second. SQLite takes one writer at a time, so it gets one lane, and a separate
/// connection does the WAL checkpoints off the commit path.</para>
/// <para>A failed commit fails every waiter of that batch (their messages are then answered with
/// an error instead of being acknowledged) and the lane's connection is replaced.</para>
/// </remarks>
internal sealed partial class GroupCommitWriter : IAsyncDisposable
{
    /// <summary>Rows per transaction at most (a single write may go over it by its own rows).</summary>
    public const int MaxRowsPerCommit = 500;

    // Writes waiting for a lane; when full, callers wait, which slows the sessions that produce
    // them (back-pressure) instead of letting memory grow.
    private const int QueueCapacity = 20_000;

    private readonly IDbContextFactory<SnikketDb> _dbFactory;
    private readonly ILogger<GroupCommitWriter> _logger;
    private readonly Channel<PendingWrite> _queue = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
    });

    // Taking a batch, preparing it and joining the commit order happen under this lock.
    private readonly SemaphoreSlim _order = new(1, 1);
    private readonly Task _lanes;
    private Task _lastCommit = Task.CompletedTask;
    private long _commits;
    private long _rows;

    public GroupCommitWriter(IDbContextFactory<SnikketDb> dbFactory, ILogger<GroupCommitWriter> logger)
    {
        _dbFactory = dbFactory;
        _logger = logger;
        _lanes = Task.Run(RunAsync);
    }

    /// <summary>Transactions committed so far (for tests and diagnostics).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Rows committed so far.</summary>
    public long Rows => Interlocked.Read(ref _rows);

    /// <summary>
    /// Appends <paramref name="rows"/> to <paramref name="table"/> and returns once they are
    /// committed. Throws when the commit failed (or the writer is shut down).
    /// </summary>
    public async ValueTask WriteAsync(IAppendTable table, object[] rows, CancellationToken ct)
    {
        var write = new PendingWrite(table, rows);
        await _queue.Writer.WriteAsync(write, ct);
        // Once queued the rows will be written whatever happens to the caller; cancelling only
        // stops the wait (the stanza is then not acknowledged, and a retry may duplicate it).
        await write.Committed.Task.WaitAsync(ct);
    }

    /// <summary>Stops taking writes, commits what is queued, and closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _lanes;
        _order.Dispose();
    }

    private async Task RunAsync()
    {
        bool sqlite;
        await using (var probe = await _dbFactory.CreateDbContextAsync())
        {
            sqlite = probe.Database.IsSqlite();
        }

        if (!sqlite)
        {
            await Task.WhenAll(LaneAsync(), LaneAsync());
            return;
        }

        using var stop = new CancellationTokenSource();
        var checkpoints = CheckpointAsync(stop.Token);
        await LaneAsync();
        await stop.CancelAsync();
        await checkpoints;
    }

    /// <summary>
    /// SQLite only: copies the WAL back into the database from a connection of its own, a few
    /// times a second, so commits never pay for it. (A writer that checkpoints itself — SQLite's
    /// default, every 1,000 pages — stalls the commit that crosses the limit, and with it every
    /// message of that batch.) PASSIVE never blocks the writer or readers.
    /// </summary>
    private async Task CheckpointAsync(CancellationToken ct)
    {
        var lane = new Lane(_dbFactory);
        var committed = Commits;
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (Commits == committed)
                {
                    continue;
                }

                committed = Commits;
                try
                {
                    await using var checkpoint = (await lane.ConnectionAsync()).CreateCommand();
                    checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                    await checkpoint.ExecuteNonQueryAsync(CancellationToken.None);
                }
                catch (Exception e) when (e is DbException or InvalidOperationException)
                {
                    Log.CheckpointFailed(_logger, e);
                    await lane.ResetAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The writer is shutting down.
        }
        finally
        {
            await lane.DisposeAsync();
        }
    }

    /// <summary>One lane: its own connection, taking batches until the queue is completed and empty.</summary>
    private async Task LaneAsync()
    {
        var lane = new Lane(_dbFactory);
        var batch = new List<PendingWrite>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync())
            {
                batch.Clear();
                var rows = 0;
                List<(IAppendTable Table, List<object> Rows)> groups;
                Task previous;
                TaskCompletionSource committed;
                await _order.WaitAsync();
                try
                {
                    while (rows < MaxRowsPerCommit && _queue.Reader.TryRead(out var write))
                    {
                        batch.Add(write);
                        rows += write.Rows.Length;
                    }

                    if (batch.Count == 0)
                    {
                        // The other lane took it.
                        continue;
                    }

                    groups = GroupByTable(batch);
                    try
                    {
                        var connection = await lane.ConnectionAsync();
                        foreach (var (table, tableRows) in groups)
                        {
                            await table.PrepareAsync(connection, tableRows, CancellationToken.None);
                        }
                    }
                    catch (Exception e)
                    {
                        await FailAsync(lane, batch, rows, e);
                        continue;
                    }

                    previous = _lastCommit;
                    committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _lastCommit = committed.Task;
                }
                finally
                {
                    _order.Release();
                }

                try
                {
                    await CommitAsync(lane, groups, previous);
                    Interlocked.Increment(ref _commits);
                    Interlocked.Add(ref _rows, rows);
                    foreach (var write in batch)
                    {
                        write.Committed.TrySetResult();
                    }
                }
                catch (Exception e)
                {
                    await FailAsync(lane, batch, rows, e);
                }
                finally
                {
                    // Success or failure, the next batch may commit now, but not before this
                    // one's predecessor (a batch that failed early must not let a later one pass).
                    await previous;
                    committed.TrySetResult();
                }
            }
        }
        finally
        {
            await lane.DisposeAsync();
        }
    }

    private static async Task CommitAsync(Lane lane, List<(IAppendTable Table, List<object> Rows)> groups, Task previous)
    {
        // Not cancellable: a commit is either done or failed, never abandoned half-way.
        var ct = CancellationToken.None;
        var connection = await lane.ConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var (table, rows) in groups)
        {
            await table.AppendAsync(connection, transaction, rows, ct);
        }

        // Commit order is queue order (see the remarks); the previous batch never waits for this one.
        await previous;
        await transaction.CommitAsync(ct);
    }

    private async Task FailAsync(Lane lane, List<PendingWrite> batch, int rows, Exception e)
    {
        Log.CommitFailed(_logger, batch.Count, rows, e);
        try
        {
            await lane.ResetAsync();
        }
        catch (Exception close)
        {
            Log.CloseFailed(_logger, close);
        }

        foreach (var write in batch)
        {
            write.Committed.TrySetException(e);
        }
    }

    /// <summary>The batch's rows per table, tables in order of first appearance, rows in queue order.</summary>
    private static List<(IAppendTable Table, List<object> Rows)> GroupByTable(List<PendingWrite> batch)
    {
        var groups = new List<(IAppendTable Table, List<object> Rows)>(2);
        foreach (var write in batch)
        {
            var index = groups.FindIndex(g => ReferenceEquals(g.Table, write.Table));
            if (index < 0)
            {
                groups.Add((write.Table, new List<object>(write.Rows.Length)));
                index = groups.Count - 1;
            }

            groups[index].Rows.AddRange(write.Rows);
        }

        return groups;
    }

    /// <summary>A lane's connection, opened on first use and replaced after a failure.</summary>
    private sealed class Lane(IDbContextFactory<SnikketDb> dbFactory) : IAsyncDisposable
    {
        private SnikketDb? _db;

        public async Task<DbConnection> ConnectionAsync()
        {
            if (_db is null)
            {
                var db = await dbFactory.CreateDbContextAsync();
                try
                {
                    await db.Database.OpenConnectionAsync();
                    if (db.Database.IsSqlite())
                    {
                        // In WAL mode (set at start-up, see ServerHost) NORMAL syncs the WAL only at
                        // checkpoints, not at every commit. A commit is in the WAL file (the OS page
                        // cache) when the transaction returns, so it survives the server process being
                        // killed — the failure an acknowledged message must survive — but the last
                        // commits may be lost if the machine loses power. FULL would sync on every
                        // commit, at about ten times the cost per commit.
                        // The checkpoints are done by CheckpointAsync, not by the committing lane.
                        await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0; PRAGMA cache_size=-65536");
                    }
                }
                catch
                {
                    await db.DisposeAsync();
                    throw;
                }

                _db = db;
            }

            return _db.Database.GetDbConnection();
        }

        public async Task ResetAsync()
        {
            var db = _db;
            _db = null;
            if (db is not null)
            {
                await db.DisposeAsync();
            }
        }

        public async ValueTask DisposeAsync() => await ResetAsync();
    }

    /// <summary>Rows of one caller and the signal that they are committed.</summary>
    private sealed class PendingWrite(IAppendTable table, object[] rows)
    {
        public IAppendTable Table => table;

        public object[] Rows => rows;

        // Continuations run on the thread pool, not on the lane, so the lane starts the next
        // batch at once instead of running every caller's remaining work first.
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "A group commit of {Writes} writes ({Rows} rows) failed; their stanzas get an error")]
        public static partial void CommitFailed(ILogger logger, int writes, int rows, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "Closing a writer's broken connection failed")]
        public static partial void CloseFailed(ILogger logger, Exception exception);

        [LoggerMessage(3, LogLevel.Warning, "A WAL checkpoint failed; the next one retries")]
        public static partial void CheckpointFailed(ILogger logger, Exception exception);
    }
}
