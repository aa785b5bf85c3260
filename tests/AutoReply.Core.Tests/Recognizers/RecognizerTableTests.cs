using System.Globalization;
using AutoReply.Core.Recognizers;
using NodaTime;
using Xunit.Abstractions;

namespace AutoReply.Core.Tests.Recognizers;

/// The recognizers against a table of realistic DMs (dm-entities.tsv: over 200 lines, English and German) with the
/// entities a careful reader finds. Reports precision and recall per entity type, and fails when a type falls below
/// the floor the README promises. An entity counts as found when type, text span and resolved value all agree.
public sealed class RecognizerTableTests(ITestOutputHelper output)
{
    public sealed record Row(int Line, string Language, string Text, IReadOnlyList<(string Type, string Text, string Value)> Expected);

    static readonly LocalDateTime Reference = new(2026, 11, 24, 10, 0);
    static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    public static IReadOnlyList<Row> Table(string file = "dm-entities.tsv")
    {
        var rows = new List<Row>();
        var n = 0;
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Recognizers", file)))
        {
            n++;
            if (line.StartsWith('#') || line.Trim().Length == 0) continue;
            var parts = line.Split('\t');
            var expected = parts.Length < 3 || parts[2].Trim().Length == 0 ? [] : parts[2].Split(" ; ").Select(e =>
            {
                var f = e.Split('|');
                return (f[0].Trim(), f[1], f[2].Trim());
            }).ToList();
            rows.Add(new Row(n, parts[0], parts[1], expected));
        }
        return rows;
    }

    public static string ValueOf(Entity e)
    {
        var r = e.Resolution;
        if (e.Type.StartsWith("datetimeV2", StringComparison.Ordinal))
        {
            var first = ((List<Dictionary<string, string>>)r["values"]!)[0];
            return first.TryGetValue("value", out var v) ? v : $"{first.GetValueOrDefault("start")}..{first.GetValueOrDefault("end")}";
        }
        return e.Type switch
        {
            "currency" => $"{r["value"]} {(r.TryGetValue("isoCurrency", out var iso) ? iso : r["unit"])}",
            "boolean" => ((bool)r["value"]!) ? "true" : "false",
            "phonenumber" => (string)r["e164"]!,
            _ => Convert.ToString(r["value"], CultureInfo.InvariantCulture)!,
        };
    }

    [Fact]
    public void Precision_and_recall_per_entity_type_meet_the_floor()
    {
        var rows = Table();
        Assert.True(rows.Count >= 200, $"the table has {rows.Count} lines; the issue asks for at least 200");
        Measure(rows, floor: 0.95);
    }

    /// German "es geht um 2 Artikel" is about two items; "geht es um 3?" asks whether three o'clock suits.
    [Theory]
    [InlineData("Es geht um 2 Artikel aus der letzten Bestellung", "number|2")]
    [InlineData("es handelt sich um 4 Pakete", "number|4")]
    [InlineData("geht es um 3?", "datetimeV2.time|um 3")]
    [InlineData("es geht um 15 Uhr los", "datetimeV2.time|um 15 Uhr")]
    public void German_um_after_es_geht_is_about_not_at(string text, string expected)
    {
        var found = new EntityRecognizer().Recognize(text, new RecognitionContext("de", Reference, Berlin, "DE"));
        Assert.Equal(expected, string.Join(" ; ", found.Select(e => e.Type + "|" + e.Text)));
    }

    /// A shortened weekday right before a clock time is a date ("sat 4pm" was read as today at 4pm and booked so), and
    /// Finnish weekdays take the endings of "for" ("lauantaiksi", "keskiviikolle"); "we sat at 4" stays a verb.
    [Theory]
    [InlineData("en", "can I pick it up sat 4pm?", "datetimeV2.datetime|sat 4pm|2026-11-28 16:00:00")]
    [InlineData("en", "Fri 14:00 would suit me", "datetimeV2.datetime|Fri 14:00|2026-11-27 14:00:00")]
    [InlineData("en", "we sat at 4 and waited", "datetimeV2.time|at 4|16:00:00")]
    [InlineData("fi", "varaa pyörä lauantaiksi klo 12", "datetimeV2.datetime|lauantaiksi klo 12|2026-11-28 12:00:00")]
    [InlineData("fi", "sopiiko keskiviikolle", "datetimeV2.date|keskiviikolle|2026-11-25")]
    [InlineData("fi", "perjantaiksi kiitos", "datetimeV2.date|perjantaiksi|2026-11-27")]
    public void Shortened_weekdays_before_a_time_and_Finnish_endings_are_dates(string language, string text, string expected) =>
        AssertFinds(language, text, expected);

    /// The entities found in <paramref name="text"/> as "type|text|value ; …".
    static void AssertFinds(string language, string text, string expected)
    {
        var found = new EntityRecognizer().Recognize(text, new RecognitionContext(language, Reference, Berlin, "DE"));
        Assert.Equal(expected, string.Join(" ; ", found.Select(e => $"{e.Type}|{e.Text}|{ValueOf(e)}")));
    }

