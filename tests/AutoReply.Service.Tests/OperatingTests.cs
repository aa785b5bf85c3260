using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoReply.Service.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace AutoReply.Service.Tests;

/// What the people who run AutoReply rely on: no open door behind a proxy, health for orchestrators, dead letters
/// that can be sent again, an API description.
public sealed class OperatingTests
{
    static readonly string[] CustomerDataPaths = ["/api/threads/t-1", "/api/handoffs", "/api/stats", "/api/deadletters", "/api/privacy/log", "/api/consent/generic/u-1"];

    [Fact]
    public async Task Without_the_development_switch_and_without_a_token_nobody_gets_customer_data_but_webhooks_and_health_work()
    {
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, settings: new Dictionary<string, string?> { ["Api:AllowAnonymousLoopback"] = "false" });
        foreach (var path in CustomerDataPaths)
            Assert.Equal(HttpStatusCode.Unauthorized, (await service.Http.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await service.Post(TestService.Dm("m-1", "t-1", "hello"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Http.GetAsync("/healthz")).StatusCode);
        Assert.Contains(TestLog.Lines, l => l.Message.Contains("autoreply token"));   // the start-up says how to set one
    }

    [Fact]
    public async Task A_request_through_a_proxy_is_never_taken_for_a_local_one()
    {
        await using var service = await TestService.Start();   // the development switch is on, no token configured
        Assert.Equal(HttpStatusCode.OK, (await service.Http.GetAsync("/api/handoffs")).StatusCode);   // on this machine: the operator
        foreach (var (header, value) in new[] { ("X-Forwarded-For", "203.0.113.7"), ("Forwarded", "for=203.0.113.7"), ("X-Real-IP", "203.0.113.7"),
                     ("CF-Connecting-IP", "203.0.113.7"), ("True-Client-IP", "203.0.113.7"), ("X-Original-For", "203.0.113.7"), ("Via", "1.1 proxy") })
            foreach (var path in CustomerDataPaths)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.TryAddWithoutValidation(header, value);
                Assert.Equal(HttpStatusCode.Unauthorized, (await service.Http.SendAsync(request)).StatusCode);
            }
    }

    [Fact]
    public async Task An_unknown_verb_is_refused_with_the_list_of_verbs_instead_of_starting_the_service()
    {
        var (exit, output) = await Cli.Run(Repo.Root, "hlep");
        Assert.Equal(2, exit);
        Assert.Contains("unknown verb 'hlep'", output);
        Assert.Contains("autoreply recognize", output);
        var (helped, usage) = await Cli.Run(Repo.Root, "help");
        Assert.Equal(0, helped);
        Assert.Contains("autoreply check", usage);
    }

