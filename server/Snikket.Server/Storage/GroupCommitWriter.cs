using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace Snikket.Server.Storage;

/// <summary>
/// Group commit for rows that must be durable before a stanza counts as handled (XEP-0198 §4:
/// the server acknowledges a message once routing returns, and a message it acknowledged must
/// survive a crash). Callers queue rows and wait; one background loop takes everything queued (up
/// to <see cref="MaxRowsPerCommit"/> rows), appends it in one transaction, commits, and only then
/// releases the waiters. Under load many messages share one commit — one WAL sync — instead of
/// paying one each; when idle a lone message is committed at once, without waiting for company.
/// </summary>
/// <remarks>
/// <para>One loop, one connection: batches are committed in queue order, so a table that numbers
/// its rows while appending (the archive) commits them in number order, and a reader never sees
/// row N+1 without row N.</para>
/// <para>A failed commit fails every waiter of that batch (their messages are then answered with
/// an error instead of being acknowledged) and the connection is replaced.</para>
/// </remarks>
internal sealed partial class GroupCommitWriter : IAsyncDisposable
{
    /// <summary>Rows per transaction at most (a single write may go over it by its own rows).</summary>
    public const int MaxRowsPerCommit = 500;

    // Writes waiting for the loop; when full, callers wait, which slows the sessions that produce
    // them (back-pressure) instead of letting memory grow.
    private const int QueueCapacity = 20_000;

    private readonly IDbContextFactory<SnikketDb> _dbFactory;
    private readonly ILogger<GroupCommitWriter> _logger;
    private readonly Channel<PendingWrite> _queue = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly Task _loop;
    private SnikketDb? _db;
    private long _commits;
    private long _rows;

    public GroupCommitWriter(IDbContextFactory<SnikketDb> dbFactory, ILogger<GroupCommitWriter> logger)
    {
        _dbFactory = dbFactory;
        _logger = logger;
        _loop = Task.Run(RunAsync);
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

    /// <summary>Stops taking writes, commits what is queued, and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        if (_db is not null)
        {
            await _db.DisposeAsync();
            _db = null;
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingWrite>();
        while (await reader.WaitToReadAsync())
        {
            var rows = 0;
            while (rows < MaxRowsPerCommit && reader.TryRead(out var write))
            {
                batch.Add(write);
                rows += write.Rows.Length;
            }

            try
            {
                await CommitAsync(batch);
                Interlocked.Increment(ref _commits);
                Interlocked.Add(ref _rows, rows);
                foreach (var write in batch)
                {
                    write.Committed.TrySetResult();
                }
            }
            catch (Exception e)
            {
                Log.CommitFailed(_logger, batch.Count, rows, e);
                await ResetAsync();
                foreach (var write in batch)
                {
                    write.Committed.TrySetException(e);
                }
            }

            batch.Clear();
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        // Not cancellable: a commit is either done or failed, never abandoned half-way.
        var ct = CancellationToken.None;
        var connection = await ConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var (table, rows) in GroupByTable(batch))
        {
            await table.AppendAsync(connection, transaction, rows, ct);
        }

        await transaction.CommitAsync(ct);
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

    private async Task<DbConnection> ConnectionAsync(CancellationToken ct)
    {
        if (_db is null)
        {
            var db = await _dbFactory.CreateDbContextAsync(ct);
            try
            {
                await db.Database.OpenConnectionAsync(ct);
                if (db.Database.IsSqlite())
                {
                    // In WAL mode (set at start-up, see ServerHost) NORMAL syncs the WAL only at
                    // checkpoints, not at every commit. A commit is still in the WAL file (the OS
                    // page cache) when the transaction returns, so it survives the server process
                    // being killed — which is the failure an acknowledged message must survive —
                    // but the last commits may be lost if the whole machine loses power. FULL
                    // would sync on every commit, at about ten times the cost per commit.
                    await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL", ct);
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

    private async Task ResetAsync()
    {
        if (_db is not null)
        {
            try
            {
                await _db.DisposeAsync();
            }
            catch (Exception e)
            {
                Log.CloseFailed(_logger, e);
            }

            _db = null;
        }
    }

    /// <summary>Rows of one caller and the signal that they are committed.</summary>
    private sealed class PendingWrite(IAppendTable table, object[] rows)
    {
        public IAppendTable Table => table;

        public object[] Rows => rows;

        // Continuations run on the thread pool, not on the writer loop, so the loop starts the
        // next commit at once instead of running every caller's remaining work first.
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "A group commit of {Writes} writes ({Rows} rows) failed; their stanzas get an error")]
        public static partial void CommitFailed(ILogger logger, int writes, int rows, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "Closing the writer's broken connection failed")]
        public static partial void CloseFailed(ILogger logger, Exception exception);
    }
}
