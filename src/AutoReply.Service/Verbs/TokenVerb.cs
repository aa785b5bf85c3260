using System.Security.Cryptography;
using System.Text;

namespace AutoReply.Service.Verbs;

/// autoreply token: a new random bearer token, and the SHA-256 hash to configure for it (Api:TokenSha256 for the
/// operator, Agents:N:TokenSha256 for an agent). Only the hash goes into configuration; the token goes to its holder.
static class TokenVerb
{
    public static int Run()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        Console.WriteLine($"token:        {token}");
        Console.WriteLine($"TokenSha256:  {hash}");
        Console.WriteLine();
        Console.WriteLine("Give the token to its holder (Authorization: Bearer <token>) and configure only the hash, e.g.");
        Console.WriteLine($"  Api__TokenSha256={hash}            (the operator)");
        Console.WriteLine($"  Agents__0__Id=ana Agents__0__Team=support Agents__0__TokenSha256={hash}   (an agent)");
        return 0;
    }
}
