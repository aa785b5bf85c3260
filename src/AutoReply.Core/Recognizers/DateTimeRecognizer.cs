using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Recognizers.Text.DataTypes.TimexExpression;
using NodaTime;
using NodaTime.Calendars;

namespace AutoReply.Core.Recognizers;

/// Dates, times, date-times, durations, ranges and repeating sets in English and German DMs, relative to the moment
/// the DM was written in the brand's time zone: "tomorrow at 3pm", "übermorgen um 15 Uhr", "next Monday", "in 2 weeks",
/// "12.03.2026", "3/12", "zwei Stunden", "next week", "every Monday". Each carries a TIMEX expression, the values
/// Microsoft's TimexResolver gives for it, and the concrete instant.
/// It reads what customers write about callbacks and deliveries; it is not a general calendar parser
/// (no "the second Tuesday of next month", no time zones named in the text).
public sealed partial class DateTimeRecognizer : IEntityRecognizer
{
    enum Kind { Date, Time, DateTime, Duration, DateRange, TimeRange, DateTimeRange, Set }

    /// A range of the day is Time..To; an open one has only its start (Open "after") or only its end (Open "before", the
    /// time in Time). PartOfDay: "morning", "nachmittags" — a range a clock time next to it replaces.
    sealed record Found(Kind Kind, int Start, int End, LocalDate? Date = null, LocalTime? Time = null, bool Minutes = false,
        string? Timex = null, Period? Span = null)
    {
        public LocalTime? To { get; init; }
        public string? Open { get; init; }
        public bool PartOfDay { get; init; }
    }

    /// Parts of the day as Microsoft's DatetimeV2 counts them: morning 8–12, afternoon 12–16, evening 16–20.
    static (LocalTime From, LocalTime To)? Part(string word) => word.ToLowerInvariant() switch
    {
        "morning" or "vormittag" or "vormittags" or "früh" or "morgen" or "morgens" or "aamulla" or "aamupäivällä"
            => (new LocalTime(8, 0), new LocalTime(12, 0)),
        "afternoon" or "nachmittag" or "nachmittags" or "iltapäivällä" => (new LocalTime(12, 0), new LocalTime(16, 0)),
        "evening" or "abend" or "abends" or "illalla" => (new LocalTime(16, 0), new LocalTime(20, 0)),
        _ => null,
    };

    /// Words that may stand between a date and its time: "tomorrow morning at 8:15", "Montag früh um 9".
    static readonly HashSet<string> Joiners = ["at", "um", "on", "am", "gegen", "ab", "by", "bis", "morning", "afternoon", "evening",
        "in", "the", "früh", "vormittag", "nachmittag", "nachmittags", "abend", "abends", "vormittags", "klo", "kello"];

