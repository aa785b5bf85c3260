using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;

namespace AutoReply.Core.Recognizers;

/// Calendar words beyond clock and weekday: amounts of time back or ahead ("2 weeks ago", "vor drei Tagen", "kuukausi
/// sitten", "viikon päästä", "three weeks from now"), a day of the month alone ("the 23rd", "friday 27th"), a month alone
/// ("in january", "im Dezember", "joulukuussa"), fixed holidays ("christmas eve", "an Silvester", "jouluaattona"), past
/// calendar ranges ("last week", "letzte Woche", "viime viikolla", "this year") and frequencies ("twice a week",
/// "on mondays", "every weekday", "zweimal die Woche", "joka päivä", "päivittäin").
public sealed partial class DateTimeRecognizer
{
    static readonly string[] FiMonths = ["tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu", "elokuu",
        "syyskuu", "lokakuu", "marraskuu", "joulukuu"];

    const string FiMonth = "(?<fimonth>tammikuu|helmikuu|maaliskuu|huhtikuu|toukokuu|kesäkuu|heinäkuu|elokuu|syyskuu|lokakuu|marraskuu|joulukuu)";

    /// Month names in full, English and German (the abbreviations only where a day number makes them a date).
    const string MonthName = "(?<month>january|february|march|april|may|june|july|august|september|october|november|december" +
        "|januar|februar|märz|maerz|mai|juni|juli|oktober|dezember)";

