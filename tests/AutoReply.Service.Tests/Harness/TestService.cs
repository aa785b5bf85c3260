using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AutoReply.Channels.Signatures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutoReply.Service.Tests.Harness;

public sealed record ThreadEntry(DateTimeOffset At, string Direction, string Kind, string? Actor, string? Text, string? Id, string? Delivery,
    IReadOnlyList<string>? QuickReplies = null);
public sealed record ThreadTranscript(string Channel, string Thread, ThreadEntry[] Entries);

/// The real service host, on a loopback port, with its own SQLite file and the repository's sample dialogs.
public sealed class TestService : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly WebApplication app;
    readonly string? ownedDirectory;

    TestService(WebApplication app, HttpClient http, string databasePath, string? ownedDirectory)
    {
        this.app = app;
        Http = http;
        DatabasePath = databasePath;
        this.ownedDirectory = ownedDirectory;
    }

    /// The operator token the harness configures when a test configures agents but no operator.
    public const string OperatorToken = "test-operator-token";

    public HttpClient Http { get; }
    public string DatabasePath { get; }
    public IServiceProvider Services => app.Services;

    /// Starts the service. <paramref name="databasePath"/> reuses a database (a restart); otherwise a fresh one is made.
    public static async Task<TestService> Start(Receiver? receiver = null, IDictionary<string, string?>? settings = null,
        TimeProvider? clock = null, string? databasePath = null, Action<WebApplicationBuilder>? customize = null)
    {
        string? owned = null;
        if (databasePath is null)
        {
            owned = Repo.TempDirectory();
            databasePath = Path.Combine(owned, "autoreply.db");
        }
        var config = new Dictionary<string, string?>
        {
            ["ConnectionStrings:AutoReply"] = $"Data Source={databasePath}",
            ["Dialogs:Path"] = Repo.Dialogs,
            ["Channels:Generic:OutboundUrl"] = receiver?.Url.ToString(),
            ["Outbox:BaseDelayMs"] = "20",
            ["Outbox:PollSeconds"] = "0.1",
            ["Worker:PollSeconds"] = "0.1",
            // Tests about other behaviour look at the replies they cause, without the disclosure before them; PrivacyTests
            // turn it on (it is on by default in the product).
            ["Disclosure:Enabled"] = "false",
            // The development switch, as `dotnet run` has it: tests without tokens call the API as the local operator.
            ["Api:AllowAnonymousLoopback"] = "true",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) config[k] = v;
        // With agents configured, transcripts need the operator's token: the harness is that operator, unless the test
        // set Api:TokenSha256 itself (an empty value: no operator at all).
        if (config.Keys.Any(k => k.StartsWith("Agents:", StringComparison.Ordinal)) && !config.ContainsKey("Api:TokenSha256"))
            config["Api:TokenSha256"] = Agents.Hash(OperatorToken);

        var app = ServiceHost.Build(["--urls", "http://127.0.0.1:0", LoopbackApp.NoReload], builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(new TestLog.Provider());
            if (clock is not null) builder.Services.AddSingleton(clock);
            customize?.Invoke(builder);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new HttpClient { BaseAddress = new Uri(address) };
        return new TestService(app, http, databasePath, owned);
    }

    public static object Dm(string id, string thread, string text, string sender = "u-1", string? name = "Ana", string? timestamp = null) =>
        new { id, thread, sender = new { id = sender, name }, text, timestamp };

    public Task<HttpResponseMessage> Post(object message, string? secret = null) => PostRaw(JsonSerializer.Serialize(message, Json), secret);

    public Task<HttpResponseMessage> PostRaw(string body, string? secret = null, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null) request.Headers.Add("X-AutoReply-Signature", signature);
        else if (secret is not null) request.Headers.Add("X-AutoReply-Signature", HmacSignature.Sign(secret, Encoding.UTF8.GetBytes(body)));
        return Http.SendAsync(request);
    }

    public async Task<ThreadTranscript?> Thread(string thread, string channel = "generic")
    {
        var response = await Http.SendAsync(Agents.As(OperatorToken, HttpMethod.Get, $"/api/threads/{Uri.EscapeDataString(thread)}?channel={channel}"));
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ThreadTranscript>(Json);
    }

    /// Waits until the thread's transcript satisfies <paramref name="condition"/>.
    public Task<ThreadTranscript?> ThreadWhen(string thread, Func<ThreadTranscript, bool> condition, string what, string channel = "generic") =>
        Eventually.ValueAsync(() => Thread(thread, channel), t => t is not null && condition(t), what);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (ownedDirectory is not null)
            try { Directory.Delete(ownedDirectory, recursive: true); } catch (IOException) { }
    }
}
