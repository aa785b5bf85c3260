using System.Data.Common;
using System.Text.Json;
using AutoReply.Core.Engine;
using AutoReply.Core.Handoffs;
using AutoReply.Core.Messages;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using static AutoReply.Storage.PreparedStatements;

namespace AutoReply.Storage.Handoffs;

/// A hand-off as the queue shows it.
public sealed record Handoff(string Id, ThreadKey Thread, string SenderId, string Category, Priority Priority, string Reason,
    IReadOnlyDictionary<string, string> Summary, HandoffState State, string? Assignee, int Messages, Instant OpenedAt,
    Instant? FirstResponseDue, Instant? ResolutionDue)
{
    public string Team { get; init; } = "support";
    public Instant? FirstResponseAt { get; init; }
    public string? CustomerTier { get; init; }
    public Instant? ResolvedAt { get; init; }
    public Instant? WaitingSince { get; init; }
    public string? SenderName { get; init; }
    /// The customer's latest DM in the thread (as the transcript shows it) and when it came: the queue's preview.
    public string? LastMessage { get; init; }
    public Instant? LastMessageAt { get; init; }
    /// When a person last answered the customer in the thread (an agent's reply).
    public Instant? LastAnsweredAt { get; init; }
}

/// Which team works hand-offs of a category; the host routes by configuration.
public interface ITeamRouting
{
    string TeamFor(string category);
}

/// The hand-off queue: one open hand-off per thread (a unique index says so); a DM to a thread already handed off
/// is added to its hand-off and can raise its priority, never open a second one.
public sealed class HandoffStore
{
    // A later DM joins the open hand-off: it may raise the priority, and with it tighten the due times (never loosen
    // them: a promise once made stands); a DM to a hand-off waiting for the customer ends the wait, and the
    // escalation check, asked to look at once, adds the paused business time back to the resolution due time.
    // A DM without the sender's name, or with a blank one (platforms send it with some DMs only), takes the name the
    // sender's latest DM in the thread gave, so saved replies can still greet the customer by name. Only the hand-off's own
    // sender's: in a thread others write in too (a group DM, a shared generic thread), another's DM joining the hand-off
    // named it after them (QA round 14: "Hi Bob" to Alice, and Bob's name in Alice's export and after Bob's erasure).
    // Columns of the open hand-off are named with the table (handoffs.x), as PostgreSQL needs beside excluded.x; the
    // nullable instants are cast, so PostgreSQL knows their type when they are null.
    // The summary takes the later DM's values beside those it had: a later DM's request carries the flow's values only,
    // and replaced the order number, topic and unanswered part the first DM gave (QA round 19: a saved reply needing
    // {order_number} was refused after the customer wrote again). Only a raised priority tightens the due times, and
    // a first response already given is not due again: a later DM's request is of the general category, whose times
    // pulled a sales hand-off onto general deadlines (QA round 19).
    const string OpenOrAddSqliteSql = OpenOrAddTemplate + "\n    summary = json_patch(COALESCE(handoffs.summary, '{}'), excluded.summary)";

    const string OpenOrAddPostgresSql = OpenOrAddTemplate + "\n    summary = (COALESCE(handoffs.summary, '{}')::jsonb || excluded.summary::jsonb)::text";

