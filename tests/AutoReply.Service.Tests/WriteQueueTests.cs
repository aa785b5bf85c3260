using AutoReply.Service.Tests.Harness;
using AutoReply.Storage;
using AutoReply.Storage.Sqlite;
using Dapper;

namespace AutoReply.Service.Tests;

/// The single writer's promise: a unit that fails is undone alone; the units it shared a transaction with commit.
public sealed class WriteQueueTests
{
    [Fact]
    public async Task A_failing_unit_is_rolled_back_alone_and_the_rest_of_its_batch_commits()
    {
        var database = new SqliteDatabase($"Data Source={Path.Combine(Repo.TempDirectory(), "w.db")}");
        using (var setup = database.Open()) setup.Execute("CREATE TABLE t (n INTEGER PRIMARY KEY)");
        await using var writes = new WriteQueue(database);

        // Queued together, so they land in the same batches; unit 25 writes and then throws.
        var units = Enumerable.Range(0, 50).Select(n => writes.Write((db, tx) =>
        {
            db.Execute("INSERT INTO t (n) VALUES (@n)", new { n }, tx);
            if (n == 25) throw new InvalidOperationException("unit 25 fails after writing");
            return n;
        })).ToList();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => units[25]);
        Assert.Equal("unit 25 fails after writing", failure.Message);
        foreach (var (unit, n) in units.Select((u, n) => (u, n)).Where(p => p.n != 25)) Assert.Equal(n, await unit);
        using var read = database.Open();
        var stored = read.Query<int>("SELECT n FROM t ORDER BY n").ToList();
        Assert.Equal(Enumerable.Range(0, 50).Where(n => n != 25), stored);
        Assert.True(writes.Stats.Batches < 50, "the units were committed in shared transactions");
    }
}