    // "2 weeks ago", "a fortnight ago", "three weeks from now", "vor drei Tagen", "kuukausi sitten", "viikon päästä",
    // "kahden tunnin päästä". Finnish says one of a unit without a number ("viikon päästä": in a week).
    [GeneratedRegex("""
        \b (?:
            (?<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|couple\sof) \s
            (?<u>minutes?|mins?|hours?|days?|weeks?|months?|years?|fortnights?)
              \s (?<dir>ago|from\snow|from\stoday|later|earlier)
          | (?<n>a) \s (?<u>fortnight) \s (?<dir>ago)
          | (?<dir>vor) \s (?<n>\d+|einem|einer|ner|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf) \s
            (?<u>minuten|stunden?|tag|tagen|wochen?|monat|monaten|jahr|jahren)
          | (?:(?<n>\d+|yksi|kaksi|kaks|kolme|neljä|viisi|viis|kuusi|kymmenen|pari|puoli) \s)?
            (?<u>minuuttia|tuntia|päivää|viikkoa|kuukautta|vuotta|tunti|päivä|viikko|kuukausi|vuosi)
              \s (?<dir>sitten)
          | (?:(?<n>\d+|yhden|kahden|kolmen|neljän|viiden|kuuden|kymmenen|parin) \s)? (?<u>minuutin|tunnin|päivän|viikon|kuukauden|vuoden)
              \s (?<dir>päästä|kuluttua)
        ) \b
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex AgoOrAhead();

    // A day of the month alone, as customers give delivery and payment days: "the 23rd", "on the 1st", "friday 27th".
    // Only where a date can stand: at the end, before punctuation or a word that goes on about the day ("the 3rd order"
    // and "my 2nd time" are ordinals).
    [GeneratedRegex("""
        \b (?:(?<on>on|by|until|till)\s)? (?:(?<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\s)?
        (?:the\s)? (?<d>[1-9]|[12]\d|3[01]) (?:st|nd|rd|th) \b
        (?= \s* (?: $ | [,.!?;:)] | (?:at|or|is|works|would|ok|okay|then|please|pls|for|before|after|was|between|from|so|but|if|when|as|because
              |cos|since|latest|will|could|still|too|instead|suits|fine|good|possible|there|we|i|im|i'm|you|it|he|she|they|that|this|my|our)\b ) )
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex DayOfMonth();

    // A month alone: "in january", "im Dezember", "joulukuussa", "ab März". "may" and "march" only after "in"/"im".
    [GeneratedRegex(
        @"\b (?: (?<in>in|im|during|until|till|bis|ab|seit) \s )? " + MonthName + @"
          (?: \s (?<y>20\d\d) \b | \b (?! \s* \d) (?! \s (?:the\s)?\d) )
        | \b " + FiMonth + @" (?:ssa|hun|n\s(?:aikana|lopussa|alussa)) \b",
        RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex MonthAlone();

    // "10. joulukuuta", "1. joulukuuta": a day of a Finnish month.
    [GeneratedRegex(@"\b(?<d>\d{1,2})\.\s?" + FiMonth + @"(?:ta|n)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex FiDayMonth();

    // Fixed holidays of the brand's calendar year.
    [GeneratedRegex("""
        \b (?:(?:on|at|an|am|zu|over)\s)?
        (?<h>christmas\seve|christmas\sday|christmas|xmas\seve|xmas|boxing\sday|new\syear'?s\seve|new\syear'?s\sday|new\syear'?s|nye
          |valentine'?s\sday|valentines|halloween|valentinstag
          |heiligabend|heiligen\sabend|weihnachten|silvester|neujahr|jouluaatto(?:na)?|joulupäivä(?:nä)?|tapaninpäivä(?:nä)?
            |uudenvuodenaatto(?:na)?|uudenvuodenpäivä(?:nä)?)
        \b (?! \s (?:party|parties|do|gift|gifts|present|presents|tree|card|cards|menu|jumper|shopping|market|feier|markt|geschenk|baum
              |angebot|opening|hours|deals?|special|rush) \b)
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Holiday();

    // Calendar ranges behind or around now: "last week", "letzte Woche", "viime viikolla", "this year", "last month".
    [GeneratedRegex("""
        \b (?<which>last|past|previous|this|letzte|letzten|letzter|letztes|letztem|vergangene|vergangenen|vergangenes|dieses|diesen|viime|tänä) \s
        (?<what>week|month|year|woche|monat|jahr|viikolla|viikon|kuussa|vuonna|vuoden)
        \b
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex CalendarRange();

    // How often: "twice a week", "once a month", "3 times a day", "on mondays", "every weekday", "every morning",
    // "zweimal die Woche", "einmal im Monat", "joka päivä", "päivittäin", "kerran viikossa".
    [GeneratedRegex("""
        \b (?:
            (?<times>once|twice|three\stimes|\d+\stimes|\d+x) \s (?:a|an|per|every|each) \s (?<what>day|week|month|year)
          | (?<times>einmal|zweimal|dreimal|\d+\s?mal) \s (?:die|pro|im|in\sder|am|jede[nr]?) \s (?<what>tag|woche|monat|jahr)
          | (?<times>kerran|kaksi\skertaa|kahdesti|\d+\skertaa) \s (?<what>päivässä|viikossa|kuussa|vuodessa)
          | (?:on \s)? (?<what>mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekdays|weekends)
          | (?:every|each) \s (?<what>weekday|weekend|morning|afternoon|evening|night)
          | joka \s (?<what>päivä|viikko|kuukausi|aamu|ilta|maanantai|tiistai|keskiviikko|torstai|perjantai|lauantai|sunnuntai)
          | (?<what>päivittäin|viikoittain|kuukausittain|werktags|wochentags|jährlich|yearly|annually|vierteljährlich|quarterly
              |aamuisin|iltaisin|öisin|arkisin|viikonloppuisin|maanantaisin|tiistaisin|keskiviikkoisin|torstaisin|perjantaisin|lauantaisin|sunnuntaisin)
        ) \b
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Frequency();

    static void FindCalendarWords(string text, LocalDateTime reference, List<Found> found)
    {
        var today = reference.Date;
        // Most of these expressions need a word of their own ("ago", "klo", "christmas"): a pattern runs only on a DM
        // that has its word (found in one lower-cased copy), which keeps a DM's recognition near 50 µs.
        var lower = text.ToLowerInvariant();
        FindShortWeekdays(text, today, found);
        if (HasAny(lower, "fifteen", "thirty", "forty", "between")) FindWordClocks(text, found);
        FindHalfHours(text, lower, reference, found);
        FindMonthParts(text, lower, today, found);
        FindFinnishAndRanges(text, lower, reference, found);
        foreach (Match m in MatchesIf(HasAny(lower, "eod", "end of", "close of", "cob"), EndOfDay(), text))
            found.Add(new Found(Kind.DateTime, m.Index, End(m), Date: today, Time: new LocalTime(23, 59, 59), Minutes: true));
        foreach (Match m in MatchesIf(HasAny(lower, "week", "fortnight"), WeeksFromDay(), text))
        {
            if (UnitPeriod(m.Groups["u"].Value.ToLowerInvariant(), Count(m.Groups["n"].Value)) is not { } period) continue;
            var word = m.Groups["day"].Value.ToLowerInvariant();
            var from = word switch { "today" => today, "tomorrow" => today.PlusDays(1), _ => today.Next((IsoDayOfWeek)(DayIndex(word) + 1)) };
            found.Add(new Found(Kind.Date, m.Index, End(m), Date: from + period));
        }
        foreach (Match m in MatchesIf(HasAny(lower, "lta", "ltä"), FiHourWord(), text))
        {
            var h = Array.IndexOf(FiHours, m.Groups["h"].Value.ToLowerInvariant()) + 1;
            if (h < 8) h += 12;   // a shop's day: "kahdelta" is 14:00
            found.Add(new Found(Kind.Time, m.Index, End(m), Time: new LocalTime(h % 24, 0)));
        }
        foreach (Match m in MatchesIf(HasAny(lower, "vuorokau", "viikon", "kuukauden"), FiOneUnit(), text))
        {
            var unit = m.Groups["u"].Value.ToLowerInvariant();
            var period = unit.StartsWith("vuorokau", StringComparison.Ordinal) ? Period.FromDays(1)
                : unit == "viikon" ? Period.FromWeeks(1)
                : Period.FromMonths(1);
            found.Add(new Found(Kind.Duration, m.Index, End(m), Timex: PeriodTimex(period), Span: period));
        }
        foreach (Match m in MatchesIf(HasAny(lower, "next", "nächsten", "kommenden", "coming"), NextSpan(), text))
        {
            var count = Count(m.Groups["n"].Value);
            if (count <= 0 || UnitPeriod(m.Groups["u"].Value.ToLowerInvariant(), count) is not { } period) continue;
            var start = today.PlusDays(1);
            var end = start + period;
            found.Add(new Found(Kind.DateRange, m.Index, End(m), Date: start, Timex: $"({DateTimex(start)},{DateTimex(end)},{PeriodTimex(period)})"));
        }
        foreach (Match m in MatchesIf(HasAny(lower, "after next", "übernächst"), WeekAfterNext(), text))
        {
            var monday = WeekStart(today).PlusWeeks(2);
            found.Add(new Found(Kind.DateRange, m.Index, End(m), Date: monday, Timex: WeekTimex(monday)));
        }
        foreach (Match m in MatchesIf(HasAny(lower, "ago", "from now", "from today", "later", "earlier", "vor ", "sitten", "päästä", "kuluttua"),
            AgoOrAhead(), text))
        {
            var n = m.Groups["n"].Success ? m.Groups["n"].Value : "1";
            var half = n.Equals("puoli", StringComparison.OrdinalIgnoreCase);   // "puoli tuntia sitten": half an hour ago
            var count = half ? 1 : Count(n);
            if (count <= 0) continue;
            var unit = m.Groups["u"].Value.ToLowerInvariant();
            var period = !half ? UnitPeriod(unit, count) : unit.StartsWith("tun", StringComparison.Ordinal) ? Period.FromMinutes(30) : null;
            if (period is null) continue;
            var back = m.Groups["dir"].Value.ToLowerInvariant() is "ago" or "vor" or "sitten" or "earlier";
            var at = back ? reference - period : reference + period;
            found.Add(period.Hours != 0 || period.Minutes != 0
                ? new Found(Kind.DateTime, m.Index, End(m), Date: at.Date, Time: at.TimeOfDay, Minutes: true)
                : new Found(Kind.Date, m.Index, End(m), Date: at.Date));
        }
        foreach (Match m in DayOfMonth().Matches(text))
        {
            var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
            var date = NextDayOfMonth(today, day);
            if (m.Groups["day"].Success && DayIndex(FullDay(m.Groups["day"].Value)) is var weekday and >= 0)
            {
                // "friday 27th": the nearest month in which the 27th is a Friday.
                for (var months = 0; months < 12 && date is { } d && (int)d.DayOfWeek - 1 != weekday; months++)
                    date = NextDayOfMonth(new LocalDate(today.Year, today.Month, 1).PlusMonths(months + 1), day);
            }
            if (date is null) continue;
            var start = m.Groups["on"].Success && m.Groups["on"].Value.ToLowerInvariant() is not "on"
                ? m.Groups["on"].Index + m.Groups["on"].Length + 1
                : m.Index;
            found.Add(new Found(Kind.Date, start, End(m), Date: date));
        }
        foreach (Match m in MonthAlone().Matches(text))
        {
            var word = (m.Groups["fimonth"].Success ? m.Groups["fimonth"] : m.Groups["month"]).Value.ToLowerInvariant();
            if (word is "may" or "march" && !m.Groups["in"].Success && !m.Groups["y"].Success) continue;
            var month = MonthIndex(word) + 1;
            if (month <= 0) continue;
            var first = new LocalDate(m.Groups["y"].Success ? int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture) : today.Year, month, 1);
            if (!m.Groups["y"].Success && first.PlusMonths(1) <= today) first = first.PlusYears(1);   // a month gone by this year is next year's
            var start = m.Groups["in"].Success && m.Groups["in"].Value.ToLowerInvariant() is "until" or "till" or "bis" or "ab" or "seit"
                ? m.Groups["month"].Index : m.Index;
            found.Add(new Found(Kind.DateRange, start, End(m), Date: first, Timex: MonthTimex(first)));
        }
        foreach (Match m in MatchesIf(HasAny(lower, "kuu"), FiDayMonth(), text))
        {
            var month = MonthIndex(m.Groups["fimonth"].Value) + 1;
            if (SafeDate(today.Year, month, int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture)) is { } d)
                found.Add(new Found(Kind.Date, m.Index, End(m), Upcoming(d, today)));
        }
        foreach (Match m in MatchesIf(HasAny(lower, "christmas", "xmas", "boxing", "new year", "nye", "heilig", "weihnacht", "silvester", "neujahr",
            "joulu", "tapanin", "uudenvuoden", "valentin", "halloween"), Holiday(), text))
        {
            var (month, day) = HolidayDate(m.Groups["h"].Value.ToLowerInvariant());
            var date = new LocalDate(today.Year, month, day);
            if (date < today.PlusDays(-7)) date = date.PlusYears(1);   // said in January about "christmas": next December
            found.Add(new Found(Kind.Date, m.Index, End(m), Date: date));
        }
        foreach (Match m in MatchesIf(HasAny(lower, "last", "past", "previous", "this", "letzt", "vergangen", "dies", "viime", "tänä"),
            CalendarRange(), text))
        {
            var which = m.Groups["which"].Value.ToLowerInvariant();
            var what = m.Groups["what"].Value.ToLowerInvariant();
            var back = which is not ("this" or "dieses" or "diesen" or "tänä");
            if (what is "week" or "woche" or "viikolla" or "viikon")
            {
                if (!back) continue;   // "this week" is RangeWords'
                var monday = WeekStart(today).PlusWeeks(-1);
                found.Add(new Found(Kind.DateRange, m.Index, End(m), Date: monday, Timex: WeekTimex(monday)));
            }
            else if (what is "month" or "monat" or "kuussa")
            {
                if (!back) continue;
                var first = new LocalDate(today.Year, today.Month, 1).PlusMonths(-1);
                found.Add(new Found(Kind.DateRange, m.Index, End(m), Date: first, Timex: MonthTimex(first)));
            }
            else
            {
                var year = today.Year - (back ? 1 : 0);
                found.Add(new Found(Kind.DateRange, m.Index, End(m), Date: new LocalDate(year, 1, 1), Timex: $"{year:0000}"));
            }
        }
        foreach (Match m in Frequency().Matches(text))
        {
            var what = m.Groups["what"].Value.ToLowerInvariant();
            var day = WeekdayOfPlural(what);
            var timex = day >= 0 ? $"XXXX-WXX-{day + 1}" : what switch
            {
                "day" or "tag" or "päivässä" or "päivä" or "päivittäin" or "weekday" or "weekdays" or "werktags" or "wochentags" => "P1D",
                "week" or "woche" or "viikossa" or "viikko" or "viikoittain" or "weekend" or "weekends" => "P1W",
                "year" or "jahr" or "vuodessa" or "jährlich" or "yearly" or "annually" => "P1Y",
                "vierteljährlich" or "quarterly" => "P3M",
                "aamuisin" => "TMO", "iltaisin" => "TEV", "öisin" => "TNI", "arkisin" => "P1D", "viikonloppuisin" => "P1W",
                "morning" or "aamu" => "TMO", "afternoon" => "TAF", "evening" or "ilta" => "TEV", "night" => "TNI",
                _ => "P1M",
            };
            found.Add(new Found(Kind.Set, m.Index, End(m), Timex: timex));
        }
    }

    // Shortened weekdays, where they cannot be another word: "on sat", "next wed", "tues next week", "thurs", and one
    // right before a clock time ("sat 4pm", "Fri 14:00", "mon at 9:30"; not "we sat at 4").
    [GeneratedRegex(
        @"\b(?:(?<q>on|next|this|coming)\s(?<day>mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)|(?<day>tues|" +
        @"weds|thurs))\b(?<nextweek>\s+next\s+week)?|" +
        @"\b(?<day>(?i:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun))\.?(?=,?\s+(?:(?i:at)\s+)?\d{1,2}(?:[:.]\d{2})?\s?" +
        @"(?i:am|pm|a\.m\.|p\.m\.)(?!\p{L})|,?\s+(?:(?i:at)\s+)?\d{1,2}:\d{2}\b)|\b(?:(?<q>am|nächsten|nächste|next)\s)?(?<day>Mo|Di|Mi|Do|" +
        @"Fr|Sa)\.?(?=\s+(?:vormittags?|nachmittags?|abends?|früh|morgens|mittags|ab\s\d|um\s\d|zwischen\s\d|" +
        @"gegen\s\d))")]
    private static partial Regex ShortWeekday();

    // Half and one and a half hours in words: "half an hour", "ne halbe Stunde", "anderthalb Stunden", "puoli tuntia".
    [GeneratedRegex(
        @"\b(?:(?<in>in|within|nach|in einer)\s)?(?:(?<half>half an hour|a half hour|(?:eine |" +
        @"ne )?halbe stunde|puoli tuntia|puolen tunnin)|(?<one>an hour and a half|one and a half hours|" +
        @"1[.,]5 (?:hours|stunden|tuntia)|anderthalb stunden|eineinhalb stunden|puolitoista tuntia))\b", RegexOptions.IgnoreCase)]
    private static partial Regex HalfHours();

    static void FindHalfHours(string text, string lower, LocalDateTime reference, List<Found> found)
    {
        foreach (Match m in MatchesIf(HasAny(lower, "half", "halbe", "anderthalb", "eineinhalb", "puoli", "1.5", "1,5"), HalfHours(), text))
        {
            var period = Period.FromMinutes(m.Groups["half"].Success ? 30 : 90);
            if (m.Groups["in"].Success && m.Groups["in"].Value.ToLowerInvariant() is "in" or "nach" or "in einer")
            {
                var at = reference + period;
                found.Add(new Found(Kind.DateTime, m.Index, End(m), Date: at.Date, Time: at.TimeOfDay, Minutes: true));
            }
            else
            {
                var start = m.Groups["in"].Success ? m.Groups["half"].Success ? m.Groups["half"].Index : m.Groups["one"].Index : m.Index;
                found.Add(new Found(Kind.Duration, start, End(m), Timex: PeriodTimex(period), Span: period));
            }
        }
    }

    // Finnish open ranges of the day: "klo 17 jälkeen" (after 17), "klo 12 asti" / "mennessä" (until 12).
    [GeneratedRegex(
        @"\b(?:klo|kello)\s(?<h>\d{1,2})(?:[.:](?<min>\d{2}))?\s(?<mod>jälkeen|alkaen|asti|mennessä|saakka)\b|" +
        @"\b(?<mod>ennen)\s(?:klo|kello)\s(?<h>\d{1,2})(?:[.:](?<min>\d{2}))?\b", RegexOptions.IgnoreCase)]
    private static partial Regex FiOpenTime();

    // Finnish parts of tomorrow and today in one word: "huomisaamuna", "huomisiltana", "tänä iltana".
    [GeneratedRegex(@"\b(?<day>huomis|tänä\s|tämän\s)(?<part>aamuna|aamupäivänä|iltapäivänä|iltana)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FiDayPart();

    // Ranges of dotted dates: "2.–4.12.", "vom 28.11. bis 2.12.", "28.11.-2.12.".
    [GeneratedRegex(
        @"\b(?:(?:vom|von|from)\s)?(?<d1>\d{1,2})\.(?:(?<m1>\d{1,2})\.)?\s?(?:[–-]|bis|to|" +
        @"till)\s?(?<d2>\d{1,2})\.(?<m2>\d{1,2})\.(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex DottedRange();

    // "the last two weeks", "die letzten zwei Wochen", "past 3 days": up to now.
    [GeneratedRegex(
        @"\b(?:(?:the|die|in den|in the)\s)?(?:last|past|letzten|vergangenen)\s(?<n>\d+|two|three|four|five|" +
        @"six|few|couple of|zwei|drei|vier|fünf|sechs|paar)\s(?<u>days|weeks|months|tage|tagen|wochen|monate|" +
        @"monaten)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PastSpan();

    static void FindFinnishAndRanges(string text, string lower, LocalDateTime reference, List<Found> found)
    {
        var today = reference.Date;
        foreach (Match m in MatchesIf(HasAny(lower, "klo", "kello"), FiOpenTime(), text))
        {
            var h = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
            var min = m.Groups["min"].Success ? int.Parse(m.Groups["min"].Value, CultureInfo.InvariantCulture) : 0;
            if (h > 23 || min > 59) continue;
            var open = m.Groups["mod"].Value.ToLowerInvariant() is "jälkeen" or "alkaen" ? "after" : "before";
            found.Add(new Found(Kind.TimeRange, m.Index, End(m), Time: new LocalTime(h, min)) { Open = open });
        }
        foreach (Match m in MatchesIf(HasAny(lower, "huomis", "tänä", "tämän"), FiDayPart(), text))
        {
            if (Part(m.Groups["part"].Value.ToLowerInvariant() switch
                {
                    "aamuna" => "aamulla", "aamupäivänä" => "aamupäivällä", "iltapäivänä" => "iltapäivällä", _ => "illalla"
                }) is not var (from, to)) continue;
            var date = m.Groups["day"].Value.StartsWith("huomis", StringComparison.OrdinalIgnoreCase) ? today.PlusDays(1) : today;
            found.Add(new Found(Kind.DateTimeRange, m.Index, End(m), Date: date, Time: from) { To = to });
        }
        foreach (Match m in DottedRange().Matches(text))
        {
            var m2 = int.Parse(m.Groups["m2"].Value, CultureInfo.InvariantCulture);
            var m1 = m.Groups["m1"].Success ? int.Parse(m.Groups["m1"].Value, CultureInfo.InvariantCulture) : m2;
            if (SafeDate(today.Year, m1, int.Parse(m.Groups["d1"].Value, CultureInfo.InvariantCulture)) is not { } first
                || SafeDate(today.Year, m2, int.Parse(m.Groups["d2"].Value, CultureInfo.InvariantCulture)) is not { } last) continue;
            var start = Upcoming(first, today);
            var end = last.PlusYears(start.Year - last.Year);
            if (end < start) end = end.PlusYears(1);
            found.Add(new Found(Kind.DateRange, m.Index, End(m), Date: start, Timex: DateRangeTimex(start, end.PlusDays(1))));
        }
        foreach (Match m in MatchesIf(HasAny(lower, "last", "past", "letzten", "vergangenen"), PastSpan(), text))
        {
            var count = Count(m.Groups["n"].Value);   // "the past few days" has no count: no range
            if (count <= 0 || UnitPeriod(m.Groups["u"].Value.ToLowerInvariant(), count) is not { } period) continue;
            var start = today - period;
            found.Add(new Found(Kind.DateRange, m.Index, End(m), Date: start, Timex: DateRangeTimex(start, today)));
        }
    }

    [GeneratedRegex(@"\b(?:the\s)?week\safter\snext\b|\bübernächste[n]?\swoche\b", RegexOptions.IgnoreCase)]
    private static partial Regex WeekAfterNext();

    // Finnish durations of one unit without a number: "kuivua vuorokausi", "toimi viikon" (for a week).
    [GeneratedRegex(
        @"\b(?<u>vuorokausi|vuorokauden|viikon|kuukauden)\b(?!\s(?:päästä|kuluttua|sisällä|lopussa|alussa|" +
        @"lopulla|alusta|aikana|välein|ajan))", RegexOptions.IgnoreCase)]
    private static partial Regex FiOneUnit();

    // Past-tense verbs customers tell with a weekday, within a few words of it, and words that point ahead instead.
    [GeneratedRegex(
        @"\b(?:sent|ordered|called|came|was|were|did|got|received|returned|paid|rang|bought|arrived|delivered|" +
        @"booked|emailed|wrote|tried|happened|cancelled|canceled|placed|went|had|picked|collected|dropped|" +
        @"posted|phoned|spoke|told|charged|habe|hab|hat|hatte|hatten|war|waren|wurde|wurden|bestellt|bezahlt|" +
        @"angerufen|geschrieben|abgeschickt|zurückgeschickt|storniert|gekauft|erhalten|bekommen|gekommen|" +
        @"angekommen|geliefert|abgebucht|gebucht|lähetin|tilasin|soitin|maksoin|palautin|ostin|sain|tuli|oli|" +
        @"kävin|varasin|peruin)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PastCue();

    [GeneratedRegex(
        @"\b(?:will|'ll|can|could|would|please|pls|plz|should|shall|going|kommt|kommen|kann|könnt|könnten|wird|" +
        @"werden|bitte|soll|sollen|möchte|würde|geht|ginge|passt|voitteko|voisitteko|voiko|tuleeko|ehtiikö|" +
        @"pitäis|pitäisi)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AheadCue();

    static bool ToldInThePast(string text, int start, int end)
    {
        var from = text.LastIndexOfAny(['.', '!', '?', '\n'], Math.Max(0, start - 1)) + 1;
        var to = text.IndexOfAny(['.', '!', '?', '\n'], end + 1);
        var sentence = text[from..(to < 0 ? text.Length : to)];
        return PastCue().IsMatch(sentence) && !AheadCue().IsMatch(sentence);
    }

    // "in den nächsten drei Tagen", "in the next 2 weeks": from tomorrow on.
    [GeneratedRegex(
        @"\b(?:in|within|innerhalb)\s(?:den|the|der)\s(?:nächsten|next|kommenden|coming)\s(?<n>\d+|two|three|" +
        @"four|five|six|seven|ten|zwei|drei|vier|fünf|sechs|sieben|zehn|couple\sof|few|paar)\s(?<u>days|weeks|" +
        @"tagen|wochen)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NextSpan();

    // A part of a month: "Anfang Dezember", "early january", "Mitte Januar", "end of march", "joulukuun alussa". As
    // Microsoft's recognizers take them: early 1st–15th, mid 10th–20th, late 16th–end.
    [GeneratedRegex(
        @"\b(?:(?<part>anfang|mitte|ende|early|mid|late|end\sof)[\s-]" + MonthName + "|" + FiMonth +
        @"n\s(?<fipart>alussa|alkupuolella|puolivälissä|puolessavälissä|lopussa|loppupuolella))\b", RegexOptions.IgnoreCase)]
    private static partial Regex MonthPart();

    static void FindMonthParts(string text, string lower, LocalDate today, List<Found> found)
    {
        foreach (Match m in MatchesIf(HasAny(lower, "anfang", "mitte", "ende", "early", "mid", "late", "end of", "alussa", "alkupuolella", "puoliväli",
            "puolessavälissä", "lopussa", "loppupuolella"), MonthPart(), text))
        {
            var month = MonthIndex((m.Groups["fimonth"].Success ? m.Groups["fimonth"] : m.Groups["month"]).Value) + 1;
            if (month <= 0) continue;
            var first = new LocalDate(today.Year, month, 1);
            if (first.PlusMonths(1) <= today) first = first.PlusYears(1);
            var part = (m.Groups["part"].Success ? m.Groups["part"].Value : m.Groups["fipart"].Value).ToLowerInvariant();
            var (from, to) = part switch
            {
                "anfang" or "early" or "alussa" or "alkupuolella" => (first, first.PlusDays(15)),
                "mitte" or "mid" or "puolivälissä" or "puolessavälissä" => (first.PlusDays(9), first.PlusDays(20)),
                _ => (first.PlusDays(15), first.PlusMonths(1)),
            };
            found.Add(new Found(Kind.DateRange, m.Index, End(m), Date: from, Timex: DateRangeTimex(from, to)));
        }
    }

    // Finnish hours in words, "at two": "kahdelta", "kolmelta", "yhdeltätoista".
    [GeneratedRegex(
        @"\b(?:klo\s)?(?<h>yhdeltätoista|kahdeltatoista|yhdeltä|kahdelta|kolmelta|neljältä|viideltä|kuudelta|" +
        @"seitsemältä|kahdeksalta|yhdeksältä|kymmeneltä)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FiHourWord();

    static readonly string[] FiHours = ["yhdeltä", "kahdelta", "kolmelta", "neljältä", "viideltä", "kuudelta", "seitsemältä", "kahdeksalta",
        "yhdeksältä", "kymmeneltä", "yhdeltätoista", "kahdeltatoista"];

    // The end of today's working day: "eod", "end of day", "close of business".
    [GeneratedRegex(@"\b(?:eod|EOD|end\sof\s(?:the\s)?day|close\sof\sbusiness|cob|COB)\b")]
    private static partial Regex EndOfDay();

    // British days counted from a day: "two weeks tomorrow", "a fortnight on friday", "a week on monday".
    [GeneratedRegex(
        @"\b(?<n>a|one|two|three|four|\d)\s(?<u>weeks?|fortnight)\s(?:on\s)?(?<day>tomorrow|today|monday|" +
        @"tuesday|wednesday|thursday|friday|saturday|sunday)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WeeksFromDay();

    // Clock times and ranges in words: "at three thirty", "between eleven and one".
    const string HourWord = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve";

    [GeneratedRegex(@"\b(?:at\s)?(?<h>" + HourWord + @")\s(?<m>fifteen|thirty|forty-?five|forty\sfive)\b" +
        @"|\bbetween\s(?<a>" + HourWord + @")\sand\s(?<b>" + HourWord + @")\b", RegexOptions.IgnoreCase)]
    private static partial Regex WordClock();

    static void FindWordClocks(string text, List<Found> found)
    {
        foreach (Match m in WordClock().Matches(text))
        {
            // A shop's day: "at three thirty" is 15:30, "between eleven and one" 11 to 13.
            static int HourOf(Group g) { var h = ClockWords[g.Value]; return h < 8 ? h + 12 : h; }
            if (m.Groups["h"].Success)
            {
                var minutes = m.Groups["m"].Value.ToLowerInvariant() switch { "fifteen" => 15, "thirty" => 30, _ => 45 };
                found.Add(new Found(Kind.Time, m.Index, End(m), Time: new LocalTime(HourOf(m.Groups["h"]) % 24, minutes), Minutes: true));
                continue;
            }
            int a = HourOf(m.Groups["a"]), b = HourOf(m.Groups["b"]);
            if (b <= a) b += 12;   // "between eleven and one": 11 to 13
            if (a == 24) a = 12;
            if (b > 24 || b <= a) continue;
            var from = new LocalTime(a % 24, 0); var to = new LocalTime(b % 24, 0);
            var length = Period.Between(from, to);
            found.Add(new Found(Kind.TimeRange, m.Index, End(m), Time: from,
                Timex: $"({TimeTimex(from, false)},{TimeTimex(to, false)},{PeriodTimex(length)})", Span: length));
        }
    }

    static void FindShortWeekdays(string text, LocalDate today, List<Found> found)
    {
        foreach (Match m in ShortWeekday().Matches(text))
        {
            var day = (IsoDayOfWeek)(DayIndex(FullDay(m.Groups["day"].Value)) + 1);
            var next = m.Groups["q"].Value.ToLowerInvariant() is "next" or "nächsten" or "nächste" || m.Groups["nextweek"].Success
                ? WeekStart(today).PlusWeeks(1).PlusDays((int)day - 1)
                : today.Next(day);
            found.Add(new Found(Kind.Date, m.Index, End(m), next));
        }
    }

    /// The pattern's matches where the DM has the pattern's cue, else none (without running the pattern).
    static IEnumerable<Match> MatchesIf(bool cue, Regex pattern, string text) => cue ? pattern.Matches(text) : [];

    static bool HasAny(string lower, params ReadOnlySpan<string> words)
    {
        foreach (var word in words) if (lower.Contains(word, StringComparison.Ordinal)) return true;
        return false;
    }

    /// How many of a unit: digits or a number word ("two", "zwei", "kahden"); 0 when it is neither.
    static int Count(string n) =>
        int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : SmallNumbers.GetValueOrDefault(n, 0);

    /// The next date (today included) that is the <paramref name="day"/>th of a month; null when no month has it soon.
    static LocalDate? NextDayOfMonth(LocalDate from, int day)
    {
        for (var months = 0; months < 3; months++)
        {
            var first = new LocalDate(from.Year, from.Month, 1).PlusMonths(months);
            if (SafeDate(first.Year, first.Month, day) is { } d && d >= from) return d;
        }
        return null;
    }

    static (int Month, int Day) HolidayDate(string name) => name switch
    {
        "christmas eve" or "xmas eve" or "heiligabend" or "heiligen abend" or "jouluaatto" or "jouluaattona" => (12, 24),
        "boxing day" or "tapaninpäivä" or "tapaninpäivänä" => (12, 26),
        "new year's eve" or "new years eve" or "nye" or "silvester" or "uudenvuodenaatto" or "uudenvuodenaattona" => (12, 31),
        "new year's day" or "new years day" or "new year's" or "new years" or "neujahr" or "uudenvuodenpäivä" or "uudenvuodenpäivänä" => (1, 1),
        "valentine's day" or "valentines day" or "valentines" or "valentinstag" => (2, 14),
        "halloween" => (10, 31),
        _ => (12, 25),   // christmas, xmas, christmas day, weihnachten, joulupäivä
    };

    /// The weekday (0 = Monday) a plural names ("mondays", "maanantaisin", "keskiviikkoisin"); -1 for anything else.
    static int WeekdayOfPlural(string word)
    {
        var day = DayIndex(FullDay(word.TrimEnd('s')));
        if (day < 0 && word.EndsWith("isin", StringComparison.Ordinal)) day = DayIndex(word[..^3]) is >= 0 and var d ? d : DayIndex(word[..^4]);
        return day;
    }

    /// A weekday as the lists have it, from the ways customers shorten it ("tues", "thurs", "sat").
    static string FullDay(string word) => word.ToLowerInvariant() switch
    {
        "mon" => "monday", "tue" or "tues" => "tuesday", "wed" or "weds" => "wednesday", "thu" or "thur" or "thurs" => "thursday",
        "fri" => "friday", "sat" => "saturday", "sun" => "sunday",
        "mo" => "monday", "di" => "tuesday", "mi" => "wednesday", "do" => "thursday", "fr" => "friday", "sa" => "saturday", var w => w,
    };
}
