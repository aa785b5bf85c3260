using System.Security.Cryptography;
using System.Text;
using AutoReply.Service.Configuration;
using Microsoft.Extensions.Options;

namespace AutoReply.Service.Endpoints;

/// Guards the read APIs (transcripts hold customers' words). With Api:TokenSha256 set, a request needs
/// "Authorization: Bearer &lt;token&gt;" whose SHA-256 matches; the token itself is never stored or logged.
/// Without it the service only starts on loopback (see <see cref="ListenGuard"/>).
sealed class ApiAccess(IOptions<ApiOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.TokenSha256;
        if (string.IsNullOrWhiteSpace(expected)) return await next(context);
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return TypedResults.Unauthorized();
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        byte[] want;
        try { want = Convert.FromHexString(expected.Trim()); }
        catch (FormatException) { return TypedResults.Problem("Api:TokenSha256 is not hex", statusCode: 500); }
        return CryptographicOperations.FixedTimeEquals(given, want) ? await next(context) : TypedResults.Unauthorized();
    }
}
