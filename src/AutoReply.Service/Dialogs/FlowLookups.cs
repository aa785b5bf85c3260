using System.Text.Json;
using AutoReply.Core.Engine;
using AutoReply.Core.Library;

namespace AutoReply.Service.Dialogs;

public sealed class LookupOptions
{
    /// The brand's endpoint, with the flow's variables in braces: http://orders.internal/api/orders/{order_number}.
    public string Url { get; set; } = "";
    public double TimeoutSeconds { get; set; } = 5;
}

/// Makes the calls flows ask for (Lookups:NAME in configuration): a GET to the configured URL with the thread's
/// variables filled in (escaped), answered 200 with a JSON object (its fields become variables), 404 (not found),
/// or anything else, a timeout or no configuration at all (failed: the flow takes its on_failure path).
public sealed class FlowLookups(IHttpClientFactory http, IConfiguration config, ILogger<FlowLookups> log)
{
    public async Task<LookupResult> Call(LookupRequest request, CancellationToken ct)
    {
        var options = config.GetSection($"Lookups:{request.Name}").Get<LookupOptions>();
        if (options is null || string.IsNullOrWhiteSpace(options.Url))
            return Failed(request, $"Lookups:{request.Name}:Url is not configured");
        var template = Template.TryParse(options.Url, out var error);
        if (template is null) return Failed(request, $"Lookups:{request.Name}:Url: {error}");
        var url = template.Render(v => request.Variables.TryGetValue(v, out var value) ? Uri.EscapeDataString(value) : null);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        try
        {
            using var response = await http.CreateClient("lookups").GetAsync(url, timeout.Token);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return new LookupResult(LookupOutcome.NotFound, new Dictionary<string, string>());
            if (!response.IsSuccessStatusCode) return Failed(request, $"answered {(int)response.StatusCode}");
            using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(timeout.Token), cancellationToken: timeout.Token);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return Failed(request, "the answer is not a JSON object");
            var fields = doc.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
            return new LookupResult(LookupOutcome.Found, fields);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Failed(request, $"no answer within {options.TimeoutSeconds}s");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException)
        {
            return Failed(request, e.Message);
        }
    }

    LookupResult Failed(LookupRequest request, string error)
    {
        log.LogWarning("Lookup {Name} failed: {Error}; the flow takes its failure path", request.Name, error);
        return new LookupResult(LookupOutcome.Failed, new Dictionary<string, string>(), error);
    }
}
