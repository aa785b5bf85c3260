using AutoReply.Channels.Generic;
using AutoReply.Channels.Signatures;
using AutoReply.Service.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NodaTime;

namespace AutoReply.Service.Endpoints;

public sealed record IngestResponse(bool Accepted, bool Duplicate);

/// The body of POST /api/messages, for the API description (the endpoint reads the raw bytes: the signature is over them).
public sealed record GenericMessageBody(string Id, string Thread, GenericSenderBody Sender, string Text, string? Timestamp,
    IReadOnlyList<GenericAttachmentBody>? Attachments);
public sealed record GenericSenderBody(string Id, string? Name);
public sealed record GenericAttachmentBody(string Kind, string Url);

/// The generic JSON channel's inbound endpoint: POST /api/messages.
public static class GenericWebhookEndpoints
{
    public const string SignatureHeader = "X-AutoReply-Signature";

    public static void MapGenericWebhook(this IEndpointRouteBuilder app) => app.MapPost("/api/messages", Accept)
        .Accepts<GenericMessageBody>("application/json")
        .WithDescription("A DM on the generic channel. 202 once it is durable (duplicate: true for an id seen before, sent again); 409 for an id used before for another message; 400 with the reason; " +
                         "401 without a valid X-AutoReply-Signature (sha256=<hex HMAC-SHA256 of the body>) when Channels:Generic:Secret is set; 413; 415.");

    static async Task<Results<Accepted<IngestResponse>, UnauthorizedHttpResult, ProblemHttpResult, ConflictProblem>> Accept(
        HttpRequest request, Ingest ingest, IOptions<GenericChannelOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var o = options.Value;
        // JSON only: a browser on another site can post text/plain or a form without asking (no CORS preflight),
        // but not application/json.
        if (!request.HasJsonContentType())
            return TypedResults.Problem("the body must be JSON: Content-Type: application/json", statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type");
        var (body, tooLarge) = await RequestBody.ReadLimited(request, o.MaxBodyBytes, ct);
        if (tooLarge)
            return TypedResults.Problem($"the body is larger than {o.MaxBodyBytes} bytes", statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Body too large");

        // Verify before parsing: an unsigned body is not even read as JSON.
        if (!string.IsNullOrEmpty(o.Secret) && !HmacSignature.Verify(o.Secret, body, request.Headers[SignatureHeader]))
            return TypedResults.Unauthorized();

        var parsed = GenericInbound.Parse(body, o.MaxTextLength, Instant.FromDateTimeOffset(clock.GetUtcNow()));
        if (parsed.Message is null) return TypedResults.Problem(parsed.Error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid message");

        var isNew = await ingest.Accept(parsed.Message, ct);
        if (!isNew && !ingest.SameAsStored(parsed.Message))
            return new ConflictProblem($"id '{parsed.Message.PlatformId}' was accepted before for another message (another thread, sender or text); " +
                "this one was not stored: give every message an id of its own");
        return TypedResults.Accepted((string?)null, new IngestResponse(true, !isNew));
    }
}
