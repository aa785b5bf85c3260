using System.Globalization;
using System.Text.RegularExpressions;

namespace AutoReply.Core.Recognizers;

/// Numbers, ordinals, percentages and amounts of money, in digits or words, with the language's separators:
/// "1,234.50" in English is "1.234,50" in German. A number that is part of a percentage or an amount is reported
/// as that, not twice.
public sealed partial class QuantityRecognizer : IEntityRecognizer
{
    // A decimal comma before euros is read as written on the Continent, in English too: "2 of the 39,95 € ones".
    [GeneratedRegex(
        @"(?<![\p{L}\d.,]|\p{L}-)(?:(?<comma>\d+,\d{2})(?=\s?(?:€|[eE][uU][rR]))|\d{1,3}(?:,\d{3})+(?:\.\d+)?|" +
        @"\d+(?:\.\d+)?)(?![\d]|[.,]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex EnglishDigits();

    // Swiss prices keep the point: "CHF 89.90", "79.90 CHF", "Fr. 12.50".
    [GeneratedRegex(
        @"(?<![\p{L}\d.,]|\p{L}-)(?:(?<point>\d+\.\d{2})(?=\s?(?:[cC][hH][fF]|[fF]r\.|[fF]ranken))|" +
        @"(?<=(?:[cC][hH][fF]|[fF]r\.)\s?)(?<point>\d+\.\d{2})|\d{1,3}(?:\.\d{3})+(?:,\d+)?|" +
        @"\d+(?:,\d+)?)(?![\d]|[.,]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex GermanDigits();

    [GeneratedRegex(@"[\p{L}][\p{L}-]*|\d|[%€$£]", RegexOptions.CultureInvariant)]
    private static partial Regex Tokens();

    sealed record Currency(string Unit, string Iso);

    static readonly Dictionary<string, Currency> CurrencyWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["€"] = new("Euro", "EUR"), ["eur"] = new("Euro", "EUR"), ["euro"] = new("Euro", "EUR"),
        ["euros"] = new("Euro", "EUR"), ["euroa"] = new("Euro", "EUR"),
        ["$"] = new("Dollar", "USD"), ["usd"] = new("Dollar", "USD"), ["dollar"] = new("Dollar", "USD"), ["dollars"] = new("Dollar", "USD"),
        ["£"] = new("British pound", "GBP"), ["gbp"] = new("British pound", "GBP"),
        ["pound"] = new("British pound", "GBP"), ["pounds"] = new("British pound", "GBP"),
        ["chf"] = new("Swiss franc", "CHF"), ["francs"] = new("Swiss franc", "CHF"), ["franc"] = new("Swiss franc", "CHF"),
        ["franken"] = new("Swiss franc", "CHF"), ["stutz"] = new("Swiss franc", "CHF"), ["fr"] = new("Swiss franc", "CHF"),
        ["euroo"] = new("Euro", "EUR"), ["eurosta"] = new("Euro", "EUR"), ["euroon"] = new("Euro", "EUR"), ["eurolla"] = new("Euro", "EUR"),
        ["eurolle"] = new("Euro", "EUR"), ["euroksi"] = new("Euro", "EUR"), ["euron"] = new("Euro", "EUR"),
        ["euroja"] = new("Euro", "EUR"), ["eurot"] = new("Euro", "EUR"), ["eus"] = new("Euro", "EUR"),
        ["quid"] = new("British pound", "GBP"), ["puntaa"] = new("British pound", "GBP"), ["punnan"] = new("British pound", "GBP"),
        ["bucks"] = new("Dollar", "USD"), ["dollaria"] = new("Dollar", "USD"),
        ["sek"] = new("Swedish krona", "SEK"), ["kronor"] = new("Swedish krona", "SEK"), ["kruunua"] = new("Swedish krona", "SEK"),
        ["nok"] = new("Norwegian krone", "NOK"), ["dkk"] = new("Danish krone", "DKK"),
        ["cent"] = new("Cent", ""), ["cents"] = new("Cent", ""),
    };

    static readonly HashSet<string> NotANumberBefore = ["st", "nd", "rd", "th", "the", "this", "that", "which", "another", "each", "every", "any", "no",
        "some", "new", "old", "other", "right", "wrong", "same", "last", "next",
        "a", "quick", "black", "white", "red", "blue", "green", "grey", "gray", "pink", "big", "small", "cheaper", "bigger", "smaller", "cheap", "only",
        "little", "good", "bad", "nice", "broken", "correct", "original", "older", "newer"];

    static readonly HashSet<string> PercentWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "%", "percent", "prozent", "prosenttia", "prosentti", "prosenttiin", "prosentilla", "prosentin", "prosentiksi", "prossaa", "prossan", "pct", "perc",
        "prozentpunkte"
    };

    /// Words that stand for "one" before a scale: "a dozen", "ein Dutzend", "a hundred".
    static readonly HashSet<string> OneBeforeScale = ["a", "ein", "einem", "ne"];

    sealed record Quantity(decimal Value, int Start, int End, bool Integer);

    public IEnumerable<Entity> Recognize(string text, RecognitionContext context)
    {
        var language = context.Language;
        var found = new List<Entity>();
        var quantities = Digits(text, language).Concat(Words(text, language)).OrderBy(q => q.Start).ToList();
        foreach (var q in quantities)
        {
            if (found.Any(e => e.Start <= q.Start && q.End <= e.End)) continue;
            if (Percentage(text, q) is { } percent) { found.Add(percent); continue; }
            if (Money(text, q, language) is { } money) { found.Add(money); continue; }
            if (OrdinalSuffix(text, q, language) is { } ordinal) { found.Add(ordinal); continue; }
            var value = NumberWords.Format(q.Value);
            found.Add(new Entity("number", text[q.Start..(q.End + 1)], q.Start, q.End, new Dictionary<string, object?>
            {
                ["subtype"] = q.Integer ? "integer" : "decimal",
                ["value"] = value,
            }));
        }
        found.AddRange(OrdinalWords(text, language).Where(o => !found.Any(e => e.Start <= o.Start && o.End <= e.End)));
        // Sayings in which a number word counts nothing: "first of all", "second thoughts", "one of you".
        var idioms = Idioms().Matches(text);
        if (idioms.Count > 0) found.RemoveAll(e => e.Type is "number" or "ordinal" && idioms.Any(i => i.Index <= e.Start && e.End < i.Index + i.Length));
        return found.OrderBy(e => e.Start);
    }

    static IEnumerable<Quantity> Digits(string text, string language)
    {
        var german = language is "de" or "fi";
        foreach (Match m in (german ? GermanDigits() : EnglishDigits()).Matches(text))
        {
            var raw = m.Value;
            var normal = m.Groups["comma"].Success ? raw.Replace(',', '.') : m.Groups["point"].Success ? raw
                : german ? raw.Replace(".", "").Replace(',', '.') : raw.Replace(",", "");
            if (!decimal.TryParse(normal, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)) continue;
            // A number glued to letters is a code or a time ("3pm", "A-1234"), not a quantity; ordinal suffixes are allowed.
            var after = m.Index + m.Length < text.Length ? text[m.Index + m.Length] : ' ';
            if (char.IsLetter(after) && !IsOrdinalSuffix(text, m.Index + m.Length) && !GluedCurrency(text, m.Index + m.Length)
                && !Pence(text, m.Index + m.Length)) continue;
            yield return new Quantity(value, m.Index, m.Index + m.Length - 1, !normal.Contains('.'));
        }
    }

    static IEnumerable<Quantity> Words(string text, string language)
    {
        var tokens = Tokens().Matches(text).Where(t => char.IsLetter(t.Value[0])).ToList();
        var lower = tokens.Select(t => t.Value.ToLowerInvariant()).ToArray();   // once: the loops below look at a word up to four times
        for (var i = 0; i < tokens.Count; i++)
        {
            long total = 0, current = 0;
            var j = i;
            var any = false;
            int? end = null;
            while (j < tokens.Count)
            {
                var word = lower[j];
                if (j > i && Gap(text, tokens[j - 1], tokens[j]) is false) break;
                if (j > i && language == "fi") break;   // Finnish writes one number as one word: "kaks neljästä" is two
                var cardinal = NumberWords.Cardinal(word, language);
                // English says tens before units: "twenty one" is 21, "three thirty" is no number 33 (it is a time).
                if (any && language == "en" && current is > 0 and < 10 && cardinal is >= 10 and < 100) break;
                if (cardinal is { } v && !(any && current % 10 != 0 && v < 10 && language == "en"))
                {
                    current += v; any = true; end = tokens[j].Index + tokens[j].Length - 1;
                }
                else if (NumberWords.IsScale(word, language, out var scale)
                    && (any || (j > i && OneBeforeScale.Contains(lower[j - 1]))))
                {
                    current = Math.Max(current, 1) * scale;
                    if (scale >= 1000) { total += current; current = 0; }
                    any = true; end = tokens[j].Index + tokens[j].Length - 1;
                }
                else if (OneBeforeScale.Contains(word) && !any && j + 1 < tokens.Count
                    && NumberWords.IsScale(lower[j + 1], language, out _)) { }
                else if (!any && word is "half" or "a" or "ein" or "halbes" && HalfDozen().Match(text, tokens[j].Index) is { Success: true } half)
                {
                    current = 6; any = true; end = half.Index + half.Length - 1;
                    while (j < tokens.Count && tokens[j].Index < end) j++;
                    break;
                }
                else if (word == "and" && any && j + 1 < tokens.Count && NumberWords.Cardinal(lower[j + 1], language) is not null) { }
                else break;
                j++;
            }
            if (!any) continue;
            // "the first one", "this one", "which one": a pronoun, not the number 1.
            if (j == i + 1 && tokens[i].Value.Equals("one", StringComparison.OrdinalIgnoreCase) && i > 0
                && (NotANumberBefore.Contains(lower[i - 1])
                    || NumberWords.Ordinal(lower[i - 1], language) is not null))
                continue;
            var start = tokens[i].Index;
            yield return new Quantity(total + current, start, end!.Value, true);
            i = j - 1;
        }
    }

    /// Words of one number are separated by spaces only ("twenty one"), not by commas or sentence ends.
    static bool Gap(string text, Match previous, Match next)
    {
        var between = text.AsSpan(previous.Index + previous.Length, next.Index - previous.Index - previous.Length);
        return between.Trim().Length == 0;
    }

    static Entity? Percentage(string text, Quantity q)
    {
        var (word, start, end) = NextWord(text, q.End + 1);
        // "15 per cent", "ten per cent": two words.
        if (word is not null && word.Equals("per", StringComparison.OrdinalIgnoreCase) && NextWord(text, end + 1) is ({ } cent, _, var centEnd)
            && cent.Equals("cent", StringComparison.OrdinalIgnoreCase))
            (word, end) = ("percent", centEnd);
        if (word is null || !PercentWords.Contains(word)) return null;
        return new Entity("percentage", text[q.Start..(end + 1)], q.Start, end,
            new Dictionary<string, object?> { ["value"] = NumberWords.Format(q.Value) + "%" });
    }

    static Entity? Money(string text, Quantity q, string language)
    {
        if (q.Integer && Pence(text, q.End + 1))
            return MoneyEntity(text, q.Start, q.End + 1, q.Value * 0.01m, CurrencyWords["£"]);
        var (next, _, nextEnd) = NextWord(text, q.End + 1);
        if (next is not null && next.Equals("swiss", StringComparison.OrdinalIgnoreCase))   // "30 swiss francs"
            (next, _, nextEnd) = NextWord(text, nextEnd + 1);
        if (next is not null && CurrencyWords.TryGetValue(next, out var after))
        {
            // "zehn euro fünfzig", "10 euros 50": the cents after the unit.
            var (cents, _, centsEnd) = NextWord(text, nextEnd + 1);
            if (q.Integer && cents is not null && NumberWords.Cardinal(cents.ToLowerInvariant(), language) is { } c and > 0 and < 100)
                return MoneyEntity(text, q.Start, centsEnd, q.Value + c * 0.01m, after);
            return MoneyEntity(text, q.Start, nextEnd, q.Value, after);
        }
        var (previous, previousStart) = PreviousWord(text, q.Start - 1);
        // A unit right after another amount is that amount's: "19,90 € kaks kertaa" is two times, not two euros.
        var beforeUnit = text.AsSpan(0, previous is null ? 0 : previousStart).TrimEnd();
        var owned = beforeUnit.Length > 0 && char.IsAsciiDigit(beforeUnit[^1]);
        if (previous is not null && !owned && CurrencyWords.TryGetValue(previous, out var before))
            return MoneyEntity(text, previousStart, q.End + ZeroCents(text, q.End + 1), q.Value, before);
        return null;
    }

    /// "49.–", "49,-": a price without cents, the dash part of it.
    static int ZeroCents(string text, int at) =>
        at + 1 < text.Length && text[at] is '.' or ',' && text[at + 1] is '-' or '–' ? 2 : 0;

    /// "99p": pence, glued.
    static bool Pence(string text, int at) => at < text.Length && text[at] is 'p' or 'P' && (at + 1 == text.Length || !char.IsLetterOrDigit(text[at + 1]));

    /// Digits glued to a currency ("89eur", "98EUR") are an amount, not a code.
    static bool GluedCurrency(string text, int at)
    {
        var end = at;
        while (end < text.Length && char.IsLetter(text[end])) end++;
        return CurrencyWords.ContainsKey(text[at..end]) && text[at..end].Length > 1;
    }

    static Entity MoneyEntity(string text, int start, int end, decimal value, Currency currency)
    {
        var resolution = new Dictionary<string, object?> { ["value"] = NumberWords.Format(value), ["unit"] = currency.Unit };
        if (currency.Iso.Length > 0) resolution["isoCurrency"] = currency.Iso;
        return new Entity("currency", text[start..(end + 1)], start, end, resolution);
    }

    static bool IsOrdinalSuffix(string text, int at)
    {
        if (at + 2 > text.Length) return false;
        var suffix = text.Substring(at, 2).ToLowerInvariant();
        var endsWord = at + 2 == text.Length || !char.IsLetter(text[at + 2]);
        return endsWord && suffix is "st" or "nd" or "rd" or "th";
    }

    static Entity? OrdinalSuffix(string text, Quantity q, string language)
    {
        if (!q.Integer) return null;
        var at = q.End + 1;
        if (IsOrdinalSuffix(text, at)) return OrdinalEntity(text[q.Start..(at + 2)], q.Start, at + 1, (long)q.Value);
        // German and Finnish "3." before a word ("der 3. Versuch", "2. muistutus"); not at the end of a sentence, unless
        // an article says it is one of a row ("die 10. mail oder die 11.?").
        if (language is "de" or "fi" && at + 2 < text.Length && text[at] == '.' && text[at + 1] == ' ' && char.IsLetter(text[at + 2]))
            return OrdinalEntity(text[q.Start..(at + 1)], q.Start, at, (long)q.Value);
        if (language == "de" && at < text.Length && text[at] == '.' && (at + 1 == text.Length || !char.IsLetterOrDigit(text[at + 1]))
            && ArticleJustBefore().IsMatch(text.AsSpan(0, q.Start)))
            return OrdinalEntity(text[q.Start..(at + 1)], q.Start, at, (long)q.Value);
        return null;
    }

    static IEnumerable<Entity> OrdinalWords(string text, string language)
    {
        foreach (Match t in Tokens().Matches(text))
            if (char.IsLetter(t.Value[0]) && NumberWords.Ordinal(t.Value.ToLowerInvariant(), language) is { } n)
            {
                // "the last item", "der letzte Artikel" point at one; "last time", "same as last time", "letzte Woche" do not.
                if (n < 0 && !(ArticleJustBefore().IsMatch(text.AsSpan(0, t.Index)) && ItemJustAfter().IsMatch(text.AsSpan(t.Index + t.Length)))) continue;
                yield return OrdinalEntity(t.Value, t.Index, t.Index + t.Length - 1, n);
            }
    }

    [GeneratedRegex(@"\b(?:the|der|die|das|den|dem|des|zum|zur)\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex ArticleJustBefore();

    [GeneratedRegex(@"^\s+(?:item|items|artikel|teil|teile|stück|piece|pieces)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ItemJustAfter();

    [GeneratedRegex(
        @"\b(?:first of all|first things first|at first|on second thoughts?|second thoughts?|second hand|" +
        @"second-hand|second rate|second-rate|second best|second class|the second (?:i|we|you|he|she|they|it)|" +
        @"one more thing|quick one|first thing|one of the|one of my|one of our|yks juttu|yksi juttu|yks asia|" +
        @"yksi asia|one of (?:you|them|us|those|these)|one or two|no one|every ?one|some ?one|any ?one|one day|" +
        @"at one point|zum einen|erstens mal|ersten mal überhaupt)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Idioms();

    [GeneratedRegex(@"\G(?:half\s+a\s+dozen|a\s+half\s+dozen|(?:ein\s+)?halbes\s+dutzend)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HalfDozen();

    static Entity OrdinalEntity(string text, int start, int end, long n) => new("ordinal", text, start, end, n < 0
        ? new Dictionary<string, object?> { ["offset"] = "0", ["relativeTo"] = "end", ["value"] = "end" }
        : new Dictionary<string, object?>
        {
            ["offset"] = n.ToString(CultureInfo.InvariantCulture), ["relativeTo"] = "start", ["value"] = n.ToString(CultureInfo.InvariantCulture)
        });

    static (string? Word, int Start, int End) NextWord(string text, int from)
    {
        var i = from;
        while (i < text.Length && text[i] == ' ') i++;
        if (i >= text.Length) return (null, 0, 0);
        if (text[i] is '%' or '€' or '$' or '£') return (text[i].ToString(), i, i);
        var start = i;
        while (i < text.Length && char.IsLetter(text[i])) i++;
        return i > start ? (text[start..i], start, i - 1) : (null, 0, 0);
    }

    static (string? Word, int Start) PreviousWord(string text, int from)
    {
        var i = from;
        while (i >= 0 && text[i] == ' ') i--;
        if (i < 0) return (null, 0);
        if (text[i] is '€' or '$' or '£') return (text[i].ToString(), i);
        if (text[i] == '.' && i > 0 && char.IsLetter(text[i - 1])) i--;   // "Fr. 49", "Eur. 20"
        var end = i;
        while (i >= 0 && char.IsLetter(text[i])) i--;
        return end > i ? (text[(i + 1)..(end + 1)], i + 1) : (null, 0);
    }
}
