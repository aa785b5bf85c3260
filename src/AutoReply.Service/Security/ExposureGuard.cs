using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AutoReply.Service.Security;

/// Refuses to run a service that would accept unsigned DMs, or show transcripts, to anyone on the network: beyond
/// loopback, Channels:Generic:Secret and Api:TokenSha256 must be set.
///
/// Checked twice. Before start-up on every address the configuration names (--urls, Kestrel:Endpoints:*:Url,
/// http_ports), for a clear message without binding anything; and after start-up on the addresses Kestrel actually
/// bound (the server's addresses feature), whatever configured them — code, an environment variable, a setting this
/// list does not know. Until that second check has passed every request is answered 503, so an exposed, open service
/// never serves one.
public sealed class ExposureGuard(string? genericSecret, string? apiTokenSha256)
{
    volatile bool checkedBound;

    /// Why the service refused to run on the addresses it bound, or null.
    public string? Refusal { get; private set; }

    // The same rule as AgentDirectory's: a blank or malformed operator hash is no token (a " " must not count as one).
    bool Open => string.IsNullOrWhiteSpace(genericSecret) || !IsSha256Hex(apiTokenSha256);

    internal static bool IsSha256Hex(string? value) => value?.Trim() is { Length: 64 } hex && hex.All(char.IsAsciiHexDigit);

    /// The addresses named in configuration, before anything is bound.
    public static IEnumerable<string> ConfiguredAddresses(IConfiguration config, string fallback)
    {
        var urls = config["urls"];
        foreach (var url in (string.IsNullOrEmpty(urls) ? fallback : urls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            yield return url;
        foreach (var endpoint in config.GetSection("Kestrel:Endpoints").GetChildren())
            if (endpoint["Url"] is { Length: > 0 } url) yield return url;
        foreach (var (key, scheme) in new[] { ("http_ports", "http"), ("https_ports", "https") })
            foreach (var port in (config[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                yield return $"{scheme}://*:{port}";
    }

    /// Throws when a configured address is beyond loopback and the API is open.
    public void CheckConfigured(IEnumerable<string> addresses)
    {
        var all = addresses.ToList();
        // "127.0.0.1:5080" without http:// is no address Kestrel reads as this one: said as what it is, not as an exposure.
        if (all.FirstOrDefault(a => !a.Contains("://", StringComparison.Ordinal)) is { } bare)
            throw new Configuration.SettingsException($"urls: '{bare}' has no scheme: write http://{bare}");
        if (Why(all) is { } why) throw new InvalidOperationException(why);
    }

    /// After start-up: the bound addresses. On a refusal, says why and stops the host (the process exits 1).
    public void CheckBound(IServer server, IHostApplicationLifetime lifetime, ILogger log)
    {
        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        if (Why(bound) is { } why)
        {
            Refusal = why;
            log.LogCritical("Refusing to serve: {Why}", why);
            lifetime.StopApplication();
            return;
        }
        checkedBound = true;
    }

    /// Answers 503 until the bound addresses have been checked and found safe.
    public async Task Gate(HttpContext context, RequestDelegate next)
    {
        if (checkedBound) { await next(context); return; }
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
    }

    string? Why(IEnumerable<string> addresses)
    {
        if (!Open) return null;
        var exposed = addresses.Where(a => !IsLoopback(a)).ToArray();
        if (exposed.Length == 0) return null;
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(genericSecret)) missing.Add("Channels:Generic:Secret");
        if (!IsSha256Hex(apiTokenSha256)) missing.Add("Api:TokenSha256 (64 hex digits)");
        return $"refusing to listen on {string.Join(", ", exposed)} without {string.Join(" and ", missing)}: " +
               "anyone on the network could post DMs or read transcripts. Set them, or listen on 127.0.0.1 only.";
    }

    static bool IsLoopback(string url)
    {
        BindingAddress address;
        try { address = BindingAddress.Parse(url.Trim()); }
        catch (FormatException) { return false; }   // an address we cannot read is not known to be safe
        if (address.IsUnixPipe) return true;
        if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        var host = address.Host.Trim('[', ']');
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }
}
