using System.Security.Cryptography;
using System.Text;
using AutoReply.Service.Configuration;
using AutoReply.Storage.Handoffs;
using Microsoft.Extensions.Options;

namespace AutoReply.Service.Endpoints;

/// Who is calling the agent API: an agent of a team, or an operator (the API token) who sees every team.
public sealed record Caller(string Id, string? Team, string? DisplayName = null)
{
    public bool IsOperator => Team is null;
    public bool MaySee(Handoff h) => IsOperator || Team == h.Team;
}

/// Bearer tokens of agents (Agents:N:Id/Team/TokenSha256) and of the operator (Api:TokenSha256), compared as SHA-256
/// hashes in constant time. With neither configured nobody is let in — except, with the development switch
/// Api:AllowAnonymousLoopback, a caller on this machine that did not come through a proxy (it is the operator then).
public sealed class AgentDirectory(IOptions<List<AgentOptions>> agents, IOptions<ApiOptions> api)
{
    /// No token of any kind is configured.
    public bool NoTokens => agents.Value.Count == 0 && string.IsNullOrWhiteSpace(api.Value.TokenSha256);

    /// Anonymous callers from loopback are the operator (development only; ExposureGuard keeps such a service on loopback).
    public bool Open => NoTokens && api.Value.AllowAnonymousLoopback;

    /// Headers a reverse proxy or CDN adds: a request carrying any of them may come from anywhere, whatever its socket says.
    /// The standard and de-facto ones, and the client-address headers of the common CDNs and load balancers.
    static readonly string[] ForwardingHeaders =
    [
        "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded", "X-Real-IP", "X-Original-For", "X-Original-Host",
        "X-Client-IP", "X-Cluster-Client-IP", "CF-Connecting-IP", "True-Client-IP", "Fastly-Client-IP", "X-Envoy-External-Address",
        "X-ProxyUser-Ip", "Via",
    ];

    public Caller? Authenticate(HttpRequest request)
    {
        if (Open)
        {
            var local = request.HttpContext.Connection.RemoteIpAddress is { } ip && System.Net.IPAddress.IsLoopback(ip)
                        && !ForwardingHeaders.Any(h => request.Headers.ContainsKey(h));
            return local ? new Caller("local", null) : null;
        }
        return Authenticate(request.Headers.Authorization.FirstOrDefault());
    }

    public Caller? Authenticate(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(authorization["Bearer ".Length..].Trim()));
        Caller? found = null;
        foreach (var agent in agents.Value)
            if (Matches(given, agent.TokenSha256))
                found = new Caller(agent.Id, agent.Team,
                    string.IsNullOrWhiteSpace(agent.Name) ? null : agent.Name);   // no early exit: same time for every token
        if (Matches(given, api.Value.TokenSha256)) found = new Caller("operator", null);
        return found;
    }

    static bool Matches(byte[] given, string? hex)
    {
        if (string.IsNullOrWhiteSpace(hex) || hex.Trim().Length != 64) return false;
        try { return CryptographicOperations.FixedTimeEquals(given, Convert.FromHexString(hex.Trim())); }
        catch (FormatException) { return false; }
    }
}

/// Routes hand-offs to teams by category (Handoffs:Teams), for the queue and the team rule of the agent API.
public sealed class TeamRouting(IOptions<HandoffOptions> options) : ITeamRouting
{
    public string TeamFor(string category) => options.Value.Teams.TryGetValue(category, out var team) ? team : options.Value.DefaultTeam;
}

/// The one rule for every endpoint that holds customer data: 401 without a valid bearer token (an agent's or the
/// operator's); only with no token configured at all is the service open — and then it listens on loopback only
/// (ExposureGuard). The caller is in HttpContext.Items for the handlers.
sealed class AgentAccess(AgentDirectory directory) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var caller = directory.Authenticate(context.HttpContext.Request);
        if (caller is null) return TypedResults.Unauthorized();
        context.HttpContext.Items[typeof(Caller)] = caller;
        return await next(context);
    }
}

/// As <see cref="AgentAccess"/>, and the caller must be the operator (Api:TokenSha256): whole transcripts of any
/// team, dead letters, consent and marketing. An agent gets 403; with agents configured but no operator token,
/// nobody reaches these (never anonymous).
sealed class OperatorAccess(AgentDirectory directory) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var caller = directory.Authenticate(context.HttpContext.Request);
        if (caller is null) return TypedResults.Unauthorized();
        if (!caller.IsOperator)
            return TypedResults.Problem("this needs the operator's token (Api:TokenSha256), not an agent's", statusCode: 403, title: "Forbidden");
        context.HttpContext.Items[typeof(Caller)] = caller;
        return await next(context);
    }
}

public static class AgentApiLimits
{
    /// The largest body the agent and operator APIs read: a reply is at most 2,000 characters, a marketing message
    /// names at most 50 recipients. Kestrel's default (30 MB) let eight notes at once take ~90 MB.
    public const long MaxBodyBytes = 64 * 1024;

    /// Bodies over <see cref="MaxBodyBytes"/> are refused with 413 before they are read, by the routing middleware
    /// (request-size metadata), since a filter runs only after the body was bound.
    public static RouteGroupBuilder LimitBodies(this RouteGroupBuilder group) =>
        group.WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBodyBytes));
}
