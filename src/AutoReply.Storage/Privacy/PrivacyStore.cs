using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using NodaTime;

namespace AutoReply.Storage.Privacy;

/// One row of the privacy log: an export, an erasure or a retention run — who, when, how much; never whose data
/// (an erasure names its subject only by a keyed hash of channel and sender).
public sealed record PrivacyRecord(long Seq, Instant At, string Action, string Actor, string? Subject, IReadOnlyDictionary<string, int> Counts);

/// Everything held about one person (GDPR Art. 15 and 20), and its erasure (Art. 17).
/// A person is a sender on a channel; their data is their contact row (consent, opt-out), every thread they wrote in
/// with its state, DMs, transcript, replies, hand-offs (notes, summaries, flow values), escalations and notifications
/// about those hand-offs, satisfaction answers, and public comments of theirs the service answered.
/// Erasure deletes all of it, with two things kept that are no longer about anyone: the skeleton the response figures
/// are computed from (when a DM came and when it was answered, which hand-off category, which score — under a random
/// thread token, without ids, names or texts), so a brand's past stats do not change; and tombstones of the erased
/// platform message ids, so a redelivered webhook is neither stored nor answered again.
public sealed class PrivacyStore
{
    const string ThreadsSql = """
        SELECT thread_id FROM conversations WHERE channel = @channel AND sender_id = @sender
        UNION SELECT thread_id FROM inbox WHERE channel = @channel AND sender_id = @sender
        UNION SELECT thread_id FROM handoffs WHERE channel = @channel AND sender_id = @sender
        UNION SELECT thread_id FROM outbox WHERE channel = @channel AND recipient = @sender
        UNION SELECT linked_thread FROM public_invites WHERE channel = @channel AND author_id = @sender AND linked_thread IS NOT NULL
        """;

    const string ContactSql = "SELECT * FROM contacts WHERE channel = @channel AND sender_id = @sender";
    const string ConversationSql = "SELECT * FROM conversations WHERE channel = @channel AND thread_id = @thread";
    const string InboxSql = "SELECT * FROM inbox WHERE channel = @channel AND thread_id = @thread ORDER BY seq";
    const string TranscriptSql = "SELECT * FROM transcript WHERE channel = @channel AND thread_id = @thread ORDER BY seq";
    const string OutboxSql = "SELECT * FROM outbox WHERE channel = @channel AND thread_id = @thread ORDER BY seq";
    const string HandoffsSql = "SELECT * FROM handoffs WHERE channel = @channel AND thread_id = @thread ORDER BY opened_at";
    const string EscalationsSql = "SELECT * FROM escalations WHERE handoff_id = @id ORDER BY seq";
    const string NotificationsSql = "SELECT n.* FROM notifications n JOIN escalations e ON e.seq = n.escalation_seq WHERE e.handoff_id = @id ORDER BY n.seq";
    const string CsatSql = "SELECT * FROM csat WHERE channel = @channel AND thread_id = @thread";
    const string CommentsSql = "SELECT * FROM public_invites WHERE channel = @channel AND author_id = @sender ORDER BY invited_at";
    const string SalesSql = "SELECT * FROM conversions WHERE channel = @channel AND sender_id = @sender ORDER BY at";