    const string OpenOrAddTemplate = """
        INSERT INTO handoffs (id, channel, thread_id, sender_id, category, priority, reason, summary, state, messages,
                              opened_at, updated_at, warn_at, first_response_due, resolution_due, team, customer_tier, sender_name, next_check_at)
        VALUES (@id, @channel, @threadId, @senderId, @category, @priority, @reason, @summary, 'queued', 1,
                @now, @now, CAST(@warnAt AS BIGINT), CAST(@firstResponseDue AS BIGINT), CAST(@resolutionDue AS BIGINT), @team, @customerTier,
                COALESCE(NULLIF(TRIM(CAST(@senderName AS TEXT)), ''),
                         (SELECT i.sender_name FROM inbox i WHERE i.channel = @channel AND i.thread_id = @threadId AND i.sender_id = @senderId
                            AND TRIM(i.sender_name) <> '' ORDER BY i.seq DESC LIMIT 1)),
                COALESCE(CAST(@warnAt AS BIGINT), CAST(@firstResponseDue AS BIGINT), CAST(@resolutionDue AS BIGINT)))
        ON CONFLICT (channel, thread_id) WHERE state <> 'resolved' DO UPDATE SET
            messages = handoffs.messages + 1, updated_at = excluded.updated_at,
            priority = CASE WHEN excluded.priority > handoffs.priority THEN excluded.priority ELSE handoffs.priority END,
            customer_tier = COALESCE(excluded.customer_tier, handoffs.customer_tier), sender_name = CASE WHEN excluded.sender_id = handoffs.sender_id
                                                                          THEN COALESCE(excluded.sender_name, handoffs.sender_name) ELSE handoffs.sender_name END,
            warn_at = CASE WHEN excluded.priority > handoffs.priority AND handoffs.first_response_at IS NULL AND excluded.warn_at < handoffs.warn_at
                           THEN excluded.warn_at ELSE handoffs.warn_at END,
            first_response_due = CASE WHEN excluded.priority > handoffs.priority AND handoffs.first_response_at IS NULL
                                           AND excluded.first_response_due < handoffs.first_response_due THEN excluded.first_response_due
                                      ELSE handoffs.first_response_due END,
            resolution_due = CASE WHEN excluded.priority > handoffs.priority AND excluded.resolution_due < handoffs.resolution_due THEN excluded.resolution_due
                                  ELSE handoffs.resolution_due END,
            state = CASE handoffs.state WHEN 'waiting' THEN 'assigned' ELSE handoffs.state END,
            waiting_ended_at = CASE handoffs.state WHEN 'waiting' THEN excluded.updated_at ELSE handoffs.waiting_ended_at END,
            next_check_at = CASE WHEN handoffs.state = 'waiting' OR excluded.priority > handoffs.priority
                                      AND (excluded.warn_at < handoffs.warn_at OR excluded.first_response_due < handoffs.first_response_due
                                           OR excluded.resolution_due < handoffs.resolution_due) THEN excluded.updated_at ELSE handoffs.next_check_at END,
        """;

    /// Opens a hand-off for the thread, or adds this DM to the one that is open (deferred: the upsert decides which when it runs).
    public void OpenOrAdd(ThreadKey thread, Sender sender, HandOffRequest request, string team, Instant now, DbConnection db, DbTransaction tx) =>
        db.Defer(tx, db is Npgsql.NpgsqlConnection ? OpenOrAddPostgresSql : OpenOrAddSqliteSql, ("@id", Guid.CreateVersion7().ToString("N")), ("@channel", thread.Channel), ("@threadId", thread.ThreadId),
            ("@senderId", sender.Id), ("@category", request.Category),
            ("@priority", PriorityNames.TryParse(request.Priority ?? "normal", out var priority) ? (int)priority : 0),
            ("@reason", request.Reason), ("@summary", JsonSerializer.Serialize(request.Summary)), ("@now", now.ToUnixTimeMilliseconds()),
            ("@warnAt", Typed(request.WarnAt?.ToUnixTimeMilliseconds())), ("@firstResponseDue", Typed(request.FirstResponseDue?.ToUnixTimeMilliseconds())),
            ("@resolutionDue", Typed(request.ResolutionDue?.ToUnixTimeMilliseconds())), ("@team", team), ("@customerTier", Typed(request.CustomerTier)),
            ("@senderName", Typed(sender.Name)));

    const string SelectSql = """
        SELECT id AS Id, channel AS Channel, thread_id AS ThreadId, sender_id AS SenderId, category AS Category, priority AS Priority,
               reason AS Reason, summary AS Summary, state AS State, assignee AS Assignee, messages AS Messages, opened_at AS OpenedAt,
               first_response_due AS FirstResponseDue, resolution_due AS ResolutionDue, team AS Team, first_response_at AS FirstResponseAt,
               customer_tier AS CustomerTier, resolved_at AS ResolvedAt, waiting_since AS WaitingSince, sender_name AS SenderName,
               (SELECT t.text FROM transcript t WHERE t.channel = handoffs.channel AND t.thread_id = handoffs.thread_id
                  AND t.direction = 'in' AND t.kind = 'dm' ORDER BY t.seq DESC LIMIT 1) AS LastMessage,
               (SELECT t.at FROM transcript t WHERE t.channel = handoffs.channel AND t.thread_id = handoffs.thread_id
                  AND t.direction = 'in' AND t.kind = 'dm' ORDER BY t.seq DESC LIMIT 1) AS LastMessageAt,
               (SELECT t.at FROM transcript t WHERE t.channel = handoffs.channel AND t.thread_id = handoffs.thread_id
                  AND t.direction = 'out' AND t.kind = 'agent' ORDER BY t.seq DESC LIMIT 1) AS LastAnsweredAt
        FROM handoffs
        """;

    const string ListSql = SelectSql + " " + """
        WHERE (state = @state OR (@state = 'open' AND state <> 'resolved')) AND (@team IS NULL OR team = @team)
        ORDER BY first_response_due, priority DESC, opened_at
        LIMIT @limit
        """;