    [Fact]
    public async Task The_token_verb_prints_a_token_and_the_hash_that_lets_it_in()
    {
        var (exit, output) = await Cli.Run(Repo.Root, "token");
        Assert.Equal(0, exit);
        var token = output.Split('\n').First(l => l.StartsWith("token:")).Split(':', 2)[1].Trim();
        var hash = output.Split('\n').First(l => l.StartsWith("TokenSha256:")).Split(':', 2)[1].Trim();
        Assert.Equal(Agents.Hash(token), hash);
        await using var service = await TestService.Start(settings: new Dictionary<string, string?> { ["Api:TokenSha256"] = hash });
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Http.GetAsync("/api/handoffs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Http.SendAsync(Agents.As(token, HttpMethod.Get, "/api/handoffs"))).StatusCode);
    }

    [Fact]
    public async Task A_dead_letter_sent_again_is_delivered_under_its_original_key()
    {
        await using var receiver = await Receiver.Start();
        receiver.Respond = (_, _) => 500;
        await using var service = await TestService.Start(receiver, settings: new Dictionary<string, string?> { ["Outbox:MaxAttempts"] = "2" });
        await service.Post(TestService.Dm("m-1", "t-dead", "hello"));
        var dead = await Eventually.ValueAsync(() => service.Http.GetFromJsonAsync<JsonElement[]>("/api/deadletters")!, d => d!.Length == 1, "a dead letter");
        var id = dead![0].GetProperty("id").GetString()!;
        var firstKey = receiver.Failed.First().IdempotencyKey;

        receiver.Respond = (_, _) => 200;   // the receiver is mended
        Assert.Equal(HttpStatusCode.NotFound, (await service.Http.PostAsync("/api/deadletters/nope/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await service.Http.PostAsync($"/api/deadletters/{id}/retry", null)).StatusCode);
        var delivered = (await receiver.WaitUntil(d => d.Any(r => r.Id == id && !receiver.Failed.Contains(r)), "the reply, delivered")).Last(r => r.Id == id);
        Assert.Equal(firstKey, delivered.IdempotencyKey);
        Assert.Empty((await service.Http.GetFromJsonAsync<JsonElement[]>("/api/deadletters"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Http.PostAsync($"/api/deadletters/{id}/retry", null)).StatusCode);   // not dead any more
    }

    [Fact]
    public async Task Live_and_ready_answer_for_orchestrators()
    {
        await using var service = await TestService.Start();
        Assert.Equal(HttpStatusCode.OK, (await service.Http.GetAsync("/healthz/live")).StatusCode);
        var ready = await service.Http.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var readiness = service.Services.GetRequiredService<Health.Readiness>();
        readiness.Set(false);   // as when the host begins to stop
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await service.Http.GetAsync("/healthz/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Http.GetAsync("/healthz/live")).StatusCode);
    }

    /// /healthz said healthy while nothing was decided: a DM stuck behind another instance's lease, a worker whose every
    /// pass fails. It now says why it is not.
    [Fact]
    public async Task Health_is_unhealthy_when_a_DM_waits_too_long_or_a_worker_keeps_failing()
    {
        // The outbox worker polls once an hour here: nothing resets the failures this test reports for it.
        await using var service = await TestService.Start(settings: new Dictionary<string, string?>
        {
            ["Health:MaxInboxWaitSeconds"] = "30", ["Outbox:PollSeconds"] = "3600", ["Health:StalledAfterSeconds"] = "7200",
        });
        Assert.Equal(HttpStatusCode.OK, (await service.Http.GetAsync("/healthz")).StatusCode);

        // A DM leased by an instance that will never decide it (until its lease runs out), accepted five minutes ago.
        var at = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds();
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={service.DatabasePath}"))
            Dapper.SqlMapper.Execute(db, """
                INSERT INTO inbox (channel, platform_id, thread_id, sender_id, text, sent_at, received_at, state, lease_owner, lease_until)
                VALUES ('generic', 'stuck-1', 't-stuck', 's-1', 'hello?', @at, @at, 0, 'gone-instance', @until)
                """, new { at, until = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() });
        var stuck = await service.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stuck.StatusCode);
        var view = await stuck.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("waited", view.GetProperty("problems")[0].GetString());
        Assert.True(view.GetProperty("oldestPendingSeconds").GetDouble() >= 290);

        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={service.DatabasePath}"))
            Dapper.SqlMapper.Execute(db, "DELETE FROM inbox WHERE platform_id = 'stuck-1'");
        Assert.Equal(HttpStatusCode.OK, (await service.Http.GetAsync("/healthz")).StatusCode);

        var health = service.Services.GetRequiredService<Health.WorkerHealth>();
        for (var i = 0; i < 3; i++) health.Failed("outbox", new InvalidOperationException("26000: prepared statement does not exist"));
        var failing = await service.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failing.StatusCode);
        Assert.Contains("the outbox worker is failing", await failing.Content.ReadAsStringAsync());
    }

    /// A misspelt section left the webhook unsigned without a word, and a token hash missing a digit locked everyone out
    /// without a hint: both are said at start, and so is a setting that is no longer read.
    [Fact]
    public async Task Misspelt_settings_and_a_malformed_token_hash_are_warned_about_at_start()
    {
        await using var service = await TestService.Start(settings: new Dictionary<string, string?>
        {
            ["Chanels:Generic:Secret"] = "s3", ["BusinessHours:TimeZon"] = "Europe/Paris", ["Api:TokenSha256"] = new string('a', 63),
            ["Matching:CoveredShare"] = "0.5",
        });
        Assert.Contains(TestLog.Lines, l => l.Message.Contains("'Chanels' is not one this service reads (a misspelling of Channels?)"));
        Assert.Contains(TestLog.Lines, l => l.Message.Contains("'BusinessHours:TimeZon' is not one this service reads (a misspelling of BusinessHours:TimeZone?)"));
        Assert.Contains(TestLog.Lines, l => l.Message.Contains("Api:TokenSha256 is not 64 hex digits (it has 63 characters)"));
        // A setting an earlier version read is named as retired, not as a misspelling.
        Assert.Contains(TestLog.Lines, l => l.Message.Contains("'Matching:CoveredShare' is no longer read: the answer judge weighs"));
    }

    [Theory]
    [InlineData("Worker:ClaimBatch", "0")]
    [InlineData("Outbox:Concurrency", "0")]
    [InlineData("Worker:PollSeconds", "-1")]
    public async Task Settings_with_which_nothing_would_be_decided_or_sent_are_refused_at_start(string key, string value)
    {
        var e = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => TestService.Start(settings: new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(key, e.Message);
    }

    [Fact]
    public async Task The_API_is_described_in_OpenAPI_with_its_bodies_and_the_bearer_token()
    {
        await using var service = await TestService.Start();
        var document = await service.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/messages", "/api/threads/{thread}", "/api/handoffs", "/api/handoffs/{id}/reply", "/api/stats", "/api/privacy/{channel}/{sender}", "/healthz/ready" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not described");
        var messages = paths.GetProperty("/api/messages").GetProperty("post");
        Assert.True(messages.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.Equal("http", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("type").GetString());
        Assert.True(paths.GetProperty("/api/handoffs").GetProperty("get").TryGetProperty("security", out _));
        Assert.False(messages.TryGetProperty("security", out _));   // signed, not a bearer token

        var page = await service.Http.GetStringAsync("/api-docs/index.html");   // the readable reference, all of it served here
        Assert.Contains("AutoReply API", page);
        Assert.DoesNotMatch("(src|href)=\"https?://", page);
        Assert.Equal(HttpStatusCode.OK, (await service.Http.GetAsync("/api-docs/swagger-ui-bundle.js")).StatusCode);
    }

    [Fact]
    public async Task A_backup_taken_while_DMs_arrive_is_consistent_and_a_restore_refuses_a_database_in_use()
    {
        var directory = Repo.TempDirectory();
        var databasePath = Path.Combine(directory, "live.db");
        File.WriteAllText(Path.Combine(directory, "appsettings.json"),
            JsonSerializer.Serialize(new { ConnectionStrings = new { AutoReply = $"Data Source={databasePath}" } }));
        var copy = Path.Combine(directory, "copy.db");
        await using var receiver = await Receiver.Start();
        await using (var service = await TestService.Start(receiver, databasePath: databasePath))
        {
            using var stop = new CancellationTokenSource();
            var posted = 0;
            var load = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested) await service.Post(TestService.Dm($"b-{posted++}", $"t-{posted % 20}", "where is my order?"));
            });
            await Eventually.Value(() => posted, n => n > 50, "DMs arriving");
            var (exit, output) = await Cli.Run(directory, "backup", "--to", copy);
            var during = posted;
            await Eventually.Value(() => posted, n => n > during + 20, "DMs still arriving after the backup");
            stop.Cancel();
            await load;
            Assert.True(exit == 0, output);
            Assert.Contains("integrity ok", output);

            using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Mode=ReadOnly;Pooling=False");
            Assert.Equal("ok", Dapper.SqlMapper.ExecuteScalar<string>(db, "PRAGMA integrity_check"));
            var states = Dapper.SqlMapper.Query<long>(db, "SELECT DISTINCT state FROM inbox").ToList();
            Assert.All(states, s => Assert.Contains(s, new long[] { 0, 1 }));   // every DM decided or pending, none half-way
            Assert.Equal(0L, Dapper.SqlMapper.ExecuteScalar<long>(db, """
                SELECT COUNT(*) FROM inbox i WHERE i.state = 1
                  AND NOT EXISTS (SELECT 1 FROM transcript t WHERE t.direction = 'in' AND t.ref_id = i.platform_id)
                """));   // a decision and its transcript came together
            Assert.True(Dapper.SqlMapper.ExecuteScalar<long>(db, "SELECT COUNT(*) FROM inbox") >= 50);

            var (refused, why) = await Cli.Run(directory, "restore", "--from", copy);   // the service is running
            Assert.Equal(2, refused);
            Assert.Contains("in use", why);
            Assert.Contains("if it has stopped or crashed, try again after", why);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // Stopped: it goes back (the instance's leaving cleared its registration), and what it replaced is kept beside it.
        var (restored, said) = await Cli.Run(directory, "restore", "--from", copy);
        Assert.True(restored == 0, said);
        Assert.Single(Directory.GetFiles(directory, "live.db.before-restore-*"));
        using var back = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databasePath};Pooling=False");
        Assert.True(Dapper.SqlMapper.ExecuteScalar<long>(back, "SELECT COUNT(*) FROM inbox") >= 50);
        Assert.Equal(2, (await Cli.Run(directory, "backup", "--to", copy)).ExitCode);   // never overwrites a file
    }

    [Fact]
    public async Task Backup_and_restore_refuse_bad_input_in_one_line_change_nothing_and_take_settings_on_the_command_line()
    {
        var directory = Repo.TempDirectory();
        var live = Path.Combine(directory, "live.db");
        var setting = $"--ConnectionStrings:AutoReply=Data Source={live}";   // no appsettings.json here: the command line names the database
        var (nothing, none) = await Cli.Run(directory, "backup", "--to", "first.db", setting);
        Assert.Equal(2, nothing);
        Assert.Contains($"{live} does not exist: nothing to back up", none);
        await using (var receiver = await Receiver.Start())
        await using (await TestService.Start(receiver, databasePath: live)) { }   // the service made it
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var (made, said) = await Cli.Run(directory, "backup", "--to", "first.db", setting);
        Assert.True(made == 0, said);
        Assert.Contains($"backed up {live} to {Path.Combine(directory, "first.db")}: 0 DMs", said);

        await File.WriteAllTextAsync(Path.Combine(directory, "notes.txt"), "not a database at all, just some text that is long enough to be read");
        using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, "other.db")};Pooling=False"))
        {
            other.Open();
            Dapper.SqlMapper.Execute(other, "CREATE TABLE recipes (name TEXT)");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var before = await File.ReadAllBytesAsync(live);
        foreach (var (args, expected) in new (string[], string)[]
        {
            (["restore", "--from", "notes.txt", setting], "not restored"),
            (["restore", "--from", "other.db", setting], "is not an AutoReply database (no schema_migrations, inbox, handoffs table): not restored"),
            (["backup", "--to", Path.Combine(directory, "missing", "copy.db"), setting], "does not exist: not backed up"),
        })
        {
            var (exit, output) = await Cli.Run(directory, args);
            Assert.True(exit == 2, output);
            Assert.Contains(expected, output);
            Assert.DoesNotContain("   at ", output);   // one line, no stack trace
        }
        Assert.Equal(before, await File.ReadAllBytesAsync(live));   // the live database is as it was
        Assert.False(Directory.Exists(Path.Combine(directory, "missing")));

        var (restored, back) = await Cli.Run(directory, "restore", "--from", "first.db", setting);   // a real backup goes back
        Assert.True(restored == 0, back);
    }

    [Fact]
    public async Task One_DM_is_traced_from_ingest_through_turn_engine_and_commit_to_send_by_ids_never_by_text()
    {
        var spans = new LockedList<System.Diagnostics.Activity>();   // exporters add from several threads
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, settings: new Dictionary<string, string?> { ["Tracing:Enabled"] = "true" },
            customize: b => b.Services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)));
        const string Secret = "my secret order question about the blue sofa";
        await service.Post(TestService.Dm("trace-1", "t-trace", Secret));
        await receiver.WaitUntil(d => d.Any(r => r.Thread == "t-trace"), "the reply");
        List<System.Diagnostics.Activity> Ours() => spans.Snapshot().Where(a => a.Source.Name == "AutoReply").ToList();
        // A span is exported when it ends, and the turn's may end after the reply it committed was sent: the wait for all of
        // them is the assertion (it fails the test when one never comes).
        string[] names = ["ingest", "turn", "engine", "send"];
        bool Traced(List<System.Diagnostics.Activity> s, string name) =>
            s.Any(a => a.OperationName == name && (string?)a.GetTagItem("autoreply.message_id") == "trace-1");
        bool Committed(List<System.Diagnostics.Activity> s) =>
            s.Any(a => a.OperationName == "commit" && ((string?)a.GetTagItem("autoreply.message_ids"))?.Contains("trace-1") == true);
        var ours = await Eventually.Value(Ours, s => names.All(n => Traced(s, n)) && Committed(s), "the ingest, turn, engine, commit and send spans of the DM");
        Assert.Contains(ours, a => a.OperationName == "turn" && a.GetTagItem("autoreply.decision") is not null);
        var all = spans.Snapshot();
        Assert.Contains(all, a => a.Source.Name.StartsWith("Microsoft.AspNetCore"));   // the HTTP request too
        Assert.DoesNotContain(all, a => a.TagObjects.Any(t => t.Value?.ToString()?.Contains("blue sofa") == true) || a.DisplayName.Contains("blue sofa"));
    }

    sealed class LockedList<T> : ICollection<T>
    {
        readonly List<T> items = [];
        public List<T> Snapshot() { lock (items) return [.. items]; }
        public void Add(T item) { lock (items) items.Add(item); }
        public void Clear() { lock (items) items.Clear(); }
        public bool Contains(T item) { lock (items) return items.Contains(item); }
        public void CopyTo(T[] array, int arrayIndex) { lock (items) items.CopyTo(array, arrayIndex); }
        public bool Remove(T item) { lock (items) return items.Remove(item); }
        public int Count { get { lock (items) return items.Count; } }
        public bool IsReadOnly => false;
        public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// Business hours that cannot work are refused in one line that names the setting: by the service, by `check`, and by
/// the verbs that answer with them (ask, test), never with a stack trace.
public sealed class BusinessHoursSettingsTests
{
    static Core.Time.BusinessHours Build(params (string Day, string Spec)[] week) => Configuration.BusinessHoursConfig.Build(new Configuration.BusinessHoursOptions
    {
        TimeZone = "Europe/Berlin",
        Week = week.ToDictionary(w => w.Day, w => w.Spec),
    });

    [Theory]
    [InlineData("09:00-12:00, 11:00-18:00", "'09:00-12:00' and '11:00-18:00' overlap")]
    [InlineData("11:30-12:30, 09:00-12:00", "'09:00-12:00' and '11:30-12:30' overlap")]
    [InlineData("20:00-24:00, 21:00-22:00", "'20:00-24:00' and '21:00-22:00' overlap")]
    [InlineData(" ", "BusinessHours:Week:Tuesday is empty")]
    [InlineData("9-18", "'9-18' is not an opening like 09:00-17:00")]
    public void Openings_that_overlap_are_blank_or_malformed_are_refused(string spec, string said)
    {
        var refused = Assert.Throws<Configuration.SettingsException>(() => Build(("Monday", "09:00-17:00"), ("Tuesday", spec)));
        Assert.Contains(said, refused.Message);
    }

    /// A seasonal business (QA round 61, a ski school open late November to early May, longer in February): its closed
    /// months as a range of holidays, its longer days as a season of every year; what cannot work is refused by name.
    [Fact]
    public void A_range_of_holidays_and_a_season_of_every_year_are_read()
    {
        var hours = Configuration.BusinessHoursConfig.Build(new Configuration.BusinessHoursOptions
        {
            TimeZone = "Europe/Helsinki",
            Week = Enum.GetNames<DayOfWeek>().ToDictionary(d => d, _ => "09:00-17:00"),
            Holidays = ["2027-05-03..2027-11-19", "2027-12-24"],
            Seasons = [new() { From = "02-01", To = "02-28", Week = Enum.GetNames<DayOfWeek>().ToDictionary(d => d, _ => "08:30-18:00") }],
        });
        Assert.True(hours.IsHoliday(new NodaTime.LocalDate(2027, 5, 3)) && hours.IsHoliday(new NodaTime.LocalDate(2027, 8, 1))
            && hours.IsHoliday(new NodaTime.LocalDate(2027, 11, 19)) && !hours.IsHoliday(new NodaTime.LocalDate(2027, 11, 20)));
        Assert.Equal(new NodaTime.LocalTime(8, 30), hours.OpeningsOn(new NodaTime.LocalDate(2027, 2, 10), NodaTime.IsoDayOfWeek.Wednesday)[0].Opens);
        Assert.Equal(new NodaTime.LocalTime(9, 0), hours.OpeningsOn(new NodaTime.LocalDate(2027, 3, 10), NodaTime.IsoDayOfWeek.Wednesday)[0].Opens);
    }

    [Theory]
    [InlineData("2027-11-19..2027-05-03", null, "ends before it starts")]
    [InlineData("2027-05-03..2028-11-19", null, "longer than a year")]
    [InlineData("2027-05-03...2027-11-19", null, "is not a date like 2026-12-25 or a range")]
    [InlineData("2027-12-24", "2-30", "BusinessHours:Seasons:0:From: '2-30' is not a month and day like 02-28")]
    public void Holidays_and_seasons_that_cannot_work_are_refused(string holiday, string? from, string said)
    {
        var refused = Assert.Throws<Configuration.SettingsException>(() => Configuration.BusinessHoursConfig.Build(new Configuration.BusinessHoursOptions
        {
            TimeZone = "Europe/Helsinki",
            Week = new() { ["Monday"] = "09:00-17:00" },
            Holidays = [holiday],
            Seasons = from is null ? [] : [new() { From = from, To = "03-01", Week = new() { ["Monday"] = "08:00-18:00" } }],
        }));
        Assert.Contains(said, refused.Message);
    }

    [Fact]
    public void Openings_that_touch_or_come_out_of_order_are_kept()
    {
        var hours = Build(("Monday", "09:00-12:00, 12:00-17:00"), ("Tuesday", "13:00-17:00, 09:00-12:00"));
        Assert.Equal(2, hours.OpeningsOn(NodaTime.IsoDayOfWeek.Monday).Count);
        Assert.Equal([new NodaTime.LocalTime(9, 0), new NodaTime.LocalTime(13, 0)], hours.OpeningsOn(NodaTime.IsoDayOfWeek.Tuesday).Select(o => o.Opens));
    }

    [Fact]
    public async Task Check_ask_and_test_report_bad_hours_in_one_line()
    {
        var environment = new Dictionary<string, string> { ["BusinessHours__Week__Tuesday"] = "09:00-12:00, 11:00-18:00" };
        var (checkExit, checkSaid) = await Cli.Run(Repo.Root, environment, "check", "dialogs");
        Assert.Equal(1, checkExit);
        Assert.Contains("settings: BusinessHours:Week:Tuesday: '09:00-12:00' and '11:00-18:00' overlap", checkSaid);

        var zone = new Dictionary<string, string> { ["BusinessHours__TimeZone"] = "Europe/Berln" };
        foreach (var args in new[] { new[] { "ask", "hi" }, ["test", "dialogs"] })
        {
            var (exit, said) = await Cli.Run(Repo.Root, zone, args);
            Assert.Equal(2, exit);
            Assert.Contains($"autoreply {args[0]}: BusinessHours:TimeZone 'Europe/Berln' is not an IANA time zone", said);
            Assert.DoesNotContain("   at ", said);
        }
        // A value the configuration binder cannot read is said as the setting it is, too.
        var (unreadable, why) = await Cli.Run(Repo.Root, new Dictionary<string, string> { ["Acknowledgement__QuietPeriod"] = "30min" }, "ask", "hi");
        Assert.Equal(2, unreadable);
        Assert.Contains("Acknowledgement:QuietPeriod", why);
        Assert.DoesNotContain("   at ", why);
    }
}