    /// Everything held about the sender, as plain data (columns by name; times as ISO instants; stored JSON as JSON).
    public Dictionary<string, object?> Export(string channel, string sender, Instant now, DbConnection db)
    {
        var threads = Threads(channel, sender, db, null);
        return new Dictionary<string, object?>
        {
            ["channel"] = channel,
            ["sender"] = sender,
            ["exportedAt"] = now.ToDateTimeOffset(),
            ["contact"] = Rows(db, ContactSql, new { channel, sender }).FirstOrDefault(),
            ["threads"] = threads.Select(thread => Shared(channel, sender, thread, db, null) ? OwnPart(channel, sender, thread, db) : new Dictionary<string, object?>
            {
                ["thread"] = thread,
                ["conversation"] = Rows(db, ConversationSql, new { channel, thread }).FirstOrDefault(),
                ["messages"] = Rows(db, InboxSql, new { channel, thread }, "inbox"),
                ["transcript"] = Rows(db, TranscriptSql, new { channel, thread }),
                ["replies"] = Rows(db, OutboxSql, new { channel, thread }, "outbox"),
                ["handoffs"] = Rows(db, HandoffsSql, new { channel, thread }).Select(h =>
                {
                    h["escalations"] = Rows(db, EscalationsSql, new { id = h["id"] });
                    h["notifications"] = Rows(db, NotificationsSql, new { id = h["id"] }, "notifications");
                    return h;
                }).ToList(),
                ["satisfaction"] = Rows(db, CsatSql, new { channel, thread }),
            }).ToList(),
            ["publicComments"] = Rows(db, CommentsSql, new { channel, sender }),
            ["sales"] = Rows(db, SalesSql, new { channel, sender }),
        };
    }

    // A thread someone else wrote in too (a group DM, a shared generic thread) is not the subject's alone: only their own
    // part of it is exported or erased — their DMs and the transcript lines of them, replies to them, hand-offs and
    // satisfaction answers of theirs. The thread's state (its memory may hold their name or what a flow asked them) is
    // forgotten on erasure; the others' DMs, replies and hand-offs stay.
    const string SharedSql = """
        SELECT CASE WHEN EXISTS (SELECT 1 FROM inbox WHERE channel = @channel AND thread_id = @thread AND sender_id <> @sender)
                      OR EXISTS (SELECT 1 FROM conversations WHERE channel = @channel AND thread_id = @thread AND sender_id <> @sender)
                    THEN 1 ELSE 0 END
        """;
    const string OwnInboxSql = "SELECT * FROM inbox WHERE channel = @channel AND thread_id = @thread AND sender_id = @sender ORDER BY seq";
    const string OwnDmIds = "SELECT platform_id FROM inbox WHERE channel = @channel AND thread_id = @thread AND sender_id = @sender";
    const string OwnTranscriptSql = "SELECT * FROM transcript WHERE channel = @channel AND thread_id = @thread AND direction = 'in' AND ref_id IN (" +
                                    OwnDmIds + ") ORDER BY seq";
    const string OwnOutboxSql = "SELECT * FROM outbox WHERE channel = @channel AND thread_id = @thread AND recipient = @sender ORDER BY seq";
    const string OwnHandoffsSql = "SELECT * FROM handoffs WHERE channel = @channel AND thread_id = @thread AND sender_id = @sender ORDER BY opened_at";
    const string OwnCsatSql = "SELECT * FROM csat WHERE channel = @channel AND thread_id = @thread AND sender_id = @sender";

    bool Shared(string channel, string sender, string thread, DbConnection db, DbTransaction? tx) =>
        db.ExecuteScalar<int>(SharedSql, new { channel, sender, thread }, tx) == 1;

    static Dictionary<string, object?> OwnPart(string channel, string sender, string thread, DbConnection db)
    {
        var args = new { channel, sender, thread };
        return new Dictionary<string, object?>
        {
            ["thread"] = thread,
            ["shared"] = true,
            ["messages"] = Rows(db, OwnInboxSql, args, "inbox"),
            ["transcript"] = Rows(db, OwnTranscriptSql, args),
            ["replies"] = Rows(db, OwnOutboxSql, args, "outbox"),
            ["handoffs"] = Rows(db, OwnHandoffsSql, args),
            ["satisfaction"] = Rows(db, OwnCsatSql, args),
        };
    }

