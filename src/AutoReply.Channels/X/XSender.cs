using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AutoReply.Channels.Platforms;
using AutoReply.Channels.Sending;
using AutoReply.Core.Messages;

namespace AutoReply.Channels.X;

/// An X account the brand connected: its user id and a user-context access token allowed to send DMs.
public sealed record XAccount(string Id, string AccessToken, bool PublicReplies);

/// Sends through the X API v2: a DM to the customer (POST /2/dm_conversations/with/{id}/messages), or a public reply
/// to a mention (POST /2/tweets with reply.in_reply_to_tweet_id). Rate limits are respected: when a response says
/// x-rate-limit-remaining: 0, the account is held until x-rate-limit-reset, and a 429 does the same.
public sealed class XSender(HttpClient http, Uri apiBase, IReadOnlyDictionary<string, XAccount> accounts, AccountPacer pacer,
    TimeProvider clock) : IChannelSender
{
    public string Channel => XWebhook.Channel;

    /// X's DM API has no quick replies: the options a reply offers ("Did you mean …?", an answer suggested under an
    /// acknowledgement, a flow's choices) are listed under its text, and the customer writes the one they mean. Not numbered:
    /// a number is no answer to every reply that offers options (a greeting's, a yes/no question's).
    public static string WithOptions(OutboundReply reply) => reply.QuickReplies.Count == 0
        ? reply.Text
        : reply.Text + "\n\n" + string.Join("\n", reply.QuickReplies.Select(q => "• " + q));

    public async Task<SendOutcome> Send(OutboundReply reply, CancellationToken ct)
    {
        if (PlatformCall.Account(reply, accounts, pacer, "X", "Channels:X:Accounts", out var accountId, out var account) is { } stop) return stop;

        Uri url;
        object body;
        if (reply.Kind == ReplyKind.Public)
        {
            if (reply.InReplyTo is not { Length: > 0 } tweet) return new SendOutcome.Rejected("a public reply needs the post it answers");
            url = new Uri(apiBase, "2/tweets");
            body = new { text = reply.Text, reply = new { in_reply_to_tweet_id = tweet } };
        }
        else if (reply.Recipient.Contains(','))
        {
            // A group DM (marketing to several who opted in): a new group conversation with its first message.
            url = new Uri(apiBase, "2/dm_conversations");
            body = new { conversation_type = "Group", participant_ids = reply.Recipient.Split(','), message = new { text = reply.Text } };
        }
        else
        {
            url = new Uri(apiBase, $"2/dm_conversations/with/{Uri.EscapeDataString(reply.Recipient)}/messages");
            body = new { text = WithOptions(reply) };
        }

        await pacer.Pace(accountId, ct);
        return await PlatformCall.Post(http, url, body, account!.AccessToken, "X", async response =>
        {
            var reset = Reset(response);
            if (Remaining(response) == 0 && reset is { } r) pacer.Block(accountId, r);
            if (response.IsSuccessStatusCode) return SendOutcome.Ok;
            var detail = await Detail(response, ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = reset ?? response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMinutes(1);
                pacer.Block(accountId, wait);
                return new SendOutcome.Failed($"X rate limit: {detail}", wait);
            }
            if ((int)response.StatusCode >= 500) return new SendOutcome.Failed($"X answered HTTP {(int)response.StatusCode}: {detail}");
            if (response.StatusCode == HttpStatusCode.Unauthorized) return new SendOutcome.Failed($"X refused the account's token (HTTP 401): {detail}");
            return new SendOutcome.Rejected($"X refused the message (HTTP {(int)response.StatusCode}): {detail}");
        }, ct);
    }

    static int? Remaining(HttpResponseMessage r) =>
        r.Headers.TryGetValues("x-rate-limit-remaining", out var v) && int.TryParse(v.First(), CultureInfo.InvariantCulture, out var n) ? n : null;

    /// How long until x-rate-limit-reset (epoch seconds), at least a second.
    TimeSpan? Reset(HttpResponseMessage r)
    {
        if (!r.Headers.TryGetValues("x-rate-limit-reset", out var v) || !long.TryParse(v.First(), CultureInfo.InvariantCulture, out var epoch)) return null;
        var wait = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(epoch, 0, 253402300799)) - clock.GetUtcNow();
        return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait > TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : wait;
    }

    static async Task<string> Detail(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct));
            return doc.RootElement.Str("detail") ?? doc.RootElement.Str("title") ?? response.ReasonPhrase ?? "(no detail)";
        }
        catch (JsonException) { return response.ReasonPhrase ?? "(no detail)"; }
    }
}
