using System.Data.Common;

namespace Snikket.Server.Storage;

/// <summary>
/// A table that <see cref="GroupCommitWriter"/> appends rows to. The feature that owns the table
/// implements it (it knows the columns and the fastest way to insert many rows on each engine);
/// the writer owns the connections, the transactions and the commits.
/// </summary>
internal interface IAppendTable
{
    /// <summary>
    /// Called for every batch, one batch at a time and in queue order, before the batch is
    /// appended: a table that numbers its rows does it here, so numbers increase in the order the
    /// batches commit. <paramref name="connection"/> is the connection that will append the batch
    /// (no transaction is open on it yet).
    /// </summary>
    ValueTask PrepareAsync(DbConnection connection, IReadOnlyList<object> rows, CancellationToken ct);

    /// <summary>
    /// Inserts <paramref name="rows"/> (in this order) inside <paramref name="transaction"/>.
    /// Batches may be appended concurrently on different connections; they commit in the order
    /// they were prepared.
    /// </summary>
    Task AppendAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object> rows, CancellationToken ct);
}
