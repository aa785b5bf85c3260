using AutoReply.Service.Tests.Harness;
using AutoReply.Storage;
using AutoReply.Storage.Postgres;
using AutoReply.Storage.Sqlite;

namespace AutoReply.Service.Tests.Stores;

/// A fresh, migrated database of one provider for one contract test, removed afterwards.
public sealed class TestDatabase : IDisposable
{
    readonly Action cleanup;

    TestDatabase(Database database, Action cleanup)
    {
        Database = database;
        this.cleanup = cleanup;
        database.Migrate();
    }

    public Database Database { get; }

    public static TestDatabase Sqlite()
    {
        var directory = Repo.TempDirectory();
        return new TestDatabase(new SqliteDatabase($"Data Source={Path.Combine(directory, "a.db")}", Durability.Normal), () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        });
    }

    public static TestDatabase Postgres(PostgresServer server)
    {
        var database = new PostgresDatabase(server.CreateDatabase());
        return new TestDatabase(database, database.Dispose);
    }

    public void Dispose() => cleanup();
}

/// A store's contract: written once, run on every provider by one small subclass each.
public abstract class StoreContract(TestDatabase database) : IDisposable
{
    protected Database Database => database.Database;

    public void Dispose() => database.Dispose();
}

/// Every hand-off to one team: for contracts that commit turns.
sealed class OneTeam : AutoReply.Storage.Handoffs.ITeamRouting
{
    public string TeamFor(string category) => "support";
}
