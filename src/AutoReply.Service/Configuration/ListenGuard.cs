using System.Net;

namespace AutoReply.Service.Configuration;

/// Refuses to start a service that would accept unsigned DMs, or show transcripts, to anyone on the network:
/// beyond loopback, Channels:Generic:Secret and Api:TokenSha256 must be set.
static class ListenGuard
{
    public static void Check(IEnumerable<string> urls, string? genericSecret, string? apiTokenSha256)
    {
        var exposed = urls.Where(u => !IsLoopback(u)).ToArray();
        if (exposed.Length == 0) return;
        var missing = new List<string>();
        if (string.IsNullOrEmpty(genericSecret)) missing.Add("Channels:Generic:Secret");
        if (string.IsNullOrEmpty(apiTokenSha256)) missing.Add("Api:TokenSha256");
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"refusing to listen on {string.Join(", ", exposed)} without {string.Join(" and ", missing)}: " +
                "anyone on the network could post DMs or read transcripts. Set them, or listen on 127.0.0.1.");
    }

    static bool IsLoopback(string url)
    {
        var address = BindingAddress.Parse(url.Trim());
        if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        var host = address.Host.Trim('[', ']');
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }
}
