using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace AutoReply.Service.Tests.Harness;

/// Several clients posting DMs to a service process at once, as platforms do under load, noting which got a 202: a
/// DM without one (the process went away) is one the platform would post again.
public static class Posters
{
    public static Task Run(HttpClient http, (string Id, object Body)[] dms, ConcurrentDictionary<string, bool> accepted, int clients = 8)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < dms.Length)
            {
                try
                {
                    var response = await http.PostAsJsonAsync("/api/messages", dms[i].Body, TestService.Json);
                    if (response.StatusCode == HttpStatusCode.Accepted) accepted[dms[i].Id] = true;
                }
                catch (Exception e) when (Unreachable(e)) { }   // stopped or killed: no 2xx, so the platform posts it again
            }
        })));
    }

    /// The process is not there to answer: refused, reset, or cut off by a kill between the connect and the first
    /// byte, which HttpClient lets through as a bare SocketException rather than wrapping it.
    public static bool Unreachable(Exception e) => e is HttpRequestException or SocketException or IOException;
}