    /// A misspelt weekday or "tomorrow" beside a clock time was read as today at that time. Put right, the span is the
    /// text as written; plurals, "Montage" and names stay as they are.
    [Theory]
    [InlineData("en", "wendsday at 3pm works", "datetimeV2.datetime|wendsday at 3pm|2026-11-25 15:00:00")]
    [InlineData("en", "so Tuesdy at 10 then", "datetimeV2.datetime|Tuesdy at 10|2026-12-01 10:00:00")]
    [InlineData("en", "the day after tomorow at 3", "datetimeV2.datetime|the day after tomorow at 3|2026-11-26 15:00:00")]
    [InlineData("en", "thrusday 9am and firday 10am", "datetimeV2.datetime|thrusday 9am|2026-11-26 09:00:00 ; datetimeV2.datetime|firday 10am|2026-11-27 10:00:00")]
    [InlineData("en", "mondays at 9", "datetimeV2.set|mondays at 9|not resolved")]
    [InlineData("en", "call Sundar at 3pm", "datetimeV2.time|at 3pm|15:00:00")]
    [InlineData("de", "Mitwoch um 15 Uhr", "datetimeV2.datetime|Mitwoch um 15 Uhr|2026-11-25 15:00:00")]
    [InlineData("de", "die Montage am Donerstag um 9", "datetimeV2.datetime|am Donerstag um 9|2026-11-26 09:00:00")]
    [InlineData("fi", "olen yrittänyt monta kertaa, soittakaa klo 15", "datetimeV2.time|klo 15|15:00:00")]
    public void Misspelt_day_words_are_read_as_the_day_they_mean(string language, string text, string expected) =>
        AssertFinds(language, text, expected);

    /// A booking's number is named as an order's is (QA round 17, a language school); a date, a year or a fee beside a
    /// booking word is none (a review).
    [Theory]
    [InlineData("en", "I need to move my lesson, booking number 48213", "ordernumber|48213|48213")]
    [InlineData("de", "Buchungsnummer SW-48213, kann ich die Stunde verschieben?", "ordernumber|SW-48213|SW-48213")]
    [InlineData("fi", "varausnumero 48213, voinko siirtää tuntia?", "ordernumber|48213|48213")]
    [InlineData("en", "my reservation on 24/12 at 19:00", "datetimeV2.datetime|on 24/12 at 19:00|2026-12-24 19:00:00")]
    [InlineData("de", "Buchung 2026", "number|2026|2026")]
    public void A_bookings_number_is_named_as_an_orders_is(string language, string text, string expected) =>
        AssertFinds(language, text, expected);

    /// Lines written after tuning and never tuned against: the honest figure for DMs the recognizers have not seen.
    [Fact]
    public void Held_out_lines_are_mostly_right() => Measure(Table("dm-entities-holdout.tsv"), floor: 0.75);

    void Measure(IReadOnlyList<Row> rows, double floor)
    {
        var recognizer = new EntityRecognizer();
        var stats = new Dictionary<string, (int Right, int Found, int Expected)>();
        var misses = new List<string>();
        foreach (var row in rows)
        {
            var actual = recognizer.Recognize(row.Text, new RecognitionContext(row.Language, Reference, Berlin, "DE"))
                .Select(e => (e.Type, e.Text, Value: ValueOf(e))).ToList();
            foreach (var type in actual.Select(a => a.Type).Concat(row.Expected.Select(x => x.Type)).Distinct())
            {
                var got = actual.Where(a => a.Type == type).ToList();
                var want = row.Expected.Where(x => x.Type == type).ToList();
                var right = got.Count(g => want.Contains(g));
                var s = stats.GetValueOrDefault(type);
                stats[type] = (s.Right + right, s.Found + got.Count, s.Expected + want.Count);
            }
            if (!actual.ToHashSet().SetEquals(row.Expected))
                misses.Add($"line {row.Line} [{row.Language}] \"{row.Text}\": got {string.Join(" ; ", actual.Select(a => $"{a.Type}|{a.Text}|{a.Value}"))}");
        }

        output.WriteLine($"{"type",-22} {"precision",9} {"recall",7} {"expected",8}");
        foreach (var (type, (right, found, expected)) in stats.OrderBy(kv => kv.Key))
            output.WriteLine($"{type,-22} {Ratio(right, found),9:0.000} {Ratio(right, expected),7:0.000} {expected,8}");
        foreach (var miss in misses) output.WriteLine(miss);

        int allRight = stats.Values.Sum(s => s.Right), allFound = stats.Values.Sum(s => s.Found), allExpected = stats.Values.Sum(s => s.Expected);
        output.WriteLine($"all: precision {Ratio(allRight, allFound):0.000}, recall {Ratio(allRight, allExpected):0.000}, {misses.Count} of {rows.Count} lines not exactly right");
        Assert.True(Ratio(allRight, allFound) >= floor && Ratio(allRight, allExpected) >= floor,
            $"overall precision {Ratio(allRight, allFound):0.000} / recall {Ratio(allRight, allExpected):0.000} below {floor}:\n" + string.Join("\n", misses));
        foreach (var (type, (right, found, expected)) in stats.Where(s => s.Value.Expected >= 5))
            Assert.True(Ratio(right, expected) >= floor - 0.1 && Ratio(right, found) >= floor - 0.1,
                $"{type}: precision {Ratio(right, found):0.000}, recall {Ratio(right, expected):0.000} below {floor - 0.1}");
    }

    static double Ratio(int a, int b) => b == 0 ? 1 : a / (double)b;
}
