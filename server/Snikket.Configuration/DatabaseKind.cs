namespace Snikket.Configuration;

/// <summary>Which database engine <c>SNIKKET_TWEAK_DATABASE_URL</c> selects.</summary>
public enum DatabaseKind
{
    /// <summary>The embedded default: one SQLite file in the data directory.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server reached through a connection URL.</summary>
    PostgreSql,
}