    const string AnonymizeOwnTranscriptSql = "UPDATE transcript SET actor = NULL, text = NULL, ref_id = NULL " +
                                             "WHERE channel = @channel AND thread_id = @thread AND direction = 'in' AND ref_id IN (" + OwnDmIds + ")";
    const string OwnTombstonesSql = """
        INSERT INTO erased_messages (channel, platform_id, erased_at)
        SELECT channel, platform_id, @now FROM inbox WHERE channel = @channel AND thread_id = @thread AND sender_id = @sender
        ON CONFLICT (channel, platform_id) DO NOTHING
        """;
    const string DeleteOwnInboxSql = "DELETE FROM inbox WHERE channel = @channel AND thread_id = @thread AND sender_id = @sender";
    const string DeleteOwnOutboxSql = "DELETE FROM outbox WHERE channel = @channel AND thread_id = @thread AND recipient = @sender";
    const string AnonymizeOwnHandoffsSql = """
        UPDATE handoffs SET sender_id = '', summary = NULL, sender_name = NULL, customer_tier = NULL
        WHERE channel = @channel AND thread_id = @thread AND sender_id = @sender
        """;
    // Another's hand-off in the thread that was named after the subject (before a hand-off kept its own sender's name).
    const string ForgetOwnNameSql = """
        UPDATE handoffs SET sender_name = NULL
        WHERE channel = @channel AND thread_id = @thread AND sender_name IN
              (SELECT sender_name FROM inbox WHERE channel = @channel AND thread_id = @thread AND sender_id = @sender AND sender_name IS NOT NULL)
        """;
    const string AnonymizeOwnCsatSql = """
        UPDATE csat SET sender_id = '', answer = NULL, note = NULL WHERE channel = @channel AND thread_id = @thread AND sender_id = @sender
        """;
    const string ForgetSharedStateSql = """
        UPDATE conversations SET memory = NULL, sender_id = CASE WHEN sender_id = @sender THEN '' ELSE sender_id END
        WHERE channel = @channel AND thread_id = @thread
        """;

    /// Erases the sender's own part of a shared thread (see SharedSql).
    Dictionary<string, int> EraseOwnPart(string channel, string sender, string thread, Instant now, DbConnection db, DbTransaction tx)
    {
        var args = new { channel, sender, thread, now = now.ToUnixTimeMilliseconds() };
        var counts = new Dictionary<string, int>();
        db.Execute(OwnTombstonesSql, args, tx);
        Add(counts, "transcript", db.Execute(AnonymizeOwnTranscriptSql, args, tx));
        db.Execute(ForgetOwnNameSql, args, tx);
        Add(counts, "messages", db.Execute(DeleteOwnInboxSql, args, tx));
        Add(counts, "replies", db.Execute(DeleteOwnOutboxSql, args, tx));
        Add(counts, "handoffs", db.Execute(AnonymizeOwnHandoffsSql, args, tx));
        Add(counts, "satisfaction", db.Execute(AnonymizeOwnCsatSql, args, tx));
        Add(counts, "conversations", db.Execute(ForgetSharedStateSql, args, tx));
        return counts;
    }

    List<string> Threads(string channel, string sender, DbConnection db, DbTransaction? tx) =>
        db.Query<string>(ThreadsSql, new { channel, sender }, tx).Order(StringComparer.Ordinal).ToList();

    static readonly HashSet<string> JsonColumns = ["memory", "summary", "attachments", "quick_replies", "payload"];

    /// The service's own bookkeeping — which instance leases a row, when it is tried next — is about no one: left out.
    static readonly HashSet<string> Internal = ["lease_owner", "lease_until", "next_attempt_at", "next_check_at", "blocked", "fired"];

    /// Flags as true/false on both databases (SQLite stores 0/1).
    static readonly HashSet<string> Flags = ["held", "person_answered", "opted_out", "payment_masked"];

    /// What a numbered state means, by table (the schema's comments).
    static readonly Dictionary<string, string[]> StateNames = new()
    {
        ["inbox"] = ["pending", "decided", "failed", "withdrawn"],
        ["outbox"] = ["pending", "sent", "dead", "held"],
        ["notifications"] = ["pending", "sent", "dead"],
    };

