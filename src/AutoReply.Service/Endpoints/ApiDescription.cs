using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AutoReply.Service.Endpoints;

/// The OpenAPI document's title and how callers authenticate: a bearer token (an agent's or the operator's) for the
/// /api endpoints, the platforms' signatures for the webhooks (said in their descriptions).
sealed class ApiDescription : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "AutoReply",
            Version = "v1",
            Description = "DMs in (generic channel, Meta and X webhooks), the hand-off queue and agent API, transcripts, stats, privacy. " +
                          "/api endpoints take Authorization: Bearer <token> (agent or operator; some operator only: 403 for an agent). " +
                          "POST /api/messages is signed with X-AutoReply-Signature when Channels:Generic:Secret is set.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer",
            Description = "An agent's token (Agents:N:TokenSha256) or the operator's (Api:TokenSha256); `autoreply token` makes one.",
        };
        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/api/", StringComparison.Ordinal) || path == "/api/messages" || item.Operations is null) continue;
            foreach (var operation in item.Operations.Values)
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
        }
        return Task.CompletedTask;
    }
}
