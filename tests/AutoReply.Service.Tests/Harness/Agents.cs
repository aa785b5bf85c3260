using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;

namespace AutoReply.Service.Tests.Harness;

/// Agent tokens as the configuration holds them (SHA-256), and requests made with one.
public static class Agents
{
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static HttpRequestMessage As(string token, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Headers = { { "Authorization", "Bearer " + token } } };
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }
}