    /// The queue in the order a person should work it: the earliest promise first, then the most urgent.
    /// State "open": every hand-off not resolved (queued, assigned, waiting).
    /// <paramref name="team"/> null: every team's.
    public IReadOnlyList<Handoff> List(string state, string? team, int limit, DbConnection db) =>
        db.Query<Row>(ListSql, new { state, team, limit }).Select(r => r.ToHandoff()).ToList();

    const string HasOpenSql = "SELECT EXISTS (SELECT 1 FROM handoffs WHERE channel = @Channel AND thread_id = @ThreadId AND state <> 'resolved')";

    /// Whether the thread is in an open support conversation (a hand-off not resolved).
    public bool HasOpen(ThreadKey thread, DbConnection db, DbTransaction? tx = null) =>
        db.ExecuteScalar<bool>(HasOpenSql, new { thread.Channel, thread.ThreadId }, tx);

    const string FindSql = SelectSql + " WHERE id = @id";

    public Handoff? Find(string id, DbConnection db, DbTransaction? tx = null) =>
        db.QuerySingleOrDefault<Row>(FindSql, new { id }, tx)?.ToHandoff();

    // The holder claiming again changes nothing: a hand-off waiting for the customer stays waiting (its resolution clock
    // stays stopped), where it used to become assigned with its wait still open.
    const string ClaimSql = """
        UPDATE handoffs SET state = CASE WHEN state = 'waiting' THEN 'waiting' ELSE 'assigned' END, assignee = @agent, updated_at = @now
        WHERE id = @id AND state <> 'resolved' AND (assignee IS NULL OR assignee = @agent)
        """;

    /// True when the agent now holds it (or already did); false when someone else does or it is resolved.
    public bool Claim(string id, string agent, Instant now, DbConnection db, DbTransaction tx) =>
        db.Execute(ClaimSql, new { id, agent, now = now.ToUnixTimeMilliseconds() }, tx) == 1;

    // The escalation check looks again at once (next_check_at = now): the first-response steps are over.
    const string RespondedSql = """
        UPDATE handoffs SET first_response_at = COALESCE(first_response_at, @now), updated_at = @now, next_check_at = @now,
            state = CASE WHEN @wait THEN 'waiting' WHEN state IN ('queued', 'waiting') THEN 'assigned' ELSE state END,
            waiting_since = CASE WHEN @wait THEN COALESCE(waiting_since, @now) ELSE waiting_since END,
            waiting_ended_at = CASE WHEN NOT @wait AND state = 'waiting' THEN @now ELSE waiting_ended_at END,
            assignee = COALESCE(assignee, @agent)
        WHERE id = @id
        """;

    /// A person answered: the first answer's time is kept (it is what the SLA measures). With <paramref name="waitForCustomer"/>
    /// the hand-off waits for the customer (the resolution clock stops until the customer writes or an agent answers again).
    public void Responded(string id, string agent, Instant now, DbConnection db, DbTransaction tx, bool waitForCustomer = false) =>
        db.Execute(RespondedSql, new { id, agent, now = now.ToUnixTimeMilliseconds(), wait = waitForCustomer }, tx);

    // As RespondedSql, for the thread's open hand-off, but neither claimed nor waiting: the person answered elsewhere.
    const string RespondedInThreadSql = """
        UPDATE handoffs SET first_response_at = COALESCE(first_response_at, CASE WHEN @now < opened_at THEN opened_at ELSE @now END),
            updated_at = @now, next_check_at = @now
        WHERE channel = @Channel AND thread_id = @ThreadId AND state <> 'resolved'
        """;

    /// A person answered the thread's customer outside this service (the platform's own inbox): the open hand-off, if
    /// there is one, has its first answer — never before it opened (an echo delivered late is dated when it was written,
    /// which can be before a hand-off the customer's next DM opened). True when there was one.
    public bool RespondedInThread(ThreadKey thread, Instant now, DbConnection db, DbTransaction tx) =>
        db.Execute(RespondedInThreadSql, new { thread.Channel, thread.ThreadId, now = now.ToUnixTimeMilliseconds() }, tx) > 0;

