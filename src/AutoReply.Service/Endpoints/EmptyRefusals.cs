using Microsoft.AspNetCore.Http.Features;

namespace AutoReply.Service.Endpoints;

/// A refusal that would leave with an empty body — 401 from a token or signature check, 415 and 405 from routing (a
/// JSON endpoint posted text/plain, a GET where only POST is served), 404 for a path no endpoint serves, 413 from the
/// server's body limit, 500 from a defect — gets a problem+json that says why, as every other refusal of the API does
/// (`UseStatusCodePages` with the problem details service). A refusal that already says why keeps its own words.
static class EmptyRefusals
{
    public static void Describe(ProblemDetailsContext context)
    {
        if (!string.IsNullOrEmpty(context.ProblemDetails.Detail)) return;
        var request = context.HttpContext.Request;
        var path = request.Path.Value ?? "";
        context.ProblemDetails.Detail = context.ProblemDetails.Status switch
        {
            StatusCodes.Status401Unauthorized => Unauthorized(path),
            StatusCodes.Status403Forbidden => "the token given does not allow this (a webhook handshake: the verify token does not match)",
            StatusCodes.Status404NotFound => $"nothing is served at {request.Method} {path}: /api-docs lists the API",
            StatusCodes.Status405MethodNotAllowed => $"{path} does not take {request.Method}: /api-docs lists what it takes",
            StatusCodes.Status413PayloadTooLarge => "the body is larger than this endpoint takes",
            StatusCodes.Status415UnsupportedMediaType => "the body must be JSON: Content-Type: application/json",
            StatusCodes.Status500InternalServerError => "the service failed on the request and logged it; a DM sent again with its id is stored once",
            StatusCodes.Status503ServiceUnavailable => "the service is not ready: starting, stopping, or its listening addresses are still being checked",
            _ => null,
        };
    }

    /// Which credential was missing or wrong, by the endpoint: the channels sign their bodies; everything else takes a token.
    static string Unauthorized(string path) => path switch
    {
        "/api/messages" => $"the {GenericWebhookEndpoints.SignatureHeader} header is missing or does not match the body " +
                           "(sha256=<hex HMAC-SHA256 of the raw body with Channels:Generic:Secret>)",
        "/webhooks/meta" => "the X-Hub-Signature-256 header is missing or does not match the body (HMAC-SHA256 with the app secret)",
        "/webhooks/x" => "the x-twitter-webhooks-signature header is missing or does not match the body (HMAC-SHA256 with the consumer secret)",
        "/api/conversions" => "the signature or the bearer token is missing or wrong",
        _ => "a valid token is required: Authorization: Bearer <an agent's token, or the operator's from `autoreply token`>",
    };
}
