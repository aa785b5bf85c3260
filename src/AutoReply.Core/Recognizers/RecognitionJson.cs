using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;

namespace AutoReply.Core.Recognizers;

/// A line of input that cannot be recognised: not JSON, no "text", a reference time that is no date-time. The message
/// names the source and line ("in.jsonl:2: not JSON: …").
public sealed class RecognitionInputException(string message) : FormatException(message);

/// What `autoreply recognize` reads and writes, in Microsoft Recognizers' shapes so the output compares with theirs line
/// by line: `{"type","text","start","end","resolution"}` per entity, start/end UTF-16 indexes with the end inclusive.
/// Both the service's verb and the native `autoreply-recognize` run this, so the two cannot drift apart.
public static class RecognitionJson
{
    // Readable output: "€" and "ü" as they are, not \u escapes (the output is for people and diff tools, not HTML).
    static readonly JsonSerializerOptions Output = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// One entity as a JSON line.
    public static string Line(Entity entity) => ToJson(entity).ToJsonString(Output);

    /// Lines of `{"id","text","culture":"en-us|de-de|fi-fi","ref":"2026-11-22T10:00:00"}` to lines of `{"id","entities":[…]}`,
    /// in order. A line without "ref" is recognised against <paramref name="now"/>; "culture" defaults to en-us. Lines are
    /// parsed in order (a bad one throws <see cref="RecognitionInputException"/> naming <paramref name="source"/> and its
    /// line), recognised on every core a chunk at a time, and written in order.
    public static void Lines(TextReader input, TextWriter output, string source, EntityRecognizer recognizer, DateTimeZone zone,
        string phoneRegion, LocalDateTime now)
    {
        var lineNumber = 0;
        foreach (var chunk in ReadLines(input).Chunk(4096))
        {
            var work = new (JsonNode? Id, string Text, RecognitionContext Context)?[chunk.Length];
            for (var i = 0; i < chunk.Length; i++)
            {
                lineNumber++;
                var line = chunk[i];
                if (line.Trim().Length == 0) continue;
                JsonNode? node;
                try { node = JsonNode.Parse(line); }
                catch (JsonException e) { throw new RecognitionInputException($"{source}:{lineNumber}: not JSON: {e.Message}"); }
                var text = node?["text"]?.GetValue<string>() ?? throw new RecognitionInputException($"{source}:{lineNumber}: no \"text\"");
                var language = Language(node?["culture"]?.GetValue<string>() ?? "en-us");
                var reference = node?["ref"]?.GetValue<string>() is { } r ? Reference(r, $"{source}:{lineNumber}") : now;
                work[i] = (node?["id"]?.DeepClone(), text, new RecognitionContext(language, reference, zone, phoneRegion));
            }
            var results = new string?[chunk.Length];
            Parallel.For(0, chunk.Length, i =>
            {
                if (work[i] is not var (id, text, context)) return;
                var entities = recognizer.Recognize(text, context);
                results[i] = new JsonObject { ["id"] = id, ["entities"] = new JsonArray([.. entities.Select(ToJson)]) }.ToJsonString(Output);
            });
            foreach (var result in results) if (result is not null) output.WriteLine(result);
        }
    }

    static IEnumerable<string> ReadLines(TextReader input)
    {
        while (input.ReadLine() is { } line) yield return line;
    }

    /// The zone and phone region the recognizers work in, from the settings BusinessHours:TimeZone and Recognizers:PhoneRegion
    /// (Europe/Berlin and DE when unset; UTC for a zone the time-zone database does not know).
    public static (DateTimeZone Zone, string PhoneRegion) Settings(string? timeZone, string? phoneRegion) =>
        (DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone ?? "Europe/Berlin") ?? DateTimeZone.Utc, phoneRegion ?? "DE");

    /// "de-DE" → "de".
    static string Language(string culture) => culture.Split('-')[0].ToLowerInvariant();

    // Built once: a pattern is parsed from its text, which cost more than recognising a sentence when done per line.
    static readonly LocalDateTimePattern[] ReferencePatterns =
        [.. new[] { "uuuu-MM-dd'T'HH:mm:ss", "uuuu-MM-dd'T'HH:mm", "uuuu-MM-dd" }.Select(LocalDateTimePattern.CreateWithInvariantCulture)];

    /// A reference time as written on the command line or in a line: 2026-11-22T10:00[:00] or 2026-11-22.
    public static LocalDateTime Reference(string text, string where)
    {
        foreach (var pattern in ReferencePatterns)
        {
            var result = pattern.Parse(text);
            if (result.Success) return result.Value;
        }
        throw new RecognitionInputException($"{where}: '{text}' is not a local date-time like 2026-11-22T10:00");
    }

    static JsonNode ToJson(Entity e) => new JsonObject
    {
        ["type"] = e.Type,
        ["text"] = e.Text,
        ["start"] = e.Start,
        ["end"] = e.End,
        ["resolution"] = Node(e.Resolution),
    };

    /// The resolution as JSON, written out by hand: the shapes are few (strings, numbers, booleans, lists and maps of
    /// them); reflection-based serialization cost more than recognising the sentence, and a native build has none.
    static JsonNode? Node(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        decimal m => JsonValue.Create(m),
        IDictionary<string, string> map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
        IDictionary<string, object?> map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, Node(kv.Value)))),
        System.Collections.IEnumerable list => new JsonArray([.. list.Cast<object?>().Select(Node)]),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}
