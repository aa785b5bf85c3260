using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using AutoReply.Channels.Platforms;
using AutoReply.Core.Messages;

namespace AutoReply.Channels.Sending;

/// What the platform senders share: finding the brand account a thread belongs to (and whether the platform holds it
/// back), and one authorised JSON POST whose transport failures become retries.
static class PlatformCall
{
    static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// The configured account of the reply's thread, or the outcome that stops the send: no such account (dead
    /// letter, the configuration key named), or the account waiting out a rate limit (retry after it).
    public static SendOutcome? Account<T>(OutboundReply reply, IReadOnlyDictionary<string, T> accounts, AccountPacer pacer, string platform, string configKey,
        out string accountId, out T? account)
    {
        accountId = PlatformThreads.AccountOf(reply.Thread) ?? "";
        if (!accounts.TryGetValue(accountId, out account))
            return new SendOutcome.Rejected($"no access token is configured for {reply.Thread.Channel} account '{accountId}' ({configKey})");
        if (pacer.Blocked(accountId) is { } blocked)
            return new SendOutcome.Failed($"{reply.Thread.Channel} account {accountId} is rate-limited by {platform}", blocked);
        return null;
    }

    /// POSTs <paramref name="body"/> as JSON with the bearer token (in a header, never in a logged URL) and lets
    /// <paramref name="interpret"/> read the answer; an unreachable or silent platform is a failure to retry.
    public static async Task<SendOutcome> Post(HttpClient http, Uri url, object body, string accessToken, string platform,
        Func<HttpResponseMessage, Task<SendOutcome>> interpret, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, Json)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        try
        {
            using var response = await http.SendAsync(request, ct);
            return await interpret(response);
        }
        catch (HttpRequestException e)
        {
            return new SendOutcome.Failed($"could not reach {platform}: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendOutcome.Failed($"{platform} did not answer in time");
        }
    }
}
