using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Snikket.Server.Storage;

namespace Snikket.Server.Modules.Mam;

/// <summary>
/// Appends <see cref="ArchivedMessage"/> rows for the <see cref="GroupCommitWriter"/>, numbering
/// them as it goes: ids are assigned on the writer's single loop, in queue order, inside the
/// transaction that stores them, so ids increase in commit order. On PostgreSQL a batch is one
/// binary COPY (one round trip for the whole batch); on SQLite, one prepared INSERT run per row
/// (SQLite is in-process, so a statement costs microseconds, not a round trip).
/// </summary>
internal sealed class ArchiveTable : IAppendTable
{
    private const string Columns = "id, owner, with_bare, with_resource, stamp, stanza";

    private readonly ArchiveIds _ids = new();
    private bool _seeded;

    public async Task AppendAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object> rows, CancellationToken ct)
    {
        if (!_seeded)
        {
            // Continue above whatever is stored, even if the clock is now behind it.
            await using var max = connection.CreateCommand();
            max.Transaction = transaction;
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
        foreach (ArchivedMessage row in rows)
        {
            await import.StartRowAsync(ct);
            await import.WriteAsync(row.Id, NpgsqlDbType.Bigint, ct);
            await import.WriteAsync(row.Owner, NpgsqlDbType.Text, ct);
            await import.WriteAsync(row.WithBare, NpgsqlDbType.Text, ct);
            if (row.WithResource is null)
            {
                await import.WriteNullAsync(ct);
            }
            else
            {
                await import.WriteAsync(row.WithResource, NpgsqlDbType.Text, ct);
            }

            await import.WriteAsync(row.Stamp, NpgsqlDbType.Bigint, ct);
            await import.WriteAsync(row.Stanza, NpgsqlDbType.Bytea, ct);
        }

        await import.CompleteAsync(ct);
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object> rows, CancellationToken ct)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO archive ({Columns}) VALUES (@id, @owner, @with_bare, @with_resource, @stamp, @stanza)";
        var id = Parameter(insert, "@id");
        var owner = Parameter(insert, "@owner");
        var withBare = Parameter(insert, "@with_bare");
        var withResource = Parameter(insert, "@with_resource");
        var stamp = Parameter(insert, "@stamp");
        var stanza = Parameter(insert, "@stanza");
        foreach (ArchivedMessage row in rows)
        {
            id.Value = row.Id;
            owner.Value = row.Owner;
            withBare.Value = row.WithBare;
            withResource.Value = (object?)row.WithResource ?? DBNull.Value;
            stamp.Value = row.Stamp;
            stanza.Value = row.Stanza;
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
