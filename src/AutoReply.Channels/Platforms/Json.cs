using System.Text.Json;

namespace AutoReply.Channels.Platforms;

/// Small readers for platform JSON: a value of the expected kind, or nothing (never an exception).
public static class Json
{
    public static bool TryParse(ReadOnlySpan<byte> body, out JsonDocument? doc, out string? error)
    {
        if (Undecodable(body) is { } why)
        {
            doc = null;
            error = why;
            return false;
        }
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

    /// Why the body cannot be read as text, or null: it must be UTF-8 throughout (no invalid, overlong or cut-off
    /// sequences, no encoded surrogates), and no string in it may hold an escaped lone surrogate ("\ud800" without its
    /// pair). System.Text.Json parses such bodies and throws only when a string is read — a 500 instead of a 400.
    public static string? Undecodable(ReadOnlySpan<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body)) return "the body is not valid UTF-8";
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped) reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return "a string in the body holds an escaped lone surrogate (a \\uD800–\\uDFFF escape without its pair)";
        }
        catch (JsonException)
        {
            // Malformed JSON: the parser says where.
        }
        return null;
    }

    /// A customer's text, of any length (the body limit bounds it; <see cref="PlatformText.Within"/> cuts it to the
    /// service's text limit): <see cref="Str"/> would read a text over 4,096 characters as none, and drop the DM.
    public static string? Text(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
        && v.GetString() is { Length: > 0 } s ? s : null;

    public static string? Str(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
        && v.GetString() is { Length: > 0 and <= 4096 } s ? s : null;

    /// A platform id (account, user, message): a string of at most 256 printable characters, else null — an id with a
    /// CR/LF or an escape sequence would reach log lines and transcripts. A whole JSON number is taken as its digits:
    /// the platforms send ids as strings, but fixtures and older payloads carry some as numbers.
    public static string? Id(this JsonElement e, string name)
    {
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            && v.TryGetInt64(out var n) && n >= 0)
            return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return e.Str(name) is { Length: > 0 and <= 256 } id && AutoReply.Core.Messages.Printable.IsClean(id) ? id : null;
    }

    public static JsonElement? Obj(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    public static JsonElement.ArrayEnumerator? Arr(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : null;

    public static long? Long(this JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
        if (v.ValueKind == JsonValueKind.String
            && long.TryParse(v.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s)) return s;
        return null;
    }

    public static double? Double(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
        && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    public static bool True(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
