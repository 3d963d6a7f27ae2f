using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Snikket.Server.Storage;

namespace Snikket.Server.Modules.Mam;

/// <summary>
/// Appends <see cref="ArchivedMessage"/> rows for the <see cref="GroupCommitWriter"/>, numbering
/// them first: the writer prepares batches one at a time in queue order and commits them in that
/// order, so ids increase in commit order and a reader never sees a later id before an earlier one. On PostgreSQL a batch is one
/// binary COPY (one round trip for the whole batch); on SQLite, one prepared INSERT run per row
/// (SQLite is in-process, so a statement costs microseconds, not a round trip).
/// </summary>
internal sealed class ArchiveTable : IAppendTable
{
    private const string Columns = "id, owner, with_bare, with_resource, stamp, stanza";

    private readonly ArchiveIds _ids = new();
    private bool _seeded;

    /// <summary>Numbers the batch: called in queue order, one batch at a time, so ids increase in commit order.</summary>
    public async ValueTask PrepareAsync(DbConnection connection, IReadOnlyList<object> rows, CancellationToken ct)
    {
        if (!_seeded)
        {
            // Continue above whatever is stored, even if the clock is now behind it.
            await using var max = connection.CreateCommand();
            max.CommandText = "SELECT MAX(id) FROM archive";
            if (await max.ExecuteScalarAsync(ct) is { } value and not DBNull)
            {
                _ids.Observe(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            }

            _seeded = true;
        }

        foreach (ArchivedMessage row in rows)
        {
            row.Id = _ids.Next(row.Stamp);
        }
    }

    public async Task AppendAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object> rows, CancellationToken ct)
    {
        if (connection is NpgsqlConnection npgsql)
        {
            await CopyAsync(npgsql, rows, ct);
        }
        else
        {
            await InsertAsync(connection, transaction, rows, ct);
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<object> rows, CancellationToken ct)
    {
        await using var import = await connection.BeginBinaryImportAsync($"COPY archive ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
        // Synchronous writes: they fill Npgsql's buffer and rarely touch the socket; an await per
        // field costs more than the row. This runs on the writer's own loop, so a flush that
        // blocks holds up nothing else.
        foreach (ArchivedMessage row in rows)
        {
            import.StartRow();
            import.Write(row.Id, NpgsqlDbType.Bigint);
            import.Write(row.Owner, NpgsqlDbType.Text);
            import.Write(row.WithBare, NpgsqlDbType.Text);
            if (row.WithResource is null)
            {
                import.WriteNull();
            }
            else
            {
                import.Write(row.WithResource, NpgsqlDbType.Text);
            }

            import.Write(row.Stamp, NpgsqlDbType.Bigint);
            import.Write(row.Stanza, NpgsqlDbType.Bytea);
        }

        await import.CompleteAsync(ct);
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object> rows, CancellationToken ct)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO archive ({Columns}) VALUES (@id, @owner, @with_bare, @with_resource, @stamp, @stanza)";
        var id = insert.AddParameter("@id");
        var owner = insert.AddParameter("@owner");
        var withBare = insert.AddParameter("@with_bare");
        var withResource = insert.AddParameter("@with_resource");
        var stamp = insert.AddParameter("@stamp");
        var stanza = insert.AddParameter("@stanza");
        foreach (ArchivedMessage row in rows)
        {
            id.Value = row.Id;
            owner.Value = row.Owner;
            withBare.Value = row.WithBare;
            withResource.Value = (object?)row.WithResource ?? DBNull.Value;
            stamp.Value = row.Stamp;
            stanza.Value = row.Stanza;
            insert.ExecuteNonQuery();
        }
    }
}
