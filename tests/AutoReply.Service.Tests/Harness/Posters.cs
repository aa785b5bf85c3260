using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace AutoReply.Service.Tests.Harness;

/// Several clients posting DMs to a service process at once, as platforms do under load, noting which got a 202: a
/// DM without one (the process went away) is one the platform would post again. A 503 (the database busy, or the
/// service starting or stopping: it says to send it again) is posted again, as platforms do; every answer is tallied,
/// so a test that waits on the posters can say what they saw when it gives up.
public sealed class Posters
{
    readonly ConcurrentDictionary<string, int> answers = new();

    Posters() => Done = Task.CompletedTask;

    /// Completes when every DM was posted (or found the process gone).
    public Task Done { get; private set; }

    /// What the posts got, e.g. "202 ×231, unreachable ×12".
    public string Seen => answers.IsEmpty ? "no answer yet" : string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key} ×{a.Value}"));

    public static Posters Run(HttpClient http, (string Id, object Body)[] dms, ConcurrentDictionary<string, bool> accepted, int clients = 8)
    {
        var posters = new Posters();
        var next = -1;
        posters.Done = Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < dms.Length)
            {
                for (var attempt = 1; ; attempt++)
                {
                    string answer;
                    try
                    {
                        var response = await http.PostAsJsonAsync("/api/messages", dms[i].Body, TestService.Json);
                        if (response.StatusCode == HttpStatusCode.Accepted) accepted[dms[i].Id] = true;
                        answer = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                    catch (Exception e) when (Unreachable(e)) { answer = "unreachable"; }   // stopped or killed: no 2xx, so the platform posts it again
                    posters.answers.AddOrUpdate(answer, 1, (_, n) => n + 1);
                    if (answer != "503" || attempt == 5) break;
                    await Task.Delay(200);
                }
            }
        })));
        return posters;
    }

    /// The process is not there to answer: refused, reset, or cut off by a kill between the connect and the first
    /// byte, which HttpClient lets through as a bare SocketException rather than wrapping it.
    public static bool Unreachable(Exception e) => e is HttpRequestException or SocketException or IOException;
}
