using System.Data.Common;

namespace Snikket.Server.Storage;

/// <summary>
/// A table that <see cref="GroupCommitWriter"/> appends rows to. The feature that owns the table
/// implements it (it knows the columns and the fastest way to insert many rows on each engine);
/// the writer owns the connection, the transaction and the commit.
/// </summary>
internal interface IAppendTable
{
    /// <summary>
    /// Inserts <paramref name="rows"/> (in this order) inside <paramref name="transaction"/>. Runs on
    /// the writer's single loop, so batches are appended one after another, in queue order.
    /// </summary>
    Task AppendAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object> rows, CancellationToken ct);
}
