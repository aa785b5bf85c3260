namespace AutoReply.Service.Endpoints;

/// An id taken from a path segment (`/api/privacy/{channel}/{sender}`, `/api/threads/{thread}`). Ids are the
/// platforms' and the brand's own and may hold "/" ("team/joe"), which a caller writes as %2F; the server decodes every
/// other escape in a path but leaves %2F as it is, so a route value holds "team%2Fjoe". Without this an export found
/// nothing and an erasure erased nothing and reported success.
static class PathIds
{
    public static string Of(string routeValue) =>
        routeValue.Contains('%') ? routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase) : routeValue;
}
