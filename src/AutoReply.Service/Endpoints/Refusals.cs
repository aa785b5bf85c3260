using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace AutoReply.Service.Endpoints;

/// A refusal as `application/problem+json` (RFC 9457: type, title, status and the detail that says why), as every
/// refusal of the API is; the OpenAPI document says so too. (Until session 24 the 404s and 409s were plain JSON with a
/// `detail` alone.)
public abstract class Refusal(int status, string title, string detail) : IResult, IStatusCodeHttpResult
{
    public string Detail => detail;
    public int? StatusCode => status;
    public Task ExecuteAsync(HttpContext http) => TypedResults.Problem(detail, statusCode: status, title: title).ExecuteAsync(http);

    protected static void Describe(EndpointBuilder builder, int status) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
}

/// 404: what the request names does not exist ("no hand-off 'h-9'").
public sealed class NotFoundProblem(string detail) : Refusal(StatusCodes.Status404NotFound, "Not found", detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status404NotFound);
}

/// 409: the request cannot be done in the state things are in ("claimed by alice", "the hand-off is resolved").
public sealed class ConflictProblem(string detail) : Refusal(StatusCodes.Status409Conflict, "Conflict", detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status409Conflict);
}
