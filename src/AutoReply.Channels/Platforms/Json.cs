using System.Text.Json;

namespace AutoReply.Channels.Platforms;

/// Small readers for platform JSON: a value of the expected kind, or nothing (never an exception).
static class Json
{
    public static bool TryParse(ReadOnlySpan<byte> body, out JsonDocument? doc, out string? error)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 32 });
            doc = JsonDocument.ParseValue(ref reader);
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            doc = null;
            error = $"malformed JSON: {e.Message}";
            return false;
        }
    }

    public static string? Str(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 and <= 4096 } s ? s : null;

    /// A platform id (account, user, message): a string of at most 256 printable characters, else null — an id with a
    /// CR/LF or an escape sequence would reach log lines and transcripts.
    public static string? Id(this JsonElement e, string name) =>
        e.Str(name) is { Length: > 0 and <= 256 } id && AutoReply.Core.Messages.Printable.IsClean(id) ? id : null;

    public static JsonElement? Obj(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    public static JsonElement.ArrayEnumerator? Arr(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : null;

    public static long? Long(this JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
        if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s)) return s;
        return null;
    }

    public static bool True(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
