using AutoReply.Service.Tests.Harness;
using AutoReply.Storage.Postgres;
using Dapper;
using Npgsql;

namespace AutoReply.Service.Tests;

/// Issue 13, first step: the schema on PostgreSQL, applied once however many instances start together.
[Collection(PostgresCollection.Name)]
public sealed class PostgresMigrationTests(PostgresServer server)
{
    [Fact]
    public async Task Instances_starting_together_apply_the_schema_once()
    {
        await using var database = NpgsqlDataSource.Create(server.CreateDatabase());
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresMigrations.Apply(database))));

        Assert.Single(results, r => r.Count > 0);   // one instance applied the steps; the others waited and found them
        Assert.Equal(Enumerable.Range(1, PostgresMigrations.Latest), results.Single(r => r.Count > 0));
        await using var connection = await database.OpenConnectionAsync();
        Assert.Equal(PostgresMigrations.Latest, await connection.ExecuteScalarAsync<int>("SELECT MAX(version) FROM schema_migrations"));
        Assert.Equal(PostgresMigrations.Latest, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM schema_migrations"));
        var tables = (await connection.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).ToHashSet();
        foreach (var table in new[] { "inbox", "conversations", "contacts", "outbox", "transcript", "handoffs", "escalations", "notifications", "public_invites", "csat" })
            Assert.Contains(table, tables);
        Assert.Empty(PostgresMigrations.Apply(database));   // a restart finds nothing to do
    }

    [Fact]
    public async Task A_database_newer_than_the_build_is_refused()
    {
        await using var database = NpgsqlDataSource.Create(server.CreateDatabase());
        PostgresMigrations.Apply(database);
        await using (var connection = await database.OpenConnectionAsync())
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, applied_at) VALUES (@v, now())", new { v = PostgresMigrations.Latest + 1 });
        var e = Assert.Throws<InvalidOperationException>(() => PostgresMigrations.Apply(database));
        Assert.Contains("newer than this build knows", e.Message);
    }

    [Fact]
    public async Task The_unique_keys_that_make_steps_idempotent_hold()
    {
        await using var database = NpgsqlDataSource.Create(server.CreateDatabase());
        PostgresMigrations.Apply(database);
        await using var connection = await database.OpenConnectionAsync();
        const string append = """
            INSERT INTO inbox (channel, platform_id, thread_id, sender_id, text, sent_at, received_at)
            VALUES ('generic', 'm-1', 't-1', 'u-1', 'hi', 1, 1) ON CONFLICT (channel, platform_id) DO NOTHING
            """;
        Assert.Equal(1, await connection.ExecuteAsync(append));
        Assert.Equal(0, await connection.ExecuteAsync(append));   // a redelivered DM is not stored twice
        const string escalate = "INSERT INTO escalations (handoff_id, kind, tier, tier_name, due_at, fired_at, fired_by) VALUES ('h', 'warning', 1, 'team', 1, 1, 'a') ON CONFLICT DO NOTHING";
        Assert.Equal(1, await connection.ExecuteAsync(escalate));
        Assert.Equal(0, await connection.ExecuteAsync(escalate));
    }
}
