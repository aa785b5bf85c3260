using AutoReply.Channels;
using AutoReply.Channels.Platforms;
using AutoReply.Core.Messages;
using AutoReply.Core.Policies;
using AutoReply.Service.Configuration;
using AutoReply.Service.Workers;
using AutoReply.Storage.Outbox;
using AutoReply.Storage.Platforms;
using AutoReply.Storage;
using AutoReply.Storage.Transcript;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NodaTime;

namespace AutoReply.Service.Endpoints;

public sealed record ConsentRequest(string? Channel, string? Sender, bool? Marketing, string? Source);
/// Marketing: whether marketing may go to the sender now (a consent on record, and not opted out); ConsentRecorded:
/// whether a consent is on record at all — one given while the sender is opted out is kept, and applies after START.
public sealed record ConsentView(string Channel, string Sender, bool Marketing, DateTimeOffset? At, string? Source, bool OptedOut)
{
    public bool ConsentRecorded => At is not null;
}
public sealed record MarketingRequest(string? Channel, string? Account, List<string>? Recipients, string? Text, bool Group = false);
public sealed record MarketingRefusal(string Recipient, string Reason);
public sealed record MarketingResult(IReadOnlyList<string> Queued, IReadOnlyList<MarketingRefusal> Refused);

/// Marketing messages, the way that keeps a brand's accounts in good standing: only to senders who opted in (the
/// consent recorded with its time and source, withdrawn by STOP), never to someone in the middle of a support
/// conversation (an open hand-off), never as a reply to a DM (they carry no in-reply-to), and group DMs only where
/// the platform can start them and within its size. Operator only.
public static class MarketingEndpoints
{
    const int MaxText = 2000;

    public static void MapMarketing(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<OperatorAccess>().LimitBodies();
        api.MapPost("/consent", Consent);
        api.MapGet("/consent/{channel}/{sender}", GetConsent);
        api.MapPost("/marketing", Send);
    }

    /// Consent is recorded for any channel a customer can write on (the generic one too: a brand's own chat widget),
    /// though marketing DMs go out on the platforms only (ChannelNames.Platforms).
    static async Task<Results<Ok<ConsentView>, ProblemHttpResult>> Consent(ConsentRequest body, WriteQueue writes, PlatformStore platform,
        Storage.Database database, TimeProvider clock)
    {
        // Consent is a record a brand may have to show: a request that is not exactly right changes nothing. (A missing
        // "marketing" once read as false, withdrawing the consent and wiping its time and source.)
        if (body.Channel is not { } channel || !ChannelNames.IsKnown(channel))
            return ChannelRefusal.Unknown();
        if (body.Sender is not { Length: > 0 } sender) return TypedResults.Problem("'sender' is required", statusCode: 400);
        if (sender.Length > 256 || !Core.Messages.Printable.IsClean(sender))
            return TypedResults.Problem("'sender' is at most 256 characters, without control or invisible formatting characters", statusCode: 400);
        if (body.Marketing is not { } marketing)
            return TypedResults.Problem("'marketing' is required: true records the consent, false withdraws it", statusCode: 400);
        if (marketing && body.Source is not { Length: > 0 })
            return TypedResults.Problem("'source' is required with consent: where the customer gave it (a sign-up form, a DM keyword …)", statusCode: 400);
        if (body.Source is { Length: > 256 })
            return TypedResults.Problem($"'source' is {body.Source.Length} characters; the limit is 256", statusCode: 400);
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        await writes.Write((db, tx) => platform.SetMarketingConsent(channel, sender, marketing, body.Source, now, db, tx));
        using var read = database.Open();
        var c = platform.MarketingConsent(channel, sender, read);
        return TypedResults.Ok(new ConsentView(channel, sender, c.Consented, c.At?.ToDateTimeOffset(), c.Source, c.OptedOut));
    }

    static Results<Ok<ConsentView>, ProblemHttpResult> GetConsent(string channel, string sender, PlatformStore platform, Storage.Database database)
    {
        if (!ChannelNames.IsKnown(channel)) return ChannelRefusal.Unknown();
        sender = PathIds.Of(sender);
        using var db = database.Open();
        var c = platform.MarketingConsent(channel, sender, db);
        return TypedResults.Ok(new ConsentView(channel, sender, c.Consented, c.At?.ToDateTimeOffset(), c.Source, c.OptedOut));
    }

    static async Task<Results<Ok<MarketingResult>, ProblemHttpResult>> Send(MarketingRequest body, WriteQueue writes, PlatformStore platform,
        ReplyQueue queue, Storage.Handoffs.HandoffStore handoffs, PipelineSignals signals, IOptions<MetaChannelOptions> meta,
        IOptions<XChannelOptions> x, TimeProvider clock)
    {
        if (body.Channel is not { } channel || !ChannelNames.Platforms.Contains(channel))
            return ChannelRefusal.Unknown(ChannelNames.Platforms);
        var accounts = channel == "x" ? x.Value.Accounts.Select(a => a.UserId) : meta.Value.Pages.Select(p => p.Id);
        if (body.Account is not { } account || !accounts.Contains(account))
            return TypedResults.Problem($"'account' must be a connected {channel} account", statusCode: 400);
        if (body.Text?.Trim() is not { Length: > 0 and <= MaxText } text)
            return TypedResults.Problem($"'text' is required, at most {MaxText} characters", statusCode: 400);
        var recipients = (body.Recipients ?? []).Where(r => r.Length is > 0 and <= 256).Distinct().ToList();
        if (recipients.Count == 0) return TypedResults.Problem("'recipients' is required", statusCode: 400);
        if (body.Group)
        {
            if (PlatformLimits.MaxGroupParticipants(channel) is not { } max)
                return TypedResults.Problem($"{channel} has no group messages for business accounts", statusCode: 400);
            if (recipients.Count + 1 > max)
                return TypedResults.Problem(
                    $"a {channel} group DM holds at most {max} participants, the brand's account included: {recipients.Count} recipients is too many",
                    statusCode: 400);
            if (!PlatformLimits.CanStartGroup(channel))
                return TypedResults.Problem($"{channel} group chats cannot be started through the platform's API: send individually", statusCode: 400);
        }
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var result = await writes.Write((db, tx) =>
        {
            var queued = new List<string>();
            var refused = new List<MarketingRefusal>();
            foreach (var r in recipients)
            {
                var consent = platform.MarketingConsent(channel, r, db, tx);
                var thread = PlatformThreads.Of(channel, account, r);
                if (consent.OptedOut) refused.Add(new MarketingRefusal(r, "opted out of automated messages"));
                else if (!consent.Consented) refused.Add(new MarketingRefusal(r, "no marketing consent recorded"));
                else if (handoffs.HasOpen(thread, db, tx))
                    refused.Add(new MarketingRefusal(r, "in an open support conversation"));
                else queued.Add(r);
            }
            if (queued.Count == 0) return new MarketingResult(queued, refused);
            // A group message is one send to all of them; otherwise one DM each. Neither replies to anything.
            var sends = body.Group
                ? [(Recipient: string.Join(',', queued), Thread: PlatformThreads.Of(channel, account, "group-" + Guid.CreateVersion7().ToString("N")))]
                : queued.Select(r => (Recipient: r, Thread: PlatformThreads.Of(channel, account, r))).ToList();
            foreach (var (recipient, thread) in sends)
            {
                queue.Queue(thread, recipient, Reply.Of(ReplyKind.Marketing, text), "operator", now, db, tx);
            }
            return new MarketingResult(queued, refused);
        });
        if (result.Queued.Count > 0) signals.OutboxChanged.Set();
        return TypedResults.Ok(result);
    }
}
