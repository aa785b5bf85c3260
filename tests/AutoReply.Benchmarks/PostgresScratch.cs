using Npgsql;

namespace AutoReply.Benchmarks;

/// A new, empty database on the server a connection string names, for one benchmark run; dropped afterwards.
sealed class PostgresScratch : IDisposable
{
    readonly string admin;
    readonly string name;

    PostgresScratch(string admin, string name, string connectionString)
    {
        this.admin = admin;
        this.name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static PostgresScratch Create(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = "autoreply_bench_" + Guid.NewGuid().ToString("N")[..12];
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        Run(admin, $"CREATE DATABASE {name}");
        builder.Database = name;
        return new PostgresScratch(admin, name, builder.ConnectionString);
    }

    static void Run(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Run(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }
}
