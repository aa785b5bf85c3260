namespace AutoReply.Service.Security;

/// Headers on every response: transcripts, hand-offs and stats hold customers' words and names, so no response is
/// kept by a browser or proxy cache (no-store), none is content-sniffed into something executable (nosniff), and
/// no link leaks the address it was followed from. The console adds its Content-Security-Policy on top.
static class ResponseHeaders
{
    public static Task Add(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return next(context);
    }
}