    static readonly string[] EnDays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    static readonly string[] DeDays = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"];
    static readonly string[] FiDays = ["maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai"];
    static readonly string[] EnMonths = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december"];
    static readonly string[] DeMonths = ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
        "november", "dezember"];

    static readonly Dictionary<string, int> SmallNumbers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8,
        ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["fifteen"] = 15, ["twenty"] = 20, ["thirty"] = 30,
        ["ein"] = 1, ["eine"] = 1, ["einen"] = 1, ["einer"] = 1, ["zwei"] = 2, ["drei"] = 3, ["vier"] = 4, ["fünf"] = 5, ["sechs"] = 6, ["sieben"] = 7,
        ["acht"] = 8, ["neun"] = 9, ["zehn"] = 10, ["elf"] = 11, ["zwölf"] = 12, ["fünfzehn"] = 15, ["zwanzig"] = 20, ["dreißig"] = 30,
        ["yksi"] = 1, ["yhden"] = 1, ["kaksi"] = 2, ["kahden"] = 2, ["kolme"] = 3, ["kolmen"] = 3, ["neljä"] = 4, ["neljän"] = 4, ["viisi"] = 5,
        ["viiden"] = 5, ["kuusi"] = 6, ["seitsemän"] = 7, ["kahdeksan"] = 8, ["yhdeksän"] = 9, ["kymmenen"] = 10,
        ["ne"] = 1, ["nen"] = 1, ["ner"] = 1, ["einem"] = 1, ["kaks"] = 2, ["viis"] = 5, ["kuuden"] = 6, ["couple of"] = 2, ["pari"] = 2,
        ["parin"] = 2,
    };

    const string Num = @"(?<n>\d+|a|an|couple of|ne|nen|einem|kaks|viis" +
        @"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty" +
        @"|ein|eine|einen|einer|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|fünfzehn|zwanzig|dreißig" +
        @"|yksi|yhden|kaksi|kahden|kolme|kolmen|neljä|neljän|viisi|viiden|kuusi|seitsemän|kahdeksan|yhdeksän|kymmenen)";
    const string Unit = @"(?<u>hours?|hrs?|minutes?|mins?|days?|weeks?|months?|years?|fortnights?" +
        @"|stunden?|viertelstunden?|minuten?|tagen?|tage|wochen?|monate?n?|jahre?n?" +
        @"|tuntia|tunnin|tunti|minuuttia|minuutin|päivää|päivän|viikkoa|viikkoo|viikon|kuukautta|kuukauden|vuotta|vuoden)";

    [GeneratedRegex(@"\b(?<in>in |nach |within |innerhalb von |in den nächsten )?" + Num + @" " + Unit + @"\b", RegexOptions.IgnoreCase)]
    private static partial Regex Amount();

    [GeneratedRegex(@"\b(?:(?:am|den|zum|on) )?(?<d>\d{1,2})\.(?<m>\d{1,2})\.(?<y>\d{4}|\d{2})?(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex DottedDate();

    [GeneratedRegex(@"\b(?:on )?(?<a>\d{1,2})/(?<b>\d{1,2})(/(?<y>\d{4}|\d{2}))?\b")]
    private static partial Regex SlashDate();

    [GeneratedRegex(@"\b(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})\b")]
    private static partial Regex IsoDate();

    [GeneratedRegex(
        @"\b(?:on |am |zum )?(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|" +
        @"thursday|friday|saturday|sunday),? )?(?:the )?(?:(?<d>\d{1,2})|(?<dw>first|second|third|fourth|fifth|" +
        @"sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|" +
        @"seventeenth|eighteenth|nineteenth|twentieth|twenty-?first|twenty-?second|twenty-?third|" +
        @"twenty-?fourth|twenty-?fifth|twenty-?sixth|twenty-?seventh|twenty-?eighth|twenty-?ninth|thirtieth|" +
        @"thirty-?first))(st|nd|rd|th|\.)?( of)? (?<month>january|february|march|april|may|june|july|august|" +
        @"september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|januar|februar|" +
        @"märz|maerz|mai|juni|juli|oktober|dezember)\b( (?<y>\d{4}))?", RegexOptions.IgnoreCase)]
    private static partial Regex DayMonth();

    [GeneratedRegex(
        @"\b(on )?(?<month>january|february|march|april|june|july|august|september|october|november|december|" +
        @"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec) (?:the )?(?<d>\d{1,2})(st|nd|rd|" +
        @"th)?\b(,? (?<y>\d{4}))?", RegexOptions.IgnoreCase)]
    private static partial Regex MonthDay();

    [GeneratedRegex(
        @"\b(?<rel>the day before yesterday|day before yesterday|last night|the day after tomorrow|" +
        @"day after tomorrow|the day after tmrw|day after tmrw|today|tonight|tomorrow|tmrw|tmr|tomoz|2moro|" +
        @"tomorow|tommorow|tommorrow|yesterday|übermorgen|uebermorgen|heute|heut|morgen|gestern|vorgestern|" +
        @"tänään|huomenna|huomiselle|huomiseksi|huomiseen|ylihuomenna|eilen|toissapäivänä)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RelativeDay();

    [GeneratedRegex(
        @"(?<!\b(?:black|cyber|good|holy)\s)\b(?<q>next|this|coming|on|last|nächsten|nächste|naechsten|" +
        @"kommenden|kommender|diesen|am|letzten|vergangenen|ensi|tulevana|viime)? ?(?<day>monday|tuesday|" +
        @"wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|" +
        @"sonntag|maanantai|tiistai|keskiviikko|torstai|perjantai|lauantai|sunnuntai|keskiviiko(?=ksi|lle))(?<fi>na|a|hin|sta|" +
        @"stä|ksi|lle)?\b(?<nextweek>\s+(?:nächste|nächster|naechste|next)\s+(?:woche|week))?", RegexOptions.IgnoreCase)]
    private static partial Regex Weekday();

    [GeneratedRegex(
        @"\b(klo |kello )(?<h>\d{1,2})([.:](?<min>\d{2}))?\b|\b(at |um |gegen |around |about |ca\. |ca |circa |" +
        @"approx )?(?<h>\d{1,2})([:.](?<min>\d{2}))? ?(?<ap>am|pm|a\.m\.|p\.m\.|uhr|o'clock|" +
        @"o’clock)(?![\p{L}])|\b(at |um |gegen )(?<h>\d{1,2})[:.](?<min>[0-5]\d)\b(?![.,]\d)|\b(at |around |" +
        @"about )?(?<h>\d{1,2})ish\b|\b(?<noon>noon)ish\b|\b(?<h>\d{1,2}):(?<min>\d{2})\b|\b(at |um |" +
        @"gegen )(?<h>\d{1,2})\b(?!\s*(%|€|\$|euro|prozent|percent|\.\d|,\d|/|tage|days|weeks|wochen))|" +
        @"\b(around |about |ca\. |circa )(?<h>\d{1,2})\b(?=\s+(?:in the (?:morning|afternoon|evening)|tonight|" +
        @"tomorrow|today|on\b|abends|nachmittags|morgens|vormittags)|\s*$|\s*[,.!?](?!\d))|" +
        @"\b(at )?(?<noon>noon|midday|midnight|mittags)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ClockTime();

    // German "es geht um 2 Artikel", "es handelt sich um 3 Pakete": "um" is "about" there, not "at". Not "geht es um 3?"
    // nor "Montag geht um 3": those ask whether a time suits.
    [GeneratedRegex(@"\b(?:es\s+(?:geht|ging)|handelt\s+(?:es\s+)?sich|dreht\s+sich)\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex AboutBefore();

    // "this morning", "heute nachmittag", "heut abend", "in the afternoon", "nachmittags", "saturday evening" (the day is
    // its own match, merged after). "morgen" is a part of the day only after "heute"/"heut" ("heute morgen": this morning).
    [GeneratedRegex(
        @"\b(?<today>this |heute |heut )(?<part>morning|afternoon|evening|vormittag|nachmittag|abend|früh|" +
        @"morgen)\b|(?<!\bgood |\b(?:ein|einen|der|den|dem|des|toller|tollen|schöner|schönen|netter|netten|" +
        @"guten|langer|langen)\s)\b(?:in the |am |im )?(?<part>morning|afternoon|evening|vormittags?|" +
        @"nachmittags?|abends?|morgens|früh|aamulla|aamupäivällä|iltapäivällä|illalla)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PartOfDay();

    // An open range of the day: "after 5pm", "ab 17 Uhr", "nach 15 Uhr", "before noon", "bis 18 Uhr", "vor 12".
    [GeneratedRegex(
        @"\b(?<mod>after|before|until|till|by|from|ab|nach|vor|bis)\s+(?:(?<h>\d{1,2})(?::(?<min>[0-5]\d)|" +
        @"\.(?<min>[0-5]\d)(?!\.))?\s?(?<ap>am|pm|a\.m\.|p\.m\.|uhr)?(?![\d]|[.,:/]\d|[%€$])|(?<noon>noon|" +
        @"midday|mittag))(?!\s*(?:%|€|\$|euro|prozent|percent|tage|days|weeks|wochen|stunden|hours|minuten|" +
        @"minutes|jahr|years))\b", RegexOptions.IgnoreCase)]
    private static partial Regex OpenTime();

    // "half past four", "quarter to 5", "halb 9" (8:30), "viertel nach 3", "dreiviertel vier" (3:45), "puoli kolme" (2:30),
    // "varttia yli neljä" (4:15), "varttia vaille viisi" (4:45).
    [GeneratedRegex(
        @"\b(?:at |um |gegen |klo )?(?:(?<kind>half past|quarter past|quarter to|viertel nach|viertel vor|" +
        @"varttia yli|varttia vaille|(?<past>\d{1,2}|five|ten|twenty|twenty-five) (?:mins? |" +
        @"minutes )?past)\s+(?<h>\d{1,2}|[a-zäöü]+)|(?<kind>halb|dreiviertel|puoli|half)\s+(?<h>\d{1,2}|one|" +
        @"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-zäöü]+))\b(?! (?:an?|hours?|days?|" +
        @"dozen|price|off|the)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex HalfQuarter();

    static readonly Dictionary<string, int> ClockWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10,
        ["eleven"] = 11, ["twelve"] = 12, ["eins"] = 1, ["zwei"] = 2, ["drei"] = 3, ["vier"] = 4, ["fünf"] = 5, ["sechs"] = 6, ["sieben"] = 7,
        ["acht"] = 8, ["neun"] = 9, ["zehn"] = 10, ["elf"] = 11, ["zwölf"] = 12, ["yksi"] = 1, ["kaksi"] = 2, ["kolme"] = 3, ["neljä"] = 4,
        ["viisi"] = 5, ["kuusi"] = 6, ["seitsemän"] = 7, ["kahdeksan"] = 8, ["yhdeksän"] = 9, ["kymmenen"] = 10, ["yksitoista"] = 11, ["kaksitoista"] = 12,
    };

    [GeneratedRegex(@"^\s+(?:today|tomorrow|tmrw|tonight|heute|morgen|übermorgen|tänään|huomenna)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DayJustAfter();

    [GeneratedRegex(
        @"(?:\s|^)(?:heute|morgen|übermorgen|tomorrow|today|tmrw|tonight|mo|di|mi|do|fr|sa|montag|dienstag|" +
        @"mittwoch|donnerstag|freitag|samstag|sonntag|monday|tuesday|wednesday|thursday|friday|saturday|sunday|" +
        @"tänään|huomenna)\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex DayJustBefore();

    [GeneratedRegex(
        @"\b(?<which>next|this|coming|nächste|nächsten|naechste|diese|diesen|dieser|dieses|kommende|kommenden|" +
        @"ensi|tällä|tulevalla)( |\s)(?<what>week|month|weekend|woche|monat|wochenende|viikolla|viikko|kuussa|" +
        @"kuu|viikonloppuna)\b|\b(?:(?:am|übers|at the|on the|over the)\s)?(?<what>weekend|wochenende|" +
        @"viikonloppuna)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RangeWords();

    [GeneratedRegex(
        @"\b(?<every>every|each|jeden|jede|jedes)( |\s)(?<what>day|week|month|monday|tuesday|wednesday|" +
        @"thursday|friday|saturday|sunday|tag|woche|monat|montag|dienstag|mittwoch|donnerstag|freitag|samstag|" +
        @"sonntag)\b|\b(?<what>daily|weekly|täglich|wöchentlich|monatlich|monthly|fortnightly)\b|\b(?:every|" +
        @"each)\s(?<what>fortnight)\b|\b(?:every|alle|joka)\s+(?:other|\d+|two|three|four|zwei|drei|vier|" +
        @"toinen|kahden|kolmen)\s+(?<what>days?|weeks?|months?|tage|wochen|monate|päivä|viikko|kuukausi|monday|" +
        @"tuesday|wednesday|thursday|friday|saturday|sunday)\b|\b(?:immer\s+)?(?<what>montags|dienstags|" +
        @"mittwochs|donnerstags|freitags|samstags|sonntags)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Repeating();

    // "Anfang nächster Woche", "Mitte nächster Woche", "Ende nächster Woche", "early/mid/end of next week".
    [GeneratedRegex(
        @"\b(?<part>anfang|mitte|ende|early|mid|end of)\s+(?<which>nächster|naechster|nächste|next|this|dieser|" +
        @"diese)\s+(?:woche|week)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WeekPart();

    // "between 2 and 4pm", "von 9 bis 17 Uhr", "klo 13–14", and without a first word when the joint says it is a time
    // of day: "8 till 12", "9 to 6" (not "2 to 3 days": no unit may follow).
    [GeneratedRegex(
        @"(?:\b(?:between|from|zwischen|von|klo)( |\s)|(?<bare>\b)(?=\d{1,2}(?::\d{2})?\s?(?:am|pm)?\s?(?:till|" +
        @"until|to|–)\s?\d|\d{1,2}(?::\d{2})?\s?(?:am|pm)\s?-\s?\d|" +
        @"\d{1,2}(?::\d{2})?-\d{1,2}(?::\d{2})?\s?(?:am|pm)\b|\d{1,2}:\d{2}\s?[-–]\s?\d{1,2}:\d{2}))" +
        @"(?<h1>\d{1,2})([:.](?<m1>\d{2}))?( ?(?<ap1>am|" +
        @"pm|uhr))? ?(and|to|-|–|und|bis|till|until)( |\s)?(?<h2>\d{1,2})([:.](?<m2>\d{2}))? ?(?<ap2>am|pm|" +
        @"uhr)?\b(?!\s*(?:%|€|\$|days?|weeks?|hours?|months?|years?|tage|wochen|stunden|monate|jahre|päivää|" +
        @"viikkoa|tuntia|pcs|pieces|stück|items?|times|mal|euros?|quid))(\s?välillä)?", RegexOptions.IgnoreCase)]
    private static partial Regex TimeSpan();

    /// The date-times of <paramref name="text"/>, read with its misspelt day words put right (<see cref="DayTypos"/>), their
    /// spans and texts as written.
    public IEnumerable<Entity> Recognize(string text, RecognitionContext context)
    {
        var (corrected, edits) = DayTypos.Correct(text, context.Language);
        if (edits is null) return RecognizeWritten(text, context);
        return RecognizeWritten(corrected, context).Select(e =>
        {
            int start = edits.Original(e.Start, end: false), end = edits.Original(e.End, end: true);
            return e with { Start = start, End = end, Text = text[start..(end + 1)] };
        }).ToList();
    }

    IEnumerable<Entity> RecognizeWritten(string text, RecognitionContext context)
    {
        var reference = context.Reference;
        var today = reference.Date;
        var german = context.Language == "de";
        var found = new List<Found>();

        foreach (Match m in TimeSpan().Matches(text))
        {
            var a = Hour(m.Groups["h1"].Value, m.Groups["ap1"].Value is { Length: > 0 } ap1 ? ap1 : m.Groups["ap2"].Value);
            var b = Hour(m.Groups["h2"].Value, m.Groups["ap2"].Value);
            if (a is null || b is null) continue;
            // "from 9 to 5": without am/pm, an end before the start is in the afternoon; "from 2 till 4" is a shop's
            // afternoon, not the night.
            var bare = m.Groups["ap1"].Value.Length == 0 && m.Groups["ap2"].Value.Length == 0;
            if (bare && a < 8 && b < 8 && b > a) { a += 12; b += 12; }
            if (b <= a && b < 12 && m.Groups["ap2"].Value.Length == 0) b += 12;
            if (b <= a) continue;
            int ma = Minute(m.Groups["m1"]), mb = Minute(m.Groups["m2"]);
            var from = new LocalTime(a.Value, ma); var to = new LocalTime(b.Value, mb);
            var length = Period.Between(from, to);
            found.Add(new Found(Kind.TimeRange, m.Index, End(m), Time: from,
                Timex: $"({TimeTimex(from, ma != 0)},{TimeTimex(to, mb != 0)},{PeriodTimex(length)})", Span: length));
        }
        foreach (Match m in Repeating().Matches(text))
        {
            var what = m.Groups["what"].Value.ToLowerInvariant();
            var day = DayIndex(what.EndsWith('s') && what.Length > 6 ? what[..^1] : what);
            var timex = day >= 0 ? $"XXXX-WXX-{day + 1}" : what switch
            {
                "day" or "tag" or "daily" or "täglich" => "P1D",
                "week" or "woche" or "weekly" or "wöchentlich" => "P1W",
                "fortnight" or "fortnightly" => "P2W",
                _ => "P1M",
            };
            found.Add(new Found(Kind.Set, m.Index, End(m), Timex: timex));
        }
        foreach (Match m in WeekPart().Matches(text))
        {
            var monday = WeekStart(today).PlusWeeks(m.Groups["which"].Value.ToLowerInvariant() is "this" or "dieser" or "diese" ? 0 : 1);
            // Early: Monday to Wednesday; mid: Tuesday to Thursday; end: Friday to Sunday (ends exclusive).
            var (from, days) = m.Groups["part"].Value.ToLowerInvariant() switch { "anfang" or "early" => (0, 3), "mitte" or "mid" => (1, 3), _ => (4, 3) };
            var start = monday.PlusDays(from);
            found.Add(new Found(Kind.DateRange, m.Index, End(m), Date: start, Timex: DateRangeTimex(start, start.PlusDays(days))));
        }
        foreach (Match m in RangeWords().Matches(text))
        {
            var what = m.Groups["what"].Value.ToLowerInvariant();
            var next = m.Groups["which"].Value.ToLowerInvariant()
                is "next" or "nächste" or "nächsten" or "naechste" or "kommende" or "kommenden" or "coming" or "ensi" or "tulevalla";
            var monday = WeekStart(today);
            if (what is "week" or "woche" or "viikolla" or "viikko")
            {
                var start = next ? monday.PlusWeeks(1) : monday;
                found.Add(new Found(Kind.DateRange, m.Index, End(m), Date: start, Timex: WeekTimex(start)));
            }
            else if (what is "month" or "monat" or "kuussa" or "kuu")
            {
                var start = new LocalDate(today.Year, today.Month, 1).PlusMonths(next ? 1 : 0);
                found.Add(new Found(Kind.DateRange, m.Index, End(m), Date: start, Timex: MonthTimex(start)));
            }
            else
            {
                var saturday = monday.PlusDays(5).PlusWeeks(next && today.DayOfWeek < IsoDayOfWeek.Saturday ? 1 : 0);
                found.Add(new Found(Kind.DateRange, m.Index, End(m), Date: saturday, Timex: WeekTimex(saturday) + "-WE"));
            }
        }
        foreach (Match m in Amount().Matches(text))
        {
            var n = m.Groups["n"].Value;
            var count = Count(n);
            if (count <= 0) continue;
            var period = UnitPeriod(m.Groups["u"].Value.ToLowerInvariant(), count);
            if (period is null) continue;
            // "in 2 Wochen" is a day ahead; "nach 2 Wochen kaputt" tells how long something lasted.
            var relative = m.Groups["in"].Value.Trim().ToLowerInvariant() is "in";
            if (!relative)
            {
                var start = m.Groups["in"].Success ? m.Groups["n"].Index : m.Index;
                found.Add(new Found(Kind.Duration, start, End(m), Timex: PeriodTimex(period), Span: period));
                continue;
            }
            var at = reference + period;
            var hasClock = period.Hours != 0 || period.Minutes != 0;
            found.Add(hasClock
                ? new Found(Kind.DateTime, m.Index, End(m), Date: at.Date, Time: at.TimeOfDay, Minutes: true)
                : new Found(Kind.Date, m.Index, End(m), Date: at.Date));
        }
        foreach (Match m in IsoDate().Matches(text))
            if (SafeDate(Int(m, "y"), Int(m, "m"), Int(m, "d")) is { } d) found.Add(new Found(Kind.Date, m.Index, End(m), d));
        foreach (Match m in DottedDate().Matches(text))
        {
            // "12.03." needs the trailing dot or a year; "3.5" alone is a number.
            if (!m.Groups["y"].Success && !m.Value.EndsWith('.')) continue;
            var year = m.Groups["y"].Success ? Year(m.Groups["y"].Value) : today.Year;
            if (SafeDate(year, Int(m, "m"), Int(m, "d")) is { } d)
                found.Add(new Found(Kind.Date, m.Index, End(m), m.Groups["y"].Success ? d : Upcoming(d, today)));
        }
        foreach (Match m in SlashDate().Matches(text))
        {
            int a = Int(m, "a"), b = Int(m, "b");
            var (month, day) = german || a > 12 ? (b, a) : (a, b);   // 3/12: 12 March in English habit, 3 December in German; 24/12 either way
            var year = m.Groups["y"].Success ? Year(m.Groups["y"].Value) : today.Year;
            if (SafeDate(year, month, day) is { } d)
                found.Add(new Found(Kind.Date, m.Index, End(m), m.Groups["y"].Success ? d : Upcoming(d, today)));
        }
        foreach (Match m in DayMonth().Matches(text).Concat(MonthDay().Matches(text)))
        {
            var month = MonthIndex(m.Groups["month"].Value) + 1;
            var year = m.Groups["y"].Success ? Int(m, "y") : today.Year;
            var day = m.Groups["dw"].Success
                ? (int)(NumberWords.Ordinal(m.Groups["dw"].Value.ToLowerInvariant().Replace("ty", "ty-").Replace("--", "-").TrimEnd('-'), "en") ?? 0)
                : Int(m, "d");
            if (month > 0 && SafeDate(year, month, day) is { } d)
                found.Add(new Found(Kind.Date, m.Index, End(m), m.Groups["y"].Success ? d : Upcoming(d, today)));
        }
        foreach (Match m in RelativeDay().Matches(text))
        {
            var word = m.Groups["rel"].Value.ToLowerInvariant();
            // "morgen" is also "morning" ("guten Morgen", "am Morgen"): only lower-case, not after "guten"/"am"/"jeden".
            if (word == "morgen" && (char.IsUpper(m.Value[0])
                || Regex.IsMatch(text[..m.Index], @"(guten|am|jeden|diesen|heute)\s*$", RegexOptions.IgnoreCase))) continue;
            var offset = word switch
            {
                "today" or "tonight" or "heute" or "heut" or "tänään" => 0,
                "tomorrow" or "huomiselle" or "huomiseksi" or "huomiseen" or "tmrw" or "tmr" or "tomoz" or "2moro" or "tomorow" or "tommorow"
                    or "tommorrow" or "morgen" or "huomenna" => 1,
                "the day after tomorrow" or "day after tomorrow" or "the day after tmrw" or "day after tmrw"
                    or "übermorgen" or "uebermorgen" or "ylihuomenna" => 2,
                "yesterday" or "last night" or "gestern" or "eilen" => -1,
                _ => -2,   // the day before yesterday, vorgestern, toissapäivänä
            };
            found.Add(new Found(Kind.Date, m.Index, End(m), today.PlusDays(offset), word == "tonight" ? new LocalTime(20, 0) : null));
        }
        foreach (Match m in Weekday().Matches(text))
        {
            var day = (IsoDayOfWeek)(DayIndex(m.Groups["day"].Value.ToLowerInvariant()) + 1);
            var q = m.Groups["q"].Value.ToLowerInvariant();
            var next = today.Next(day);
            // "next Monday" is the Monday of next week; "Monday", "on Monday", "this Monday" the coming one.
            if (q is "next" or "nächsten" or "nächste" or "naechsten" or "ensi" || m.Groups["nextweek"].Success)
                next = WeekStart(today).PlusWeeks(1).PlusDays((int)day - 1);
            if (q is "last" or "letzten" or "vergangenen" or "viime") next = today.Previous(day);   // "last friday", "viime perjantaina"
            // "ich habe am Freitag zurückgeschickt", "palautin perjantaina": told in the past, the day that went by. (English
            // DMs name the coming day: "sent on monday?" asks about a day ahead as often as it tells of one gone by.)
            if (context.Language is "de" or "fi" && q is "" or "am" && !m.Groups["nextweek"].Success && ToldInThePast(text, m.Index, End(m)))
                next = today.Previous(day);
            var start = q.Length == 0 ? m.Groups["day"].Index : m.Index;
            found.Add(new Found(Kind.Date, start, End(m), next));
        }
        foreach (Match m in ClockTime().Matches(text))
        {
            LocalTime time;
            var minutes = m.Groups["min"].Success;
            var end = End(m);
            if (m.Groups["noon"].Success)
                time = m.Groups["noon"].Value.ToLowerInvariant() == "midnight" ? LocalTime.Midnight : LocalTime.Noon;
            else
            {
                var ap = m.Groups["ap"].Value;
                if (german && ap.Length == 0 && !minutes && m.Value.StartsWith("um ", StringComparison.OrdinalIgnoreCase)
                    && AboutBefore().IsMatch(text.AsSpan(0, m.Index))) continue;
                // German "um 8:15 am Automaten": "am" is the article, not a.m.
                if (german && ap.Equals("am", StringComparison.OrdinalIgnoreCase) && minutes) { ap = ""; end = m.Groups["ap"].Index - 1; }
                if (ap.StartsWith('o')) ap = "";   // "4 o'clock" says nothing of am or pm
                var h = Hour(m.Groups["h"].Value, ap);
                // "at 3" with no am/pm: a person means the afternoon, not 3 in the night; "at 4:30" too (but "7:50" is the
                // morning courier).
                if (h is not null && ap.Length == 0 && (minutes ? h < 7 : h < 8) && !m.Groups["h"].Value.StartsWith('0')) h += 12;
                if (h is null or > 23 || Minute(m.Groups["min"]) > 59) continue;
                time = new LocalTime(h.Value, Minute(m.Groups["min"]));
            }
            found.Add(new Found(Kind.Time, m.Index, end, Time: time, Minutes: minutes && time.Minute != 0));
        }

        foreach (Match m in HalfQuarter().Matches(text))
        {
            var word = m.Groups["h"].Value;
            if (!int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var hour) && !ClockWords.TryGetValue(word, out hour)) continue;
            if (hour is < 1 or > 12) continue;
            var (h, min) = m.Groups["kind"].Value.ToLowerInvariant() switch
            {
                "half past" or "half" => (hour, 30), "quarter past" or "viertel nach" or "varttia yli" => (hour, 15),
                _ when m.Groups["past"].Success => (hour, PastMinutes(m.Groups["past"].Value)),
                "quarter to" or "viertel vor" or "varttia vaille" or "dreiviertel" => (hour - 1, 45),
                _ => (hour - 1, 30),   // halb 9, puoli kolme: half before the hour
            };
            if (h < 8) h += 12;   // a shop's day: "halb drei" is 14:30
            found.Add(new Found(Kind.Time, m.Index, End(m), Time: new LocalTime(h % 24, min), Minutes: true));
        }
        foreach (Match m in PartOfDay().Matches(text))
        {
            if (Part(m.Groups["part"].Value) is not var (from, to)) continue;
            found.Add(m.Groups["today"].Success
                ? new Found(Kind.DateTimeRange, m.Index, End(m), Date: today, Time: from) { To = to }
                : new Found(Kind.TimeRange, m.Index, End(m), Time: from) { To = to, PartOfDay = true });
        }
        foreach (Match m in OpenTime().Matches(text))
        {
            LocalTime time;
            if (m.Groups["noon"].Success) time = LocalTime.Noon;
            else
            {
                var ap = m.Groups["ap"].Value;
                var minutes = m.Groups["min"].Success;
                var h = Hour(m.Groups["h"].Value, ap);
                // Without am/pm and without "Uhr": a shop's hours, so "after 5" is 17:00 and "before 11" is 11:00.
                if (h is not null && ap.Length == 0 && !minutes && h < 8) h += 12;
                if (h is null or > 23 || Minute(m.Groups["min"]) > 59) continue;
                // A bare number after "nach"/"bis"/"vor" without "Uhr" or minutes is too often no time ("bis 3 Stück").
                if (ap.Length == 0 && !minutes && m.Groups["mod"].Value.ToLowerInvariant() is "nach" or "bis" or "vor" or "by"
                    && !DayJustBefore().IsMatch(text.AsSpan(0, m.Index)) && !DayJustAfter().IsMatch(text.AsSpan(m.Index + m.Length)))
                    continue;   // "morgen vor 12", "till 3 today" are times after all
                time = new LocalTime(h.Value, Minute(m.Groups["min"]));
            }
            var open = m.Groups["mod"].Value.ToLowerInvariant() is "after" or "from" or "ab" or "nach" ? "after" : "before";
            found.Add(new Found(Kind.TimeRange, m.Index, End(m), Time: time) { Open = open });
        }

        FindCalendarWords(text, reference, found);
        return Merge(Resolve(found.Select(f => Trimmed(f, text)).ToList()), text).Select(f => ToEntity(f, text, context));
    }

    /// Without the spaces a pattern took after the expression ("between 1 and 3 " is "between 1 and 3").
    static Found Trimmed(Found f, string text)
    {
        var end = f.End;
        while (end > f.Start && char.IsWhiteSpace(text[end])) end--;
        return end == f.End ? f : f with { End = end };
    }

    /// Longest first; an expression inside a longer one is dropped.
    static List<Found> Resolve(List<Found> found)
    {
        var kept = new List<Found>();
        foreach (var f in found.OrderByDescending(f => f.End - f.Start).ThenBy(f => f.Start))
            if (!kept.Any(k => f.Start <= k.End && k.Start <= f.End)) kept.Add(f);
        return kept.OrderBy(f => f.Start).ToList();
    }

    /// A date and a time next to each other ("tomorrow at 3pm", "Montag um 10 Uhr", "15:00 on Friday") are one date-time.
    static IEnumerable<Found> Merge(List<Found> found, string text)
    {
        for (var i = 0; i < found.Count; i++)
        {
            var a = found[i];
            if (i + 1 < found.Count)
            {
                var b = found[i + 1];
                var joined = OnlyJoiners(text, a.End + 1, b.Start);
                // "tomorrow morning at 8:15", "saturday evening at 7": the clock time wins over the part of the day.
                if (joined && a.Kind == Kind.Date && b is { Kind: Kind.TimeRange, PartOfDay: true } && i + 2 < found.Count && found[i + 2].Kind == Kind.Time
                    && OnlyJoiners(text, b.End + 1, found[i + 2].Start))
                {
                    var c = found[i + 2];
                    yield return new Found(Kind.DateTime, a.Start, c.End, a.Date, InPart(c.Time!.Value, b), c.Minutes); i += 2; continue;
                }
                // "tomorrow around 4 in the afternoon": the time, in that part of that day.
                if (joined && a.Kind == Kind.Date && b.Kind == Kind.Time && i + 2 < found.Count
                    && found[i + 2] is { Kind: Kind.TimeRange, PartOfDay: true } part && OnlyJoiners(text, b.End + 1, part.Start))
                { yield return new Found(Kind.DateTime, a.Start, part.End, a.Date, InPart(b.Time!.Value, part), b.Minutes); i += 2; continue; }
                // "tonight at 8": in the evening.
                if (joined && a is { Kind: Kind.Date, Time: { Hour: >= 18 } } && b is { Kind: Kind.Time, Time: { Hour: < 12 } t })
                { yield return new Found(Kind.DateTime, a.Start, b.End, a.Date, t.PlusHours(12), b.Minutes); i++; continue; }
                if (joined && a.Kind == Kind.Date && b.Kind == Kind.Time)
                { yield return new Found(Kind.DateTime, a.Start, b.End, a.Date, b.Time, b.Minutes); i++; continue; }
                // "at 6:15 tomorrow morning": the time, that day, in that part of it.
                if (joined && a.Kind == Kind.Time && b.Kind == Kind.Date && i + 2 < found.Count
                    && found[i + 2] is { Kind: Kind.TimeRange, PartOfDay: true } dayPart && OnlyJoiners(text, b.End + 1, dayPart.Start))
                { yield return new Found(Kind.DateTime, a.Start, dayPart.End, b.Date, InPart(a.Time!.Value, dayPart), a.Minutes); i += 2; continue; }
                // "tomorrow between 2 and 4", "Samstag vormittag", "monday after 10", "heute bis 18 Uhr": one date-time range.
                if (joined && a.Kind == Kind.Date && b.Kind == Kind.TimeRange)
                {
                    yield return new Found(Kind.DateTimeRange, a.Start, b.End, a.Date, b.Time, b.Minutes) { To = b.To ?? ToOf(b), Open = b.Open };
                    i++; continue;
                }
                // "an hour and twenty minutes": one amount of time.
                if (a is { Kind: Kind.Duration, Span: { } first } && b is { Kind: Kind.Duration, Span: { } second }
                    && text[(a.End + 1)..b.Start].Trim().Equals("and", StringComparison.OrdinalIgnoreCase))
                {
                    var sum = (first + second).Normalize();
                    yield return a with { End = b.End, Span = sum, Timex = PeriodTimex(sum) };
                    i++; continue;
                }
                // "between 7 and 8 in the evening": the range, in that part of the day.
                if (joined && a is { Kind: Kind.TimeRange, PartOfDay: false, Open: null, Span: { } span } && b is { Kind: Kind.TimeRange, PartOfDay: true })
                {
                    var from = InPart(a.Time!.Value, b);
                    var to = from + span;
                    yield return a with
                    {
                        End = b.End,
                        Time = from,
                        Timex = $"({TimeTimex(from, from.Minute != 0)},{TimeTimex(to, to.Minute != 0)},{PeriodTimex(span)})"
                    };
                    i++; continue;
                }
                // "at 9:15 this morning", "heute abend um 8": a time on that day, in that part of it.
                if (joined && a.Kind == Kind.Time && b is { Kind: Kind.DateTimeRange, Open: null, To: not null })
                { yield return new Found(Kind.DateTime, a.Start, b.End, b.Date, InPart(a.Time!.Value, b), a.Minutes); i++; continue; }
                if (joined && a is { Kind: Kind.DateTimeRange, Open: null, To: not null } && b.Kind == Kind.Time)
                { yield return new Found(Kind.DateTime, a.Start, b.End, a.Date, InPart(b.Time!.Value, a), b.Minutes); i++; continue; }
                // "8 in the evening", "um 7 abends": the time, in that part of the day.
                if (joined && a.Kind == Kind.Time && b is { Kind: Kind.TimeRange, PartOfDay: true })
                { yield return a with { End = b.End, Time = InPart(a.Time!.Value, b) }; i++; continue; }
                if (joined && a is { Kind: Kind.TimeRange, PartOfDay: true } && b.Kind == Kind.Time)
                { yield return b with { Start = a.Start, Time = InPart(b.Time!.Value, a) }; i++; continue; }
                // "from 9 till 12 tmrw", "after 5 on thursday", "before 9 tomorrow": the range on that day.
                if (joined && a is { Kind: Kind.TimeRange, PartOfDay: false } && b.Kind == Kind.Date && b.Time is null)
                {
                    yield return new Found(Kind.DateTimeRange, a.Start, b.End, b.Date, a.Time, a.Minutes) { To = a.To ?? ToOf(a), Open = a.Open };
                    i++; continue;
                }
                // "every monday at 7am": when the repetition happens.
                if (joined && a.Kind == Kind.Set && b.Kind == Kind.Time)
                { yield return a with { End = b.End }; i++; continue; }
                if (joined && a.Kind == Kind.Time && b.Kind == Kind.Date)
                { yield return new Found(Kind.DateTime, a.Start, b.End, b.Date, a.Time, a.Minutes); i++; continue; }
            }
            // "tonight" is a date with an evening time.
            yield return a.Kind == Kind.Date && a.Time is not null ? a with { Kind = Kind.DateTime } : a;
        }
    }

    /// Nothing but joining words ("at", "um", "on", a part of the day) and spaces or commas between two expressions.
    static bool OnlyJoiners(string text, int from, int to) =>
        text[from..to].ToLowerInvariant().Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).All(Joiners.Contains);

    /// The Monday of the date's ISO week.
    static LocalDate WeekStart(LocalDate date) => date.PlusDays(-((int)date.DayOfWeek - 1));

    /// A clock time said with a part of the day: "7 in the evening" is 19:00, "9 in the morning" 9:00.
    static LocalTime InPart(LocalTime time, Found part) =>
        part.Time!.Value.Hour >= 12 && time.Hour < 12 ? time.PlusHours(12)
        : part.Time!.Value.Hour < 12 && time.Hour >= 13 && time.Hour < 20 ? time.PlusHours(-12)   // "at 6:15 tomorrow morning"
        : time;

    /// The end of a closed range that carries it only in its TIMEX span ("between 2 and 4pm").
    static LocalTime? ToOf(Found range) => range.Open is null && range.Span is { } span && range.Time is { } from ? from + span : null;

    static string Clock(LocalTime t) => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    static Entity ToEntity(Found f, string text, RecognitionContext context)
    {
        // Ranges with an open side, parts of the day and date-time ranges: Microsoft's shape ({timex, type, start?, end?})
        // built here, as TimexResolver has no open ranges.
        if (f.Kind == Kind.DateTimeRange || (f.Kind == Kind.TimeRange && (f.Open is not null || f.To is not null)))
        {
            var dated = f.Kind == Kind.DateTimeRange;
            string Point(LocalTime t) => dated ? $"{f.Date!.Value:yyyy-MM-dd} {Clock(t)}" : Clock(t);
            string Timex(LocalTime t) => (dated ? DateTimex(f.Date!.Value) : "") + TimeTimex(t, t.Minute != 0);
            var value = new Dictionary<string, string> { ["type"] = dated ? "datetimerange" : "timerange" };
            if (f.Open == "after") { value["timex"] = Timex(f.Time!.Value); value["Mod"] = "after"; value["start"] = Point(f.Time!.Value); }
            else if (f.Open == "before") { value["timex"] = Timex(f.Time!.Value); value["Mod"] = "before"; value["end"] = Point(f.Time!.Value); }
            else
            {
                var to = f.To ?? f.Time!.Value;
                value["timex"] = $"({Timex(f.Time!.Value)},{Timex(to)},{PeriodTimex(Period.Between(f.Time!.Value, to))})";
                value["start"] = Point(f.Time!.Value);
                value["end"] = Point(to);
            }
            var at = (dated ? f.Date!.Value : context.Reference.Date) + f.Time!.Value;
            return new Entity("datetimeV2." + value["type"], text[f.Start..(f.End + 1)], f.Start, f.End,
                new Dictionary<string, object?> { ["values"] = new List<Dictionary<string, string>> { value } })
            {
                Instant = context.Zone.AtLeniently(at).ToInstant(),
            };
        }
        var timex = f.Timex ?? f.Kind switch
        {
            Kind.Date => DateTimex(f.Date!.Value),
            Kind.Time => TimeTimex(f.Time!.Value, f.Minutes),
            Kind.DateTime => DateTimex(f.Date!.Value) + TimeTimex(f.Time!.Value, f.Minutes || f.Time!.Value.Minute != 0),
            _ => throw new InvalidOperationException(),
        };
        var type = f.Kind switch
        {
            Kind.Date => "date", Kind.Time => "time", Kind.DateTime => "datetime", Kind.Duration => "duration",
            Kind.DateRange => "daterange", Kind.TimeRange => "timerange", _ => "set",
        };
        var values = Values(timex, type, context.Reference);
        LocalDateTime? local = f.Kind switch
        {
            Kind.Date or Kind.DateRange => f.Date!.Value.AtMidnight(),
            Kind.DateTime => f.Date!.Value + f.Time!.Value,
            Kind.Time or Kind.TimeRange => context.Reference.Date + f.Time!.Value,
            _ => null,
        };
        return new Entity("datetimeV2." + type, text[f.Start..(f.End + 1)], f.Start, f.End, new Dictionary<string, object?> { ["values"] = values })
        {
            Instant = local is { } l ? context.Zone.AtLeniently(l).ToInstant() : null,
        };
    }

    /// The values TimexResolver gives for the expression, in Microsoft's shape ({timex, type, value} or {…, start, end}).
    /// A TIMEX without an X ("2026-11-25T15", "(T14,T16,PT2H)") resolves the same against any reference: resolved once,
    /// copied out (callers may change what they get), as TimexResolver takes longer than finding the expression.
    static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), Dictionary<string, string>[]> AbsoluteValues = new();
    const int MaxCachedValues = 10_000;

    static List<Dictionary<string, string>> Values(string timex, string type, LocalDateTime reference)
    {
        if (type == "set") return [new() { ["timex"] = timex, ["type"] = "set", ["value"] = "not resolved" }];
        if (timex.Contains('X')) return Resolve(timex, type, reference);
        if (!AbsoluteValues.TryGetValue((timex, type), out var cached))
        {
            cached = [.. Resolve(timex, type, reference)];
            if (AbsoluteValues.Count < MaxCachedValues) AbsoluteValues.TryAdd((timex, type), cached);
        }
        return cached.Select(v => new Dictionary<string, string>(v)).ToList();
    }

    static List<Dictionary<string, string>> Resolve(string timex, string type, LocalDateTime reference)
    {
        var result = new List<Dictionary<string, string>>();
        var resolution = TimexResolver.Resolve([timex], reference.ToDateTimeUnspecified());
        foreach (var entry in resolution.Values)
        {
            var value = new Dictionary<string, string> { ["timex"] = entry.Timex, ["type"] = type };
            if (entry.Value is not null) value["value"] = entry.Value;
            if (entry.Start is not null) value["start"] = entry.Start;
            if (entry.End is not null) value["end"] = entry.End;
            result.Add(value);
        }
        if (result.Count == 0) result.Add(new() { ["timex"] = timex, ["type"] = type });
        return result;
    }

    static string DateTimex(LocalDate d) => $"{d.Year:0000}-{d.Month:00}-{d.Day:00}";

    static string MonthTimex(LocalDate d) => $"{d.Year:0000}-{d.Month:00}";

    /// A closed range of days, its end exclusive: "(2026-11-30,2026-12-03,P3D)".
    static string DateRangeTimex(LocalDate from, LocalDate toExclusive) =>
        $"({DateTimex(from)},{DateTimex(toExclusive)},P{Period.Between(from, toExclusive, PeriodUnits.Days).Days}D)";
    static string TimeTimex(LocalTime t, bool minutes) => minutes || t.Minute != 0 ? $"T{t.Hour:00}:{t.Minute:00}" : $"T{t.Hour:00}";
    static string WeekTimex(LocalDate d) => $"{WeekYearRules.Iso.GetWeekYear(d):0000}-W{WeekYearRules.Iso.GetWeekOfWeekYear(d):00}";

    static string PeriodTimex(Period p)
    {
        if (p.Hours != 0 || p.Minutes != 0)
            return "PT" + (p.Hours != 0 ? $"{p.Hours}H" : "") + (p.Minutes != 0 ? $"{p.Minutes}M" : "");
        if (p.Weeks != 0) return $"P{p.Weeks}W";
        if (p.Days != 0) return $"P{p.Days}D";
        if (p.Months != 0) return $"P{p.Months}M";
        return $"P{p.Years}Y";
    }

    // Ordinal: a culture-aware StartsWith went through ICU and cost more than the match that found the unit.
    static Period? UnitPeriod(string unit, int n)
    {
        bool Is(params ReadOnlySpan<string> stems)
        {
            foreach (var stem in stems) if (unit.StartsWith(stem, StringComparison.Ordinal)) return true;
            return false;
        }

        if (Is("viertelstunde")) return Period.FromMinutes(15 * n);
        if (Is("fortnight")) return Period.FromDays(14 * n);
        if (Is("hour", "hr", "stunde", "tun")) return Period.FromHours(n);
        if (Is("min")) return Period.FromMinutes(n);
        if (Is("day", "tag", "päiv")) return Period.FromDays(n);
        if (Is("week", "woche", "viik")) return Period.FromWeeks(n);
        if (Is("month", "monat", "kuukau")) return Period.FromMonths(n);
        if (Is("year", "jahr", "vuo")) return Period.FromYears(n);
        return null;
    }

    static int? Hour(string digits, string ampm)
    {
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var h)) return null;
        var ap = ampm.ToLowerInvariant().Replace(".", "");
        if (ap == "pm" && h is >= 1 and < 12) h += 12;
        if (ap == "am" && h == 12) h = 0;
        if ((ap is "am" or "pm") && h > 23) return null;
        return h <= 24 ? h % 24 : null;
    }

    static int PastMinutes(string word) => word.ToLowerInvariant() switch
    {
        "five" => 5, "ten" => 10, "twenty" => 20, "twenty-five" => 25,
        var digits => int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < 60 ? n : 0,
    };

    static int Minute(Group g) => g.Success ? int.Parse(g.Value, CultureInfo.InvariantCulture) : 0;
    static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
    static int Year(string y) => y.Length == 2 ? 2000 + int.Parse(y, CultureInfo.InvariantCulture) : int.Parse(y, CultureInfo.InvariantCulture);
    static int End(Match m) => m.Index + m.Length - 1;

    static LocalDate? SafeDate(int year, int month, int day) =>
        month is >= 1 and <= 12 && day >= 1 && day <= CalendarSystem.Iso.GetDaysInMonth(year, month) && year is > 1900 and < 2200
            ? new LocalDate(year, month, day) : null;

    /// A date without a year is the nearest one: "3 March" said in November is next March, "20 November" said on the
    /// 24th is four days ago ("sent on 20 November"), not next year.
    static LocalDate Upcoming(LocalDate d, LocalDate today)
    {
        var candidates = new[] { d.PlusYears(-1), d, d.PlusYears(1) };
        return candidates.MinBy(c => Math.Abs(Period.Between(today, c, PeriodUnits.Days).Days));
    }

    static int DayIndex(string word)
    {
        if (word == "keskiviiko") word = "keskiviikko";   // "keskiviikoksi", "keskiviikolle": the stem as these endings shorten it
        var i = Array.IndexOf(EnDays, word);
        if (i < 0) i = Array.IndexOf(DeDays, word);
        return i >= 0 ? i : Array.IndexOf(FiDays, word);
    }

    /// 0–11 for a month's name in English (or its abbreviation: "sept"), German or Finnish; -1 for anything else.
    static int MonthIndex(string word)
    {
        var w = word.ToLowerInvariant().Replace("maerz", "märz");
        for (var i = 0; i < 12; i++)
            if (EnMonths[i] == w || DeMonths[i] == w || FiMonths[i] == w || (w.Length >= 3 && EnMonths[i].StartsWith(w, StringComparison.Ordinal))) return i;
        return -1;
    }
}