    /// Rows as name → value, for export, in the words the README and the API use: times (at, and columns ending in _at,
    /// _due, _until; the thread memory's …Ms values) as instants, flags as true/false, a priority and a numbered state by
    /// name, stored JSON parsed, and the service's bookkeeping left out. <paramref name="table"/> names the states.
    static List<Dictionary<string, object?>> Rows(DbConnection db, string sql, object args, string? table = null) =>
        db.Query(sql, args).Select(row => ((IDictionary<string, object?>)row)
            .Where(kv => !Internal.Contains(kv.Key))
            .ToDictionary(kv => kv.Key, kv => Shown(kv.Key, kv.Value, table))).ToList();

    static object? Shown(string column, object? value, string? table)
    {
        if (value is null or DBNull) return null;
        if (value is long ms && (column == "at" || column.EndsWith("_at") || column.EndsWith("_due") || column.EndsWith("_until")))
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        if (Flags.Contains(column) && value is long or int or bool) return Convert.ToInt64(value) != 0;
        if (column == "priority" && value is long or int) return Core.Handoffs.PriorityNames.Name((Core.Handoffs.Priority)Convert.ToInt32(value));
        if (column == "state" && table is not null && StateNames.TryGetValue(table, out var names) && value is long or int
            && Convert.ToInt32(value) is var state && state >= 0 && state < names.Length)
            return names[state];
        if (value is string memory && column == "memory" && memory.Length > 0 && memory[0] == '{')
            return WithInstants(System.Text.Json.Nodes.JsonNode.Parse(memory));
        // An escalation's earlier steps, [[kind, tier, tier name, due at (ms)], …]: shown with their times as instants too.
        if (value is string steps && column == "earlier")
            return JsonSerializer.Deserialize<JsonElement[][]>(steps)!.Select(step => new Dictionary<string, object?>
            {
                ["kind"] = step[0].GetString(), ["tier"] = step[1].GetInt32(), ["tier_name"] = step[2].GetString(),
                ["due_at"] = DateTimeOffset.FromUnixTimeMilliseconds(step[3].GetInt64()),
            }).ToList();
        if (value is string json && JsonColumns.Contains(column) && json.Length > 0 && json[0] is '{' or '[')
            return JsonSerializer.Deserialize<JsonElement>(json);
        return value;
    }

