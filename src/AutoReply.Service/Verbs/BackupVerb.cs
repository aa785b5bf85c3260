using AutoReply.Service.Configuration;
using AutoReply.Storage.Sqlite;
using Dapper;
using Microsoft.Data.Sqlite;

namespace AutoReply.Service.Verbs;

/// autoreply backup --to FILE       a consistent copy of the live SQLite database, taken while DMs keep arriving
/// autoreply restore --from FILE    puts a copy back, refusing while an instance uses the database
/// SQLite's online backup API copies page by page under a read snapshot: the copy is the database as of one commit,
/// WAL included, and writers are not stopped. PostgreSQL: use its own tools (pg_dump, base backups) — see README.
static class BackupVerb
{
    public static int Backup(string[] args, IConfiguration config)
    {
        var to = Path.GetFullPath(new VerbArgs(args).Required("to"));
        var database = Sqlite(config, "backup");
        if (!File.Exists(database.FilePath)) throw new VerbUsageException($"{database.FilePath} does not exist: nothing to back up");
        if (File.Exists(to)) throw new VerbUsageException($"{to} exists: give a new file (a backup never overwrites one)");
        if (!Directory.Exists(Path.GetDirectoryName(to))) throw new VerbUsageException($"{Path.GetDirectoryName(to)} does not exist: not backed up");
        try
        {
            using var source = database.Open();
            using var target = new SqliteConnection($"Data Source={to};Pooling=False");
            target.Open();
            source.BackupDatabase(target);
            var check = target.ExecuteScalar<string>("PRAGMA integrity_check");
            if (check != "ok") throw new VerbUsageException($"the copy failed its integrity check ({check}): not backed up");
            var (dms, pending) = target.QuerySingle<(long, long)>("SELECT COUNT(*), COALESCE(SUM(CASE WHEN state = 0 THEN 1 ELSE 0 END), 0) FROM inbox");
            Console.WriteLine($"backed up {database.FilePath} to {to}: {dms} DMs ({pending} not yet decided; they are decided after a restore), integrity ok");
            return 0;
        }
        catch (Exception e) when (e is SqliteException or VerbUsageException)
        {
            // A copy that failed half-way is no backup: it is not left for someone to restore from later.
            SqliteConnection.ClearAllPools();
            File.Delete(to);
            throw e as VerbUsageException ?? new VerbUsageException($"copying {database.FilePath} to {to} failed ({e.Message}): not backed up");
        }
    }

    public static int Restore(string[] args, IConfiguration config)
    {
        var from = Path.GetFullPath(new VerbArgs(args).Required("from"));
        if (!File.Exists(from)) throw new VerbUsageException($"{from} does not exist");
        var database = Sqlite(config, "restore");
        try
        {
            using var backup = new SqliteConnection($"Data Source={from};Mode=ReadOnly;Pooling=False");
            backup.Open();
            var check = backup.ExecuteScalar<string>("PRAGMA integrity_check");
            if (check != "ok") throw new VerbUsageException($"{from} fails its integrity check ({check}): not restored");
            RefuseForeign(backup, from);
            if (File.Exists(database.FilePath))
            {
                using var live = database.Open();
                // An instance beats every second (Instance:HeartbeatSeconds); one that beat in the last minute may still run.
                var cutoff = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
                var running = live.Query<(string Id, long At)>("SELECT id, heartbeat_at FROM instances WHERE heartbeat_at >= @cutoff", new { cutoff }).ToList();
                if (running.Count > 0)
                {
                    // A crashed instance looks like a running one until its last heartbeat is a minute old: say when that is.
                    var clear = DateTimeOffset.FromUnixTimeMilliseconds(running.Max(r => r.At)).AddMinutes(1);
                    throw new VerbUsageException($"{database.FilePath} is in use by instance {string.Join(", ", running.Select(r => r.Id))} " +
                        $"(its last heartbeat {Math.Max(0, (DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(running.Max(r => r.At))).TotalSeconds):0} s ago): " +
                        $"stop it first (a restore under a running service would lose what it writes); if it has stopped or crashed, " +
                        $"try again after {clear:HH:mm:ss} UTC");
                }
                // What is replaced is kept beside it, for a restore from the wrong file.
                var kept = $"{database.FilePath}.before-restore-{DateTimeOffset.UtcNow:yyyyMMddTHHmmss}";
                using (var copy = new SqliteConnection($"Data Source={kept};Pooling=False"))
                    live.BackupDatabase(copy);
                Console.WriteLine($"kept the database it replaces as {kept}");
            }
            using var target = database.Open();
            backup.BackupDatabase(target);
        }
        catch (SqliteException e)
        {
            // "file is not a database", a locked or unreadable file (either side): nothing was copied over the live database.
            throw new VerbUsageException($"restoring {database.FilePath} from {from} failed ({e.Message}): not restored");
        }
        SqliteConnection.ClearAllPools();
        Console.WriteLine($"restored {database.FilePath} from {from}");
        return 0;
    }

    /// A restore replaces the whole database, so the file must be an AutoReply database this build can run: another
    /// application's SQLite file, or one from a newer AutoReply, is refused before anything is copied.
    static void RefuseForeign(SqliteConnection backup, string from)
    {
        var tables = backup.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('schema_migrations', 'inbox', 'handoffs')").ToHashSet();
        if (tables.Count < 3)
            throw new VerbUsageException($"{from} is not an AutoReply database (no {string.Join(", ", new[] { "schema_migrations", "inbox", "handoffs" }.Except(tables))} table): not restored");
        var version = backup.ExecuteScalar<int?>("SELECT MAX(version) FROM schema_migrations") ?? 0;
        if (version > Migrations.Latest)
            throw new VerbUsageException($"{from} is at schema version {version}, newer than this build knows ({Migrations.Latest}): not restored; run a newer AutoReply");
    }

    static SqliteDatabase Sqlite(IConfiguration config, string verb)
    {
        var database = ServiceHost.OpenDatabase(ServiceHost.Options<StorageOptions>(config), config);
        return database as SqliteDatabase
            ?? throw new VerbUsageException(
                $"autoreply {verb} copies SQLite databases; for PostgreSQL use pg_dump / pg_restore or base backups (see README, Operating AutoReply)");
    }
}
