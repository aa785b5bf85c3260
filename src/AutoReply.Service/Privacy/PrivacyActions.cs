using AutoReply.Storage;
using AutoReply.Storage.Privacy;
using NodaTime;

namespace AutoReply.Service.Privacy;

/// What an erasure did: the rows removed by kind, the subject as the privacy log names it (a keyed hash), and whether
/// the database's files were compacted at once (SQLite: the WAL truncated).
public sealed record ErasureResult(string Subject, IReadOnlyDictionary<string, int> Erased, bool Compacted);

/// Export and erasure of one person's data, each recorded in the privacy log with who did it: the API, the
/// `autoreply privacy` verbs and the retention job all go through here. Logs name the subject by its hash only.
public sealed class PrivacyActions(WriteQueue writes, PrivacyStore store, Database database, TimeProvider clock, ILogger<PrivacyActions> log)
{
    public async Task<Dictionary<string, object?>> Export(string channel, string sender, string actor, CancellationToken ct)
    {
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        Dictionary<string, object?> export;
        using (var db = database.Open()) export = store.Export(channel, sender, now, db);
        var threads = (System.Collections.IList)export["threads"]!;
        var subject = await writes.Write((db, tx) =>
        {
            var s = store.Subject(channel, sender, db, tx);
            store.Log("export", actor, s, new Dictionary<string, int> { ["threads"] = threads.Count }, now, db, tx);
            return s;
        }, ct);
        log.LogInformation("Exported the data of subject {Subject} for {Actor}", subject, actor);
        return export;
    }

    public async Task<ErasureResult> Erase(string channel, string sender, string actor, CancellationToken ct)
    {
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var (subject, counts) = await writes.Write((db, tx) =>
        {
            var s = store.Subject(channel, sender, db, tx);
            var erased = store.Erase(channel, sender, now, db, tx);
            store.Log("erasure", actor, s, erased, now, db, tx);
            return (s, erased);
        }, ct);
        var compacted = database.Compact();
        log.LogInformation("Erased the data of subject {Subject} for {Actor}: {Counts}; files compacted: {Compacted}", subject, actor,
            string.Join(", ", counts.Select(kv => $"{kv.Key} {kv.Value}")), compacted);
        return new ErasureResult(subject, counts, compacted);
    }
}
