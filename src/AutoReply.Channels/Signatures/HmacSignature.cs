using System.Security.Cryptography;
using System.Text;

namespace AutoReply.Channels.Signatures;

/// "sha256=&lt;hex&gt;" HMAC-SHA256 signatures of a raw request body, as the generic channel and Meta use them.
/// Comparison is constant-time; a signature is never logged or echoed.
public static class HmacSignature
{
    const string Prefix = "sha256=";

    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrEmpty(header) || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return false;
        var hex = header.AsSpan(Prefix.Length).Trim();
        if (hex.Length != 64) return false;
        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32) return false;
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// X's form: "sha256=&lt;base64&gt;".
    public static bool VerifyBase64(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrEmpty(header) || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return false;
        Span<byte> given = stackalloc byte[48];
        if (!Convert.TryFromBase64String(header[Prefix.Length..].Trim(), given, out var written) || written != 32) return false;
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given[..32]);
    }

    public static string SignBase64(string secret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
