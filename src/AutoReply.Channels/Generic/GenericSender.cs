using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AutoReply.Channels.Sending;
using AutoReply.Core.Messages;

namespace AutoReply.Channels.Generic;

/// Delivers replies of the generic channel: a JSON POST to the configured URL, carrying the reply id as
/// Idempotency-Key so that a receiver can recognise a delivery repeated after a crash or a timeout.
public sealed class GenericSender(HttpClient http, Uri outboundUrl) : IChannelSender
{
    public string Channel => GenericInbound.Channel;

    public async Task<SendOutcome> Send(OutboundReply reply, CancellationToken ct)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new OutboundPayload(reply.Id, reply.Thread.ThreadId, reply.Recipient, reply.Text,
            reply.QuickReplies, reply.InReplyTo, reply.Kind.Wire()), OutboundJson.Default.OutboundPayload);
        using var request = new HttpRequestMessage(HttpMethod.Post, outboundUrl) { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("Idempotency-Key", reply.Id);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.IsSuccessStatusCode) return SendOutcome.Ok;
            var retryAfter = response.Headers.RetryAfter?.Delta;
            return new SendOutcome.Failed($"receiver answered {(int)response.StatusCode} {ReasonOf(response.StatusCode)}", retryAfter);
        }
        catch (HttpRequestException e)
        {
            return new SendOutcome.Failed($"could not reach the receiver: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendOutcome.Failed("the receiver did not answer in time");
        }
    }

    static string ReasonOf(HttpStatusCode code) => code.ToString();
}

public sealed record OutboundPayload(string Id, string Thread, string Recipient, string Text,
    IReadOnlyList<string> QuickReplies, string? InReplyTo, string Kind);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(OutboundPayload))]
partial class OutboundJson : System.Text.Json.Serialization.JsonSerializerContext;
