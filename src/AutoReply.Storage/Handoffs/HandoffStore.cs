using System.Text.Json;
using AutoReply.Core.Engine;
using AutoReply.Core.Messages;
using AutoReply.Storage.Sqlite;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace AutoReply.Storage.Handoffs;

/// A hand-off as the queue shows it.
public sealed record Handoff(string Id, ThreadKey Thread, string SenderId, string Category, int Priority, string Reason,
    IReadOnlyDictionary<string, string> Summary, string State, string? Assignee, int Messages, Instant OpenedAt,
    Instant? FirstResponseDue, Instant? ResolutionDue);

/// The hand-off queue: one open hand-off per thread (a unique index says so); a DM to a thread already handed off
/// is added to its hand-off and can raise its priority, never open a second one.
public sealed class HandoffStore
{
    static readonly string[] Priorities = ["low", "normal", "high", "urgent"];

    const string OpenOrAddSql = """
        INSERT INTO handoffs (id, channel, thread_id, sender_id, category, priority, reason, summary, state, messages,
                              opened_at, updated_at, warn_at, first_response_due, resolution_due)
        VALUES (@id, @channel, @threadId, @senderId, @category, @priority, @reason, @summary, 'queued', 1,
                @now, @now, @warnAt, @firstResponseDue, @resolutionDue)
        ON CONFLICT (channel, thread_id) WHERE state <> 'resolved' DO UPDATE SET
            messages = messages + 1, updated_at = excluded.updated_at,
            priority = MAX(priority, excluded.priority), summary = excluded.summary
        """;

    /// Opens a hand-off for the thread, or adds this DM to the one that is open.
    public void OpenOrAdd(ThreadKey thread, string senderId, HandOffRequest request, Instant now, SqliteConnection db, SqliteTransaction tx) =>
        db.Execute(tx, OpenOrAddSql, ("@id", Guid.CreateVersion7().ToString("N")), ("@channel", thread.Channel), ("@threadId", thread.ThreadId),
            ("@senderId", senderId), ("@category", request.Category), ("@priority", Math.Max(0, Array.IndexOf(Priorities, request.Priority ?? "normal"))),
            ("@reason", request.Reason), ("@summary", JsonSerializer.Serialize(request.Summary)), ("@now", now.ToUnixTimeMilliseconds()),
            ("@warnAt", request.WarnAt?.ToUnixTimeMilliseconds()), ("@firstResponseDue", request.FirstResponseDue?.ToUnixTimeMilliseconds()),
            ("@resolutionDue", request.ResolutionDue?.ToUnixTimeMilliseconds()));

    const string ListSql = """
        SELECT id AS Id, channel AS Channel, thread_id AS ThreadId, sender_id AS SenderId, category AS Category, priority AS Priority,
               reason AS Reason, summary AS Summary, state AS State, assignee AS Assignee, messages AS Messages, opened_at AS OpenedAt,
               first_response_due AS FirstResponseDue, resolution_due AS ResolutionDue
        FROM handoffs WHERE state = @state
        ORDER BY first_response_due, priority DESC, opened_at
        LIMIT @limit
        """;

    /// The queue in the order a person should work it: the earliest promise first, then the most urgent.
    public IReadOnlyList<Handoff> List(string state, int limit, SqliteConnection db) =>
        db.Query<Row>(ListSql, new { state, limit }).Select(r => r.ToHandoff()).ToList();

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

        public Handoff ToHandoff() => new(Id, new ThreadKey(Channel, ThreadId), SenderId, Category, Priority, Reason,
            Summary is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(Summary) ?? [],
            State, Assignee, Messages, Instant.FromUnixTimeMilliseconds(OpenedAt),
            FirstResponseDue is { } f ? Instant.FromUnixTimeMilliseconds(f) : null, ResolutionDue is { } r ? Instant.FromUnixTimeMilliseconds(r) : null);
    }
}
