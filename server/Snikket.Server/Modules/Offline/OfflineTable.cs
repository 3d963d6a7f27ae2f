using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Snikket.Server.Storage;

namespace Snikket.Server.Modules.Offline;

/// <summary>
/// Appends <see cref="OfflineMessage"/> rows for the <see cref="GroupCommitWriter"/>: a binary COPY
/// on PostgreSQL, a prepared INSERT per row on SQLite. The database numbers the rows.
/// </summary>
internal sealed class OfflineTable : IAppendTable
{
    private const string Columns = "owner, sender, stamp, stanza";

    /// <summary>Nothing to prepare: the database numbers offline rows.</summary>
    public ValueTask PrepareAsync(DbConnection connection, IReadOnlyList<object> rows, CancellationToken ct) => ValueTask.CompletedTask;

    public async Task AppendAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object> rows, CancellationToken ct)
    {
        if (connection is NpgsqlConnection npgsql)
        {
            await using var import = await npgsql.BeginBinaryImportAsync($"COPY offline_messages ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
            // Synchronous writes: they fill Npgsql's buffer and rarely touch the socket; an await per
            // field costs more than the row. This runs on the writer's own loop, so a flush that
            // blocks holds up nothing else.
            foreach (OfflineMessage row in rows)
            {
                import.StartRow();
                import.Write(row.Owner, NpgsqlDbType.Text);
                import.Write(row.Sender, NpgsqlDbType.Text);
                import.Write(row.Stamp, NpgsqlDbType.Bigint);
                import.Write(row.Stanza, NpgsqlDbType.Bytea);
            }

            await import.CompleteAsync(ct);
            return;
        }

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO offline_messages ({Columns}) VALUES (@owner, @sender, @stamp, @stanza)";
        var owner = insert.AddParameter("@owner");
        var sender = insert.AddParameter("@sender");
        var stamp = insert.AddParameter("@stamp");
        var stanza = insert.AddParameter("@stanza");
        foreach (OfflineMessage row in rows)
        {
            owner.Value = row.Owner;
            sender.Value = row.Sender;
            stamp.Value = row.Stamp;
            stanza.Value = row.Stanza;
            insert.ExecuteNonQuery();
        }
    }
}
