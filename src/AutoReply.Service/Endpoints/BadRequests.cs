using System.Text.Json;

namespace AutoReply.Service.Endpoints;

/// A request the endpoints could not bind — a body that is not the JSON they take (`{"text":5}`, `[]`, nothing), a query
/// value of the wrong type (`?limit=abc`) — is answered 400 with a problem+json that says what was wrong, as every other
/// refusal is. Without this the framework answered with an empty 400 in production, and in development (the README's
/// `dotnet run`) with its exception page: a stack trace and the request's headers, the caller's bearer token among them.
static partial class BadRequests
{
    /// The framework's words for a missing body or a query value of the wrong type name its own types ("Implicit body
    /// inferred for parameter \"body\" but no body was provided. Did you mean to use a Service instead?", "Failed to bind
    /// parameter \"Nullable<int> limit\" from \"abc\".") — said for the caller instead; anything else as it is.
    internal static string Worded(string message)
    {
        if (message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || message.StartsWith("Required parameter", StringComparison.Ordinal)
            && message.Contains("body", StringComparison.Ordinal))
            return "a JSON body is required";
        if (BindFailure().Match(message) is { Success: true } m)
        {
            var expected = m.Groups["type"].Value switch
            {
                "int" or "long" or "Nullable<int>" or "Nullable<long>" => "a whole number",
                "bool" or "Nullable<bool>" => "true or false",
                "DateOnly" or "Nullable<DateOnly>" => "a date (2026-11-24)",
                "DateTimeOffset" or "Nullable<DateTimeOffset>" => "a date and time (2026-11-24T10:00:00Z)",
                _ => "a value of another form",
            };
            return $"'{m.Groups["name"].Value}' is \"{m.Groups["value"].Value}\": it must be {expected}";
        }
        return message;
    }

    /// The JSON reader's words name the service's own types ("The JSON value could not be converted to
    /// AutoReply.Service.Endpoints.AgentReply. Path: $ …"): said as the field and the kind of value it takes.
    internal static string WordedJson(JsonException json)
    {
        if (Unconvertible().Match(json.Message) is not { Success: true } m)
            return $"the body is not the JSON this endpoint takes: {json.Message}";
        var path = m.Groups["path"].Value;
        var type = m.Groups["type"].Value;
        // For a record bound through its constructor the reader names the record, not the field's type: the field's is
        // looked up ("$.text" of AgentReply is a string).
        if (path != "$" && typeof(BadRequests).Assembly.GetType(type) is { } record
            && record.GetProperty(path.Split('.')[^1], System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance
                | System.Reflection.BindingFlags.IgnoreCase) is { } property)
            type = property.PropertyType.ToString();
        var expected = type switch
        {
            "System.String" => "a string",
            "System.Boolean" or "System.Nullable`1[System.Boolean]" => "true or false",
            "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" or "System.Nullable`1[System.Int64]" => "a whole number",
            var t when t.Contains("Dictionary", StringComparison.Ordinal) => "an object of strings",
            var t when t.Contains("[]", StringComparison.Ordinal) || t.Contains("List", StringComparison.Ordinal) => "an array",
            _ => "a JSON object",
        };
        return path == "$" ? $"the body must be {expected}" : $"the body's '{path.TrimStart('$', '.')}' must be {expected}";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"could not be converted to (?<type>\S+?)\. Path: (?<path>\S+)")]
    private static partial System.Text.RegularExpressions.Regex Unconvertible();

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"(?<type>[^\" ]+) (?<name>[^\"]+)\" from \"(?<value>[^\"]*)\"")]
    private static partial System.Text.RegularExpressions.Regex BindFailure();

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
            var detail = e.InnerException is JsonException json ? WordedJson(json) : Worded(e.Message);
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
