using System.Diagnostics;
using AutoReply.Core.Handoffs;
using AutoReply.Core.Time;
using AutoReply.Storage.Handoffs;
using AutoReply.Storage;
using AutoReply.Storage.Sqlite;
using AutoReply.Storage.Transcript;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace AutoReply.Benchmarks;

/// The escalation check over a large open queue (the issue's target: 100,000 open hand-offs, under 1 s), on a
/// SQLite file with Durability=Full or on PostgreSQL (a new database, dropped afterwards), the way the Quartz job runs
/// it: passes of 2,000 hand-offs through the writer.
///   dotnet run -c Release --project tests/AutoReply.Benchmarks -- escalation [--open 100000] [--due 1000]
///       [--provider postgres --connection "Host=…;Username=…;Database=postgres"]
/// Three checks: one where nothing is due (what most cron runs are), one where --due hand-offs have a step due
/// (a busy minute), and one after an outage where every open hand-off has steps due at once.
static class EscalationBenchmark
{
    const int PassSize = 2000;

    public static async Task<int> Run(string[] argv)
    {
        var a = new Args(argv);
        var open = a.Int("open", 100_000);
        var dueCount = a.Int("due", 1_000);
        var provider = a.Get("provider") ?? "sqlite";
        if (provider == "postgres" && a.Get("connection") is null) throw new ArgumentException("--provider postgres needs --connection \"Host=…;Username=…;Database=…\"");
        var directory = Path.Combine(Path.GetTempPath(), "autoreply-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        using var scratch = provider == "postgres" ? PostgresScratch.Create(a.Get("connection")!) : null;
        Database database = scratch is null
            ? new SqliteDatabase($"Data Source={Path.Combine(directory, "escalation.db")}", Durability.Full)
            : new AutoReply.Storage.Postgres.PostgresDatabase(scratch.ConnectionString);
        Console.WriteLine($"escalation check on {provider}");
        try
        {
            database.Migrate();
            var hours = Hours();
            var sla = SlaPolicies.Default(hours);
            var tiers = new EscalationTier[]
            {
                new(1, "team", Duration.Zero, "https://hooks.example.com/team", [], null),
                new(2, "team lead", Duration.Zero, "https://hooks.example.com/leads", ["lead@example.com"], "leads"),
                new(3, "head of care", Duration.FromHours(2), "https://hooks.example.com/head", [], null),
            };
            var plan = new EscalationPlan(hours, tiers);

            // Opened one a second, ending at "start": the newest hand-offs have their warning furthest ahead.
            var start = Instant.FromUtc(2026, 11, 24, 9, 0);
            var sw = Stopwatch.StartNew();
            Seed(database, sla, open, start);
            Console.WriteLine($"seeded {open:N0} open hand-offs in {sw.Elapsed.TotalSeconds:F1} s");

            await using var writes = new WriteQueue(database);
            var store = new EscalationStore(new TranscriptStore(), database);

            // The earliest next_check_at, then the instant at which exactly dueCount hand-offs have a step due.
            long[] checks;
            using (var db = database.Open())
                checks = Dapper.SqlMapper.Query<long>(db, "SELECT next_check_at FROM handoffs WHERE state <> 'resolved' ORDER BY next_check_at").ToArray();
            var nothingDue = Instant.FromUnixTimeMilliseconds(checks[0] - 1);
            var warmUp = Instant.FromUnixTimeMilliseconds(checks[Math.Min(100, checks.Length) - 1]);
            var busyMinute = Instant.FromUnixTimeMilliseconds(checks[Math.Min(100 + dueCount, checks.Length) - 1]);
            var afterOutage = start + Duration.FromDays(30);

            await Check("nothing due (cold start)", nothingDue);
            await Check("nothing due", nothingDue);
            await Check("100 due (warm-up)", warmUp);
            await Check($"{dueCount:N0} due", busyMinute);
            await Check("after an outage (all due)", afterOutage);
            return 0;

            async Task Check(string name, Instant now)
            {
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var gcs = GC.CollectionCount(0);
                var timer = Stopwatch.StartNew();
                int examined = 0, fired = 0, passes = 0;
                EscalationPass pass;
                do
                {
                    pass = await writes.Write((db, tx) => store.Check(plan, now, "bench", PassSize, db, tx));
                    examined += pass.Examined;
                    fired += pass.Fired.Count;
                    passes++;
                } while (pass.Examined == PassSize);
                timer.Stop();
                Console.WriteLine($"check, {name,-28} {open:N0} open: {timer.Elapsed.TotalMilliseconds,9:F1} ms  ({examined:N0} hand-offs examined, {fired:N0} escalations fired, {passes} pass(es)); {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6:N0} MB allocated, {GC.CollectionCount(0) - gcs} collections");
            }
        }
        finally
        {
            (database as IDisposable)?.Dispose();
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    static void Seed(Database database, SlaPolicies sla, int open, Instant start)
    {
        var categories = new[] { "general", "service", "billing", "sales", "complaint" };
        using var db = database.Open();
        using var tx = db.BeginTransaction();
        const string sql = """
            INSERT INTO handoffs (id, channel, thread_id, sender_id, category, priority, reason, summary, state, messages, opened_at, updated_at,
                                  warn_at, first_response_due, resolution_due, team, next_check_at)
            VALUES (@id, 'generic', @thread, @sender, @category, 1, 'NoConfidentAnswer', '{}', 'queued', 1, @opened, @opened, @warn, @first, @resolution, 'support', @warn)
            """;
        for (var i = 0; i < open; i++)
        {
            var opened = start - Duration.FromSeconds(open - i);
            var category = categories[i % categories.Length];
            var (first, resolution, warn) = sla.DueTimes(category, Priority.Normal, opened);
            db.Execute(tx, sql, ("@id", Guid.CreateVersion7().ToString("N")), ("@thread", $"t{i}"), ("@sender", $"u{i}"), ("@category", category),
                ("@opened", opened.ToUnixTimeMilliseconds()), ("@warn", warn.ToUnixTimeMilliseconds()), ("@first", first.ToUnixTimeMilliseconds()),
                ("@resolution", resolution.ToUnixTimeMilliseconds()));
        }
        tx.Commit();
    }

    /// Open every day around the clock, so the seeded hand-offs fall due one after another (no night to bunch them).
    static BusinessHours Hours() => new(DateTimeZoneProviders.Tzdb["Europe/Berlin"],
        Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None)
            .ToDictionary(d => d, _ => new[] { new Opening(LocalTime.Midnight, LocalTime.Midnight, ClosesAtMidnight: true) }), []);
}
