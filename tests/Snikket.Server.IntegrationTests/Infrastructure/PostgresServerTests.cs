using Npgsql;

namespace Snikket.Server.IntegrationTests.Infrastructure;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task A_database_created_from_a_template_has_the_template_table()
    {
        var server = await PostgresServer.SharedAsync();
        var template = await server.CreateDatabaseAsync("fixture_template");
        await ExecuteAsync(template, "CREATE TABLE accounts (name text PRIMARY KEY); INSERT INTO accounts VALUES ('alice');");
        var templateName = DatabaseName(template);

        var copy = await server.CreateDatabaseAsync("fixture_copy", templateName);

        Assert.NotEqual(templateName, DatabaseName(copy));
        Assert.Equal("alice", await ScalarAsync(copy, "SELECT name FROM accounts"));
        await server.DropDatabaseAsync(DatabaseName(copy));
        await server.DropDatabaseAsync(templateName);
    }

    [Fact]
    public async Task Two_created_databases_are_isolated()
    {
        var server = await PostgresServer.SharedAsync();
        var first = await server.CreateDatabaseAsync("fixture_isolated");
        var second = await server.CreateDatabaseAsync("fixture_isolated");

        await ExecuteAsync(first, "CREATE TABLE only_here (id int); INSERT INTO only_here VALUES (1);");

        Assert.NotEqual(DatabaseName(first), DatabaseName(second));
        Assert.Equal(1L, await ScalarAsync(first, "SELECT count(*) FROM only_here"));
        Assert.Equal(0L, await ScalarAsync(second, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'"));
        await server.DropDatabaseAsync(DatabaseName(first));
        await server.DropDatabaseAsync(DatabaseName(second));
    }

    [Fact]
    public async Task A_dropped_database_is_gone_even_with_an_open_connection()
    {
        var server = await PostgresServer.SharedAsync();
        var database = await server.CreateDatabaseAsync("fixture_dropped");
        var name = DatabaseName(database);
        await using var open = new NpgsqlConnection(database);
        await open.OpenAsync();

        await server.DropDatabaseAsync(name);

        Assert.Equal(0L, await ScalarAsync(server.ConnectionString("postgres"), $"SELECT count(*) FROM pg_database WHERE datname = '{name}'"));
    }

    [Fact]
    public async Task The_shared_server_is_one_instance_per_process()
    {
        Assert.Same(await PostgresServer.SharedAsync(), await PostgresServer.SharedAsync());
    }

    private static string DatabaseName(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString).Database!;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