    /// The thread memory's times are epoch milliseconds under names ending in "Ms" (PromisedByMs, a flow's LastActivityMs):
    /// shown as instants, at any depth.
    static System.Text.Json.Nodes.JsonNode? WithInstants(System.Text.Json.Nodes.JsonNode? node)
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject o:
                foreach (var (name, child) in o.ToList())
                    if (name.EndsWith("Ms", StringComparison.Ordinal) && child is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<long>(out var ms))
                        o[name] = DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("O");
                    else WithInstants(child);
                break;
            case System.Text.Json.Nodes.JsonArray a:
                foreach (var child in a) WithInstants(child);
                break;
        }
        return node;
    }

    // What the response figures read from the transcript (ResponseStats.CountedLines) is kept, without ids, names or texts.
    const string DeleteTranscriptSql = "DELETE FROM transcript WHERE channel = @channel AND thread_id = @thread AND NOT " + Handoffs.ResponseStats.CountedLines;
    const string AnonymizeTranscriptSql = """
        UPDATE transcript SET thread_id = @token, actor = NULL, text = NULL, ref_id = NULL WHERE channel = @channel AND thread_id = @thread
        """;
    const string TombstonesSql = """
        INSERT INTO erased_messages (channel, platform_id, erased_at)
        SELECT channel, platform_id, @now FROM inbox WHERE channel = @channel AND thread_id = @thread
        ON CONFLICT (channel, platform_id) DO NOTHING
        """;
    const string DeleteInboxSql = "DELETE FROM inbox WHERE channel = @channel AND thread_id = @thread";
    const string DeleteOutboxSql = "DELETE FROM outbox WHERE channel = @channel AND thread_id = @thread";
    const string DeleteConversationSql = "DELETE FROM conversations WHERE channel = @channel AND thread_id = @thread";
    const string DeleteFlowLapseSql = "DELETE FROM flow_lapses WHERE channel = @channel AND thread_id = @thread";
    const string DeleteNotificationsSql = """
        DELETE FROM notifications WHERE escalation_seq IN (
            SELECT e.seq FROM escalations e JOIN handoffs h ON h.id = e.handoff_id WHERE h.channel = @channel AND h.thread_id = @thread)
        """;
    // An open hand-off is closed, marked as closed by the erasure: the figures count it neither as resolved nor in the
    // time to resolution (a brand's figures would otherwise gain resolutions nobody made).
    const string AnonymizeHandoffsSql = $"""
        UPDATE handoffs SET thread_id = @token, sender_id = '', summary = NULL, sender_name = NULL, customer_tier = NULL,
            reason = CASE WHEN state <> 'resolved' THEN reason || '{Handoffs.HandoffStore.ErasedMark}' ELSE reason END,
            state = 'resolved', resolved_at = COALESCE(resolved_at, @now), next_check_at = NULL
        WHERE channel = @channel AND thread_id = @thread
        """;
    const string DeleteScheduledCsatSql = "DELETE FROM csat WHERE channel = @channel AND thread_id = @thread AND score IS NULL";
    const string AnonymizeCsatSql = """
        UPDATE csat SET thread_id = @token, sender_id = '', answer = NULL, note = NULL WHERE channel = @channel AND thread_id = @thread
        """;
    // A sender who said STOP keeps the STOP: only the fact of the objection and its date stay (no name, no texts, no marketing
    // consent), so an erasure does not turn the bot back on for someone who asked it to stop (GDPR Art. 21: the objection is
    // kept to be honoured, as retention keeps it). Before, an erased opted-out sender's next DM got the disclosure and a
    // stock answer (QA round 14).
    const string DeleteContactSql = "DELETE FROM contacts WHERE channel = @channel AND sender_id = @sender AND NOT opted_out";
    const string KeepOptOutSql = """
        UPDATE contacts SET marketing_consent_at = NULL, marketing_consent_source = NULL WHERE channel = @channel AND sender_id = @sender AND opted_out
        """;
    // The shop's order ids tie a sale to a person: the sales go (and with them from the figures); complaints keep their
    // count under the thread's token.
    const string DeleteSalesSql = "DELETE FROM conversions WHERE channel = @channel AND sender_id = @sender";
    const string AnonymizeComplaintsSql = "UPDATE complaints SET ref = @token WHERE channel = @channel AND ref = @thread";
    const string AnonymizeMovedComplaintsSql = "UPDATE complaints SET moved_thread = @token WHERE channel = @channel AND moved_thread = @thread";
    // The erased sales' order ids, so a shop that reports one again (a retry) does not store the customer anew.
    const string SaleTombstonesSql = """
        INSERT INTO erased_messages (channel, platform_id, erased_at)
        SELECT channel, 'sale:' || order_id, @now FROM conversions WHERE channel = @channel AND sender_id = @sender
        ON CONFLICT (channel, platform_id) DO NOTHING
        """;
    const string DeleteCommentsSql = "DELETE FROM public_invites WHERE channel = @channel AND author_id = @sender";
    const string CommentTombstonesSql = """
        INSERT INTO erased_messages (channel, platform_id, erased_at)
        SELECT channel, 'comment:' || comment_id, @now FROM public_invites WHERE channel = @channel AND author_id = @sender
        ON CONFLICT (channel, platform_id) DO NOTHING
        """;

    /// Erases the sender's data in the caller's transaction and returns how many rows of each kind went.
    public Dictionary<string, int> Erase(string channel, string sender, Instant now, DbConnection db, DbTransaction tx)
    {
        var threads = Threads(channel, sender, db, tx);
        var shared = threads.Where(t => Shared(channel, sender, t, db, tx)).ToList();
        var counts = EraseThreads(channel, threads.Except(shared).ToList(), now, db, tx);
        foreach (var thread in shared)
            foreach (var (what, n) in EraseOwnPart(channel, sender, thread, now, db, tx)) Add(counts, what, n);
        counts["threads"] = threads.Count;
        counts["sharedThreads"] = shared.Count;
        Add(counts, "contacts", db.Execute(DeleteContactSql, new { channel, sender }, tx));
        counts["optOutKept"] = db.Execute(KeepOptOutSql, new { channel, sender }, tx);
        db.Execute(SaleTombstonesSql, new { channel, sender, now = now.ToUnixTimeMilliseconds() }, tx);
        Add(counts, "sales", db.Execute(DeleteSalesSql, new { channel, sender }, tx));
        db.Execute(CommentTombstonesSql, new { channel, sender, now = now.ToUnixTimeMilliseconds() }, tx);
        Add(counts, "publicComments", db.Execute(DeleteCommentsSql, new { channel, sender }, tx));
        return counts;
    }

    static void Add(Dictionary<string, int> counts, string what, int n) => counts[what] = counts.GetValueOrDefault(what) + n;

    /// Erases whole threads (everything in them, of whoever wrote), keeping the figures' skeleton; see the class.
    /// <paramref name="tombstones"/>: remember the erased DMs' platform ids, so a redelivery is not taken (an erasure on
    /// request; retention erases DMs too old for any platform to redeliver).
    public Dictionary<string, int> EraseThreads(string channel, IReadOnlyCollection<string> threads, Instant now, DbConnection db, DbTransaction tx,
        bool tombstones = true)
    {
        var counts = new Dictionary<string, int>();
        void Count(string what, int n) => Add(counts, what, n);
        foreach (var thread in threads)
        {
            // A random token per thread, known nowhere: the figures still count one conversation, of nobody.
            var args = new { channel, thread, token = "erased-" + Guid.NewGuid().ToString("N"), now = now.ToUnixTimeMilliseconds() };
            // Inbox and thread state first: on PostgreSQL a turn of this thread committing beside the erasure holds those
            // rows, so these deletes wait for it, and everything after sees what it wrote (its transcript lines too).
            if (tombstones) db.Execute(TombstonesSql, args, tx);
            Count("messages", db.Execute(DeleteInboxSql, args, tx));
            Count("conversations", db.Execute(DeleteConversationSql, args, tx));
            db.Execute(DeleteFlowLapseSql, args, tx);   // a person following up a flow the customer left: not any more
            Count("replies", db.Execute(DeleteOutboxSql, args, tx));
            Count("notifications", db.Execute(DeleteNotificationsSql, args, tx));
            Count("handoffs", db.Execute(AnonymizeHandoffsSql, args, tx));
            Count("satisfaction", db.Execute(DeleteScheduledCsatSql, args, tx) + db.Execute(AnonymizeCsatSql, args, tx));
            Count("transcript", db.Execute(DeleteTranscriptSql, args, tx) + db.Execute(AnonymizeTranscriptSql, args, tx));
            Count("complaints", db.Execute(AnonymizeComplaintsSql, args, tx) + db.Execute(AnonymizeMovedComplaintsSql, args, tx));
        }
        counts["threads"] = threads.Count;
        return counts;
    }

    // A thread is expired when nothing happened in it since the cutoff and no hand-off of it is open.
    const string ExpiredSql = """
        SELECT c.channel, c.thread_id FROM conversations c
        WHERE c.last_inbound_at < @cutoff
          AND NOT EXISTS (SELECT 1 FROM transcript t WHERE t.channel = c.channel AND t.thread_id = c.thread_id AND t.at >= @cutoff)
          AND NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.channel = c.channel AND h.thread_id = c.thread_id AND h.state <> 'resolved')
        ORDER BY c.last_inbound_at LIMIT @limit
        """;

    // A contact with no thread left and no change since the cutoff goes too — unless it holds a marketing consent, kept as
    // the proof of that consent for as long as it stands, or an opt-out (STOP), kept so that nothing automated reaches
    // that sender again until they write START. Public comments answered before the cutoff go.
    const string ExpiredContactsSql = """
        DELETE FROM contacts WHERE COALESCE(changed_at, 0) < @cutoff AND marketing_consent_at IS NULL AND opted_out = FALSE
          AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.channel = contacts.channel AND c.sender_id = contacts.sender_id)
        """;
    const string ExpiredCommentsSql = "DELETE FROM public_invites WHERE invited_at < @cutoff";

    /// One batch of retention (GDPR Art. 5(1)(e)): up to <paramref name="limit"/> threads without activity since
    /// <paramref name="cutoff"/> erased; the counts say what went (threads 0: nothing was left to do).
    public Dictionary<string, int> EraseExpired(Instant cutoff, int limit, Instant now, DbConnection db, DbTransaction tx)
    {
        var expired = db.Query<(string Channel, string ThreadId)>(ExpiredSql, new { cutoff = cutoff.ToUnixTimeMilliseconds(), limit }, tx).ToList();
        var counts = new Dictionary<string, int> { ["threads"] = 0 };
        foreach (var channel in expired.GroupBy(e => e.Channel))
            foreach (var (what, n) in EraseThreads(channel.Key, channel.Select(e => e.ThreadId).ToList(), now, db, tx, tombstones: false)) Add(counts, what, n);
        if (expired.Count < limit)
        {
            Add(counts, "contacts", db.Execute(ExpiredContactsSql, new { cutoff = cutoff.ToUnixTimeMilliseconds() }, tx));
            Add(counts, "publicComments", db.Execute(ExpiredCommentsSql, new { cutoff = cutoff.ToUnixTimeMilliseconds() }, tx));
        }
        return counts;
    }

    const string LogSql = "INSERT INTO privacy_log (at, action, actor, subject, counts) VALUES (@at, @action, @actor, @subject, @counts)";

    /// Records an export, erasure or retention run; <paramref name="subject"/> is a keyed hash, never an id.
    public void Log(string action, string actor, string? subject, IReadOnlyDictionary<string, int> counts, Instant at, DbConnection db, DbTransaction tx) =>
        db.Execute(LogSql, new { at = at.ToUnixTimeMilliseconds(), action, actor, subject, counts = JsonSerializer.Serialize(counts) }, tx);

    const string ListSql = """
        SELECT seq AS Seq, at AS At, action AS Action, actor AS Actor, subject AS Subject, counts AS Counts
        FROM privacy_log ORDER BY seq DESC LIMIT @limit
        """;

    public IReadOnlyList<PrivacyRecord> List(int limit, DbConnection db) =>
        db.Query<(long Seq, long At, string Action, string Actor, string? Subject, string Counts)>(ListSql, new { limit })
          .Select(r => new PrivacyRecord(r.Seq, Instant.FromUnixTimeMilliseconds(r.At), r.Action, r.Actor, r.Subject,
              JsonSerializer.Deserialize<Dictionary<string, int>>(r.Counts) ?? []))
          .ToList();

    const string KeySql = "SELECT value FROM privacy_keys WHERE name = 'subject'";
    const string NewKeySql = "INSERT INTO privacy_keys (name, value) VALUES ('subject', @value) ON CONFLICT (name) DO NOTHING";

    /// The subject of a privacy record: HMAC-SHA256 of channel and sender under a key kept in the database (made on first
    /// use). Who holds the database can tell whether a given person was erased, and nobody can read a list of whom.
    public string Subject(string channel, string sender, DbConnection db, DbTransaction tx)
    {
        var key = db.ExecuteScalar<string?>(KeySql, transaction: tx);
        if (key is null)
        {
            db.Execute(NewKeySql, new { value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }, tx);
            key = db.ExecuteScalar<string>(KeySql, transaction: tx)!;
        }
        var hash = HMACSHA256.HashData(Convert.FromBase64String(key), Encoding.UTF8.GetBytes(channel + "\n" + sender));
        return Convert.ToHexStringLower(hash);
    }
}
