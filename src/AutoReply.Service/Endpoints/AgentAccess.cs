using System.Security.Cryptography;
using System.Text;
using AutoReply.Service.Configuration;
using AutoReply.Storage.Handoffs;
using Microsoft.Extensions.Options;

namespace AutoReply.Service.Endpoints;

/// Who is calling the agent API: an agent of a team, or an operator (the API token) who sees every team.
public sealed record Caller(string Id, string? Team, string? DisplayName = null)
{
    public bool MaySee(Handoff h) => Team is null || Team == h.Team;
}

/// Bearer tokens of agents (Agents:N:Id/Team/TokenSha256) and of the operator (Api:TokenSha256), compared as SHA-256
/// hashes in constant time. With neither configured the service is loopback-only, and the caller is the operator.
public sealed class AgentDirectory(IOptions<List<AgentOptions>> agents, IOptions<ApiOptions> api)
{
    public bool Open => agents.Value.Count == 0 && string.IsNullOrWhiteSpace(api.Value.TokenSha256);

    public Caller? Authenticate(string? authorization)
    {
        if (Open) return new Caller("local", null);
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(authorization["Bearer ".Length..].Trim()));
        Caller? found = null;
        foreach (var agent in agents.Value)
            if (Matches(given, agent.TokenSha256)) found = new Caller(agent.Id, agent.Team, string.IsNullOrWhiteSpace(agent.Name) ? null : agent.Name);   // no early exit: same time for every token
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

/// 401 without a valid bearer token; the caller is in HttpContext.Items for the handlers.
sealed class AgentAccess(AgentDirectory directory) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var caller = directory.Authenticate(context.HttpContext.Request.Headers.Authorization.FirstOrDefault());
        if (caller is null) return TypedResults.Unauthorized();
        context.HttpContext.Items[typeof(Caller)] = caller;
        return await next(context);
    }
}