    // As a later DM does (OpenOrAddSql): the due times the new priority and category give, counted from the opening, may
    // tighten the promise, never loosen it; the escalation check looks again at once. A new team takes it over from the
    // agent who held it: it is back in a queue, the new team's.
    const string ChangeSql = """
        UPDATE handoffs SET priority = @priority, category = @category, updated_at = @now,
            warn_at = CASE WHEN @warnAt < warn_at THEN @warnAt ELSE warn_at END,
            first_response_due = CASE WHEN @firstResponseDue < first_response_due THEN @firstResponseDue ELSE first_response_due END,
            resolution_due = CASE WHEN @resolutionDue < resolution_due THEN @resolutionDue ELSE resolution_due END,
            next_check_at = @now,
            assignee = CASE WHEN team = @team THEN assignee END,
            state = CASE WHEN team = @team THEN state ELSE 'queued' END,
            waiting_since = CASE WHEN team = @team THEN waiting_since END,
            team = @team
        WHERE id = @id AND state <> 'resolved'
        """;

    /// A person re-judges it: its priority and category, with the due times and the team they give; false when it is
    /// resolved. The caller gives the due times and the team (the SLA policies and the routing are the host's).
    public bool Change(string id, Priority priority, string category, (Instant FirstResponse, Instant Resolution, Instant Warning) due, string team,
        Instant now, DbConnection db, DbTransaction tx) =>
        db.Execute(ChangeSql, new
        {
            id, priority = (int)priority, category, team, now = now.ToUnixTimeMilliseconds(), warnAt = due.Warning.ToUnixTimeMilliseconds(),
            firstResponseDue = due.FirstResponse.ToUnixTimeMilliseconds(), resolutionDue = due.Resolution.ToUnixTimeMilliseconds(),
        }, tx) == 1;

    /// The end of a hand-off's reason when it was closed by handing the thread back to the bot, not resolved by a person.
    public const string ReleasedMark = "; released to bot";

    /// The end of a hand-off's reason when it was still open as its customer's data was erased: closed, resolved by nobody.
    public const string ErasedMark = "; closed by an erasure";

    const string ResolveSql = $"""
        UPDATE handoffs SET state = 'resolved', resolved_at = @now, updated_at = @now,
            reason = CASE WHEN @released THEN reason || '{ReleasedMark}' ELSE reason END
        WHERE id = @id AND state <> 'resolved'
        """;

    /// Closes it (resolved, or handed back to the bot); false when it already was.
    public bool Resolve(string id, bool releasedToBot, Instant now, DbConnection db, DbTransaction tx) =>
        db.Execute(ResolveSql, new { id, released = releasedToBot, now = now.ToUnixTimeMilliseconds() }, tx) == 1;

    sealed class Row
    {
        public string Id { get; set; } = "";
        public string Channel { get; set; } = "";
        public string ThreadId { get; set; } = "";
        public string SenderId { get; set; } = "";
        public string Category { get; set; } = "";
        public int Priority { get; set; }
        public string Reason { get; set; } = "";
        public string? Summary { get; set; }
        public string State { get; set; } = "";
        public string? Assignee { get; set; }
        public int Messages { get; set; }
        public long OpenedAt { get; set; }
        public long? FirstResponseDue { get; set; }
        public long? ResolutionDue { get; set; }
        public string Team { get; set; } = "support";
        public long? FirstResponseAt { get; set; }
        public string? CustomerTier { get; set; }
        public long? ResolvedAt { get; set; }
        public long? WaitingSince { get; set; }
        public string? SenderName { get; set; }
        public string? LastMessage { get; set; }
        public long? LastMessageAt { get; set; }
        public long? LastAnsweredAt { get; set; }

        public Handoff ToHandoff() => new(Id, new ThreadKey(Channel, ThreadId), SenderId, Category, (Priority)Priority, Reason,
            Summary is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(Summary) ?? [],
            HandoffStates.Parse(State), Assignee, Messages, Instant.FromUnixTimeMilliseconds(OpenedAt),
            FirstResponseDue is { } f ? Instant.FromUnixTimeMilliseconds(f) : null, ResolutionDue is { } r ? Instant.FromUnixTimeMilliseconds(r) : null)
        {
            Team = Team,
            FirstResponseAt = FirstResponseAt is { } a ? Instant.FromUnixTimeMilliseconds(a) : null,
            CustomerTier = CustomerTier,
            ResolvedAt = ResolvedAt is { } x ? Instant.FromUnixTimeMilliseconds(x) : null,
            WaitingSince = WaitingSince is { } w ? Instant.FromUnixTimeMilliseconds(w) : null,
            SenderName = SenderName,
            LastMessage = LastMessage,
            LastMessageAt = LastMessageAt is { } m ? Instant.FromUnixTimeMilliseconds(m) : null,
            LastAnsweredAt = LastAnsweredAt is { } l ? Instant.FromUnixTimeMilliseconds(l) : null,
        };
    }
}
