using System.Collections.Concurrent;
using System.Diagnostics;

namespace AutoReply.Channels.Sending;

/// Outbound rate limiting per platform account: sends of one account are spaced at least 1/rate apart, and an
/// account the platform has rate-limited (a 429, X's x-rate-limit-remaining: 0) is held until the platform's reset
/// time — every reply of that account then goes back to the outbox with that wait instead of hitting the limit.
public sealed class AccountPacer(double messagesPerSecond, TimeProvider clock)
{
    sealed class Account
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public long NextTicks;
        public DateTimeOffset BlockedUntil;
    }

    readonly ConcurrentDictionary<string, Account> accounts = new();
    readonly long interval = messagesPerSecond > 0 ? (long)(Stopwatch.Frequency / messagesPerSecond) : 0;

    /// How long the account is still held by the platform's limit, if it is.
    public TimeSpan? Blocked(string account) =>
        accounts.TryGetValue(account, out var a) && a.BlockedUntil > clock.GetUtcNow() ? a.BlockedUntil - clock.GetUtcNow() : null;

    public void Block(string account, TimeSpan wait)
    {
        var a = accounts.GetOrAdd(account, _ => new Account());
        var until = clock.GetUtcNow() + wait;
        lock (a) if (until > a.BlockedUntil) a.BlockedUntil = until;
    }

    /// Waits for the account's next send slot.
    public async Task Pace(string account, CancellationToken ct)
    {
        if (interval == 0) return;
        var a = accounts.GetOrAdd(account, _ => new Account());
        await a.Gate.WaitAsync(ct);
        try
        {
            var wait = a.NextTicks - Stopwatch.GetTimestamp();
            if (wait > 0) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), ct);
            a.NextTicks = Stopwatch.GetTimestamp() + interval;
        }
        finally { a.Gate.Release(); }
    }
}
