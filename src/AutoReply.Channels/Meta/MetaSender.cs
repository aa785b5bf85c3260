using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AutoReply.Channels.Platforms;
using AutoReply.Channels.Sending;
using AutoReply.Core.Messages;
using NodaTime;

namespace AutoReply.Channels.Meta;

/// A page or Instagram account the brand connected: its id and its page access token.
public sealed record MetaAccount(string Id, string AccessToken, bool PublicReplies);

/// Sends replies through the Messenger Platform Send API (Messenger and Instagram messaging alike):
/// POST {GraphBaseUrl}/{account}/messages with the page access token. Meta's rules, applied before the call:
/// an automated message only within 24 hours of the customer's last message; an agent's reply after that with the
/// HUMAN_AGENT tag, for up to 7 days; otherwise the reply is held and the agent told why. Its errors: rate limits
/// (429, codes 4/17/32/613) back off and hold the account; "outside the window" holds the reply; a user who cannot
/// be reached is dead-lettered. Public replies go under the comment (Facebook: /{comment}/comments, Instagram:
/// /{comment}/replies). The token is sent in a header, so it is never in a logged URL.
public sealed class MetaSender(string channel, HttpClient http, Uri graphBase, IReadOnlyDictionary<string, MetaAccount> accounts,
    IMessagingWindow window, AccountPacer pacer, TimeProvider clock) : IChannelSender
{
    static readonly TimeSpan DefaultRateLimitWait = TimeSpan.FromSeconds(60);

    public string Channel => channel;

    public async Task<SendOutcome> Send(OutboundReply reply, CancellationToken ct)
    {
        if (PlatformCall.Account(reply, accounts, pacer, "Meta", "Channels:Meta:Pages", out var accountId, out var account) is { } stop) return stop;

        Uri url;
        object body;
        if (reply.Kind == ReplyKind.Public)
        {
            if (reply.InReplyTo is not { Length: > 0 } comment) return new SendOutcome.Rejected("a public reply needs the comment it answers");
            url = new Uri(graphBase, $"{Uri.EscapeDataString(comment)}/{(channel == MetaWebhook.Instagram ? "replies" : "comments")}");
            body = new { message = reply.Text };
        }
        else
        {
            var last = await window.LastInboundAt(reply.Thread, ct);
            var age = last is { } l ? Instant.FromDateTimeOffset(clock.GetUtcNow()) - l : (Duration?)null;
            var (type, tag, held) = MetaWindow.For(reply.Kind, age);
            if (held is not null) return new SendOutcome.Held(held);
            url = new Uri(graphBase, $"{Uri.EscapeDataString(accountId)}/messages");
            body = new
            {
                recipient = new { id = reply.Recipient },
                messaging_type = type,
                tag,
                message = new
                {
                    text = reply.Text,
                    quick_replies = reply.QuickReplies.Count == 0 ? null
                        : reply.QuickReplies.Take(13).Select(q => new { content_type = "text", title = q.Length > 20 ? q[..20] : q, payload = q }).ToArray(),
                },
            };
        }

        await pacer.Pace(accountId, ct);
        return await PlatformCall.Post(http, url, body, account!.AccessToken, "Meta", async response =>
        {
            if (response.IsSuccessStatusCode) return SendOutcome.Ok;
            var (code, subcode, message) = await Error(response, ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests || code is 4 or 17 or 32 or 613 || subcode == 2446079)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? DefaultRateLimitWait;
                pacer.Block(accountId, wait);
                return new SendOutcome.Failed($"Meta rate limit (HTTP {(int)response.StatusCode}, code {code}): {message}", wait);
            }
            if (code == 10 && subcode is 2018278 or 2018108 || code == 10 && message.Contains("window", StringComparison.OrdinalIgnoreCase))
                return new SendOutcome.Held($"Meta: outside the allowed messaging window ({message})");
            if ((int)response.StatusCode >= 500 || code is 1 or 2 or 190)
                return new SendOutcome.Failed($"Meta answered HTTP {(int)response.StatusCode}, code {code}: {message}");
            return new SendOutcome.Rejected(
                $"Meta refused the message (HTTP {(int)response.StatusCode}, code {code}{(subcode is { } s ? $"/{s}" : "")}): {message}");
        }, ct);
    }

    static async Task<(int? Code, int? Subcode, string Message)> Error(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.Obj("error") is { } e)
                return ((int?)e.Long("code"), (int?)e.Long("error_subcode"), e.Str("message") ?? "(no message)");
        }
        catch (JsonException) { }
        return (null, null, response.ReasonPhrase ?? "(no message)");
    }
}
