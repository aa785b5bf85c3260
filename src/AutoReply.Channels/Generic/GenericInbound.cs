using System.Text.Json;
using AutoReply.Core.Messages;
using NodaTime;
using NodaTime.Text;

namespace AutoReply.Channels.Generic;

/// The outcome of reading a generic-channel request body: a message, or the reason it is not one.
public readonly record struct ParsedInbound(InboundMessage? Message, string? Error)
{
    public static ParsedInbound Invalid(string error) => new(null, error);
}

/// Reads the generic JSON channel's inbound body:
/// {"id":"m-1","thread":"t-1","sender":{"id":"u-1","name":"Ana"},"text":"...","timestamp":"2026-11-22T10:00:00Z"}.
/// Strict about what it needs (every reason is said), lenient about extra fields a sender may add.
public static class GenericInbound
{
    public const string Channel = "generic";
    const int MaxIdLength = 256;
    const int MaxAttachments = 10;

    public static ParsedInbound Parse(ReadOnlySpan<byte> body, int maxTextLength, Instant receivedAt)
    {
        if (Platforms.Json.Undecodable(body) is { } undecodable) return ParsedInbound.Invalid(undecodable);
        JsonDocument doc;
        try
        {
            // The whole body is one object: text after it ("{…} garbage") and a field given twice ({"id":"a","id":"b"}: which
            // one did the sender mean?) are malformed, not read as the first object or the last value.
            doc = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            return ParsedInbound.Invalid($"malformed JSON: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return ParsedInbound.Invalid("the body must be a JSON object");

            if (Text(root, "id", out var id) is { } e1) return ParsedInbound.Invalid(e1);
            if (Text(root, "thread", out var thread) is { } e2) return ParsedInbound.Invalid(e2);
            if (!root.TryGetProperty("sender", out var sender) || sender.ValueKind != JsonValueKind.Object)
                return ParsedInbound.Invalid("'sender' is required: an object with 'id' and optional 'name'");
            if (Text(sender, "id", out var senderId, "sender.id") is { } e3) return ParsedInbound.Invalid(e3);
            string? name = null;
            if (sender.TryGetProperty("name", out var n) && n.ValueKind != JsonValueKind.Null)
            {
                if (n.ValueKind != JsonValueKind.String) return ParsedInbound.Invalid("'sender.name' must be a string");
                name = n.GetString();
                if (name!.Length > MaxIdLength) return ParsedInbound.Invalid($"'sender.name' is longer than {MaxIdLength} characters");
                name = Printable.Neutralise(name);   // a display name is the customer's to choose; its control characters are not
            }

            var attachments = new List<Attachment>();
            if (root.TryGetProperty("attachments", out var list) && list.ValueKind != JsonValueKind.Null)
            {
                if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > MaxAttachments)
                    return ParsedInbound.Invalid($"'attachments' must be an array of at most {MaxAttachments} {{\"type\",\"url\"}} objects");
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object || Text(item, "url", out var url, "attachments[].url") is { } bad)
                        return ParsedInbound.Invalid("each attachment needs a 'url' string");
                    if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                        return ParsedInbound.Invalid($"attachment url '{url}' is not an http(s) URL");
                    var kind = item.TryGetProperty("type", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : "file";
                    attachments.Add(new Attachment(kind, url));
                }
            }

            // A DM may be only a photo; otherwise it needs words.
            string text;
            if (root.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String) text = t.GetString()!;
            else if (attachments.Count > 0 && (!root.TryGetProperty("text", out var tn) || tn.ValueKind == JsonValueKind.Null)) text = "";
            else return ParsedInbound.Invalid("'text' is required and must be a string");
            if (string.IsNullOrWhiteSpace(text) && attachments.Count == 0) return ParsedInbound.Invalid("'text' is empty");
            if (text.Length > maxTextLength) return ParsedInbound.Invalid($"'text' is {text.Length} characters long, counted in UTF-16 code units (an emoji counts as two); the limit is {maxTextLength}");

            var sentAt = receivedAt;
            if (root.TryGetProperty("timestamp", out var ts) && ts.ValueKind != JsonValueKind.Null)
            {
                if (ts.ValueKind != JsonValueKind.String)
                    return ParsedInbound.Invalid("'timestamp' must be an ISO 8601 string with an offset, e.g. 2026-11-22T10:00:00Z");
                var parsed = OffsetDateTimePattern.ExtendedIso.Parse(ts.GetString()!);
                if (!parsed.Success) return ParsedInbound.Invalid("'timestamp' must be an ISO 8601 string with an offset, e.g. 2026-11-22T10:00:00Z");
                sentAt = parsed.Value.ToInstant();
            }

            return new ParsedInbound(new InboundMessage(new ThreadKey(Channel, thread), id, new Sender(senderId, name), text, sentAt, receivedAt)
            {
                Attachments = attachments,
            }, null);
        }
    }

    static string? Text(JsonElement obj, string property, out string value, string? label = null)
    {
        value = "";
        label ??= property;
        if (!obj.TryGetProperty(property, out var p) || p.ValueKind != JsonValueKind.String)
            return $"'{label}' is required and must be a string";
        value = p.GetString()!;
        if (value.Trim().Length == 0) return $"'{label}' is empty";
        if (value.Length > MaxIdLength) return $"'{label}' is longer than {MaxIdLength} characters";
        if (!Printable.IsClean(value)) return $"'{label}' holds control or invisible formatting characters";
        return null;
    }
}
