using System.Text.Json;

namespace AutoReply.Service.Endpoints;

/// A request the endpoints could not bind — a body that is not the JSON they take (`{"text":5}`, `[]`, nothing), a query
/// value of the wrong type (`?limit=abc`) — is answered 400 with a problem+json that says what was wrong, as every other
/// refusal is. Without this the framework answered with an empty 400 in production, and in development (the README's
/// `dotnet run`) with its exception page: a stack trace and the request's headers, the caller's bearer token among them.
static class BadRequests
{
    /// Binding failures throw (<see cref="RouteHandlerOptions.ThrowOnBadRequest"/>) so that <see cref="Answer"/> can word them.
    public static void Throw(RouteHandlerOptions options) => options.ThrowOnBadRequest = true;

    public static async Task Answer(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = e.StatusCode;
            // The JSON reader's own message names the field and what it holds ("… could not be converted to System.String.
            // Path: $.text"); the framework's says which parameter it was reading.
            var detail = e.InnerException is JsonException json ? $"{e.Message} {json.Message}" : e.Message;
            await Results.Problem(detail, statusCode: e.StatusCode, title: "Bad request").ExecuteAsync(context);
        }
        catch (System.Data.Common.DbException e) when (!context.Response.HasStarted && (e.IsTransient || e is Npgsql.NpgsqlException { InnerException: IOException or TimeoutException or System.Net.Sockets.SocketException }))
        {
            // The database away or busy (a failure that may pass; a constraint broken stays a 500): the caller was answered
            // 500 with an empty body. A 503 with Retry-After says
            // to send it again; a DM sent again with its id is stored once.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("AutoReply.Service.Api")
                .LogError(e, "{Method} {Path}: the database failed; answered 503", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            await Results.Problem("the database did not answer: send the request again in a few seconds (a DM sent again with its id is stored once)",
                statusCode: 503, title: "Database unavailable").ExecuteAsync(context);
        }
    }
}
