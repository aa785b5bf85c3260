using System.Net;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace AutoReply.Core.Recognizers;

/// E-mail addresses.
public sealed partial class EmailRecognizer : IEntityRecognizer
{
    [GeneratedRegex(@"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public IEnumerable<Entity> Recognize(string text, RecognitionContext context) =>
        Pattern().Matches(text)
            .Select(m => new Entity("email", m.Value, m.Index, m.Index + m.Length - 1, new Dictionary<string, object?> { ["value"] = m.Value }));
}

/// Web addresses, with or without a scheme ("www.shop.de/returns", "https://…").
public sealed partial class UrlRecognizer : IEntityRecognizer
{
    // Without a scheme: a common domain with or without a path, or a link-shortener-like domain only with a path
    // ("bit.ly/4kAu", "linktr.ee/shop"): "it.no" alone is more likely a typo than a web address.
    [GeneratedRegex(
        @"(?<![\w@./-])((https?://|www\.)[^\s<>""]+" +
        @"|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.(com|de|net|org|io|fi|at|ch|eu|co\.uk|shop)(/[^\s<>""]*)?" +
        @"|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.(ly|ee|gl|co|me|app|link|info|biz|se|no|dk|nl|fr|it|es|uk)/[^\s<>""]+)(?<![.,!?;:)])",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    public IEnumerable<Entity> Recognize(string text, RecognitionContext context) =>
        Pattern().Matches(text)
            .Where(m => !(m.Index > 0 && text[m.Index - 1] == '@'))
            .Select(m => new Entity("url", m.Value, m.Index, m.Index + m.Length - 1, new Dictionary<string, object?> { ["value"] = m.Value }));
}

/// IPv4 addresses (and IPv6 ones written in full).
public sealed partial class IpRecognizer : IEntityRecognizer
{
    [GeneratedRegex(@"(?<![\d.])(\d{1,3}\.){3}\d{1,3}(?![\d.])|(?<![:\w])([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![:\w])", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public IEnumerable<Entity> Recognize(string text, RecognitionContext context) =>
        Pattern().Matches(text)
            .Where(m => IPAddress.TryParse(m.Value, out _) && (m.Value.Contains(':') || m.Value.Split('.').All(p => int.Parse(p) <= 255)))
            .Select(m => new Entity("ip", m.Value, m.Index, m.Index + m.Length - 1, new Dictionary<string, object?>
            {
                ["type"] = m.Value.Contains(':') ? "ipv6" : "ipv4",
                ["value"] = m.Value,
            }));
}

/// Phone numbers, by libphonenumber: international or in the brand's region's own format ("0171 2345678" in DE).
/// The resolution carries the number in E.164 besides Microsoft's score.
public sealed partial class PhoneRecognizer : IEntityRecognizer
{
    [GeneratedRegex(@"^\d{1,2}\.\d{1,2}\.(\d{2}|\d{4})$")]
    private static partial Regex DottedDate();

    static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// The fewest digits a phone number is taken with.
    internal const int MinDigits = 6;

    /// Where a phone number written without a country code is: the configured region, unless the customer writes in a
    /// language not spoken there — "040 123 4567" in a Finnish thread is a Finnish mobile, not Hamburg (+49 40 …).
    public static string RegionFor(string language, string configured) => language switch
    {
        "fi" when configured is not ("FI" or "AX") => "FI",
        "de" when configured is not ("DE" or "AT" or "CH" or "LI" or "LU" or "BE") => "DE",
        _ => configured,
    };

    public IEnumerable<Entity> Recognize(string text, RecognitionContext context)
    {
        foreach (var (from, to) in Windows(text))
        {
            var window = from == 0 && to == text.Length ? text : text[from..to];
            foreach (var match in Util.FindNumbers(window, context.PhoneRegion, PhoneNumberUtil.Leniency.VALID, long.MaxValue))
            {
                var start = from + match.Start;
                // Digits glued to a code ("WEB-338812") or written as a date ("02.11.2026") are no phone number.
                if (start > 0 && (char.IsLetter(text[start - 1])
                    || (text[start - 1] is '-' or '#' or '/' && start > 1 && char.IsLetterOrDigit(text[start - 2]))))
                    continue;
                if (DottedDate().IsMatch(match.RawString) || match.RawString.Count(char.IsAsciiDigit) < MinDigits) continue;   // "um 16.45" is a time
                var e164 = Util.Format(match.Number, PhoneNumberFormat.E164);
                yield return new Entity("phonenumber", match.RawString, start, start + match.RawString.Length - 1, new Dictionary<string, object?>
                {
                    ["score"] = "1",
                    ["value"] = match.RawString,
                    ["e164"] = e164,
                });
            }
        }
    }

    /// Where a phone number can be: each run of digits and the characters numbers are written with ("+49 (0)171/234-56 78")
    /// that holds at least <see cref="MinDigits"/> digits, with a few characters either side for libphonenumber's own
    /// checks of the context (a letter glued to the digits, a time stamp's ":45"); overlapping windows are merged.
    /// libphonenumber parses every group of digits it meets and throws for each that is no number: on the whole text,
    /// "um 15 Uhr, 2 Artikel für 19,90 €" made phone numbers 7.8 µs of a DM's 50 (2.7 with the windows), and the
    /// exceptions a fifth of the CPU samples of a 10,000-line `recognize --jsonl`.
    static IEnumerable<(int From, int To)> Windows(string text)
    {
        const int Before = 2, After = 3;
        int windowFrom = -1, windowTo = -1;
        for (var i = 0; i < text.Length;)
        {
            if (!char.IsAsciiDigit(text[i]) && text[i] is not ('+' or '(')) { i++; continue; }
            var start = i;
            var digits = 0;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || char.IsWhiteSpace(text[i]) || text[i] is '+' or '(' or ')' or '.' or '/' or '-'
                       || char.GetUnicodeCategory(text[i]) == System.Globalization.UnicodeCategory.DashPunctuation))
                if (char.IsAsciiDigit(text[i++])) digits++;
            if (digits < MinDigits) continue;
            int from = Math.Max(0, start - Before), to = Math.Min(text.Length, i + After);
            if (windowTo >= from) { windowTo = to; continue; }
            if (windowTo >= 0) yield return (windowFrom, windowTo);
            (windowFrom, windowTo) = (from, to);
        }
        if (windowTo >= 0) yield return (windowFrom, windowTo);
    }
}

/// Order numbers: a token of letters and at least three digits that a DM names as an order ("order A-7731",
/// "Bestellnummer 20-55123", "tilausnumero A-1234") or a booking ("booking number SW-12345", "Buchungsnummer 48213", "varausnumero …"), one written with a hash ("#448120"), or one of the usual shapes
/// on its own (a letter prefix and digits: "A-7731", "SO-1001"). The value is the token without the hash. Found before
/// numbers and dates, so its digits are no quantity.
public sealed partial class OrderNumberRecognizer : IEntityRecognizer
{
    // After a word for an order (order, order no., Bestellung, Bestellnummer, Auftrag, tilaus, tilausnumero …), with
    // "number", "is", ":" and the like between.
    [GeneratedRegex(
        @"(?:\b(?:orders?|order-?(?:no|nr|number|id)|bestellung(?:en)?|bestell-?(?:nummer|nr)|auftrag(?:s-?nummer)?" +
        @"|tilaus\w*|tilauksen\w*|tilaukse\w*)\b|\bbest\.-?nr\.?)" +
        @"(?:\s*(?:no\.?|nr\.?|number|nummer|numero|num|id|ref|reference|#(?=\s)|is|was|ist|war|on|oli|:|-|,|\.))*" +
        @"\s*(?<token>#?[A-Za-z0-9][A-Za-z0-9/-]{2,23})",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Named();

    // A booking's number, for a flow that asks one (QA round 17: a language school's "booking number 48213" and
    // "Buchungsnummer 48213" were passed over, where "order 48213" is told it is not one of the shop's). Only with a word
    // for the number or nothing between: "booking on 12/05", "my reservation on 24/12", "Buchung 2026" and "varausmaksu
    // on 2500 euroa" name a date, a year and a fee (a review).
    [GeneratedRegex(
        @"\b(?:bookings?|booking-?(?:no|nr|number|id|ref)|reservations?|reservation-?(?:no|nr|number)|confirmation-?(?:no|nr|number|code)" +
        @"|buchung|buchungs-?(?:nummer|nr)|reservierung|reservierungs-?(?:nummer|nr)|varaus|varausnumero|varausnro|varaustunnus|varauksen(?:\s+numero)?)\b" +
        @"(?:\s*(?:no\.?|nr\.?|number|nummer|numero|num|id|ref|reference|#(?=\s)|:|-|\.|is|ist|lautet))*" +
        @"\s*(?<token>#?[A-Za-z0-9][A-Za-z0-9-]{2,23})(?![/.,]\d)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NamedBooking();

    [GeneratedRegex(@"^(?:19|20)\d\d$")]
    private static partial Regex Year();

    // A hash and digits ("#448120", "#B7731", "#91-4470"), a short letter prefix, a dash and digits ("A-7731", "so-1001",
    // "WEB-338812", "SO-2026-11842"), or capitals and digits ("AB12345").
    [GeneratedRegex(
        @"(?<![\w#/-])(?<token>#[A-Za-z]{0,4}-?\d[\d-]{2,14}|[A-Za-z]{1,4}(?:-\d{2,6})?-\d{3,10}|[A-Z]{1,3}\d{4,10})(?![\w/-])",
        RegexOptions.CultureInvariant)]
    private static partial Regex Shaped();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDay();

    // The next of a list: "order 5521009 and 5521010", "300145 und 300146", "A-1 ja A-2".
    [GeneratedRegex(
        @"\G\s*(?:,|&|\band\b|\bund\b|\bja\b|\bor\b|\boder\b|\btai\b)\s*(?<token>#?[A-Za-z0-9][A-Za-z0-9/-]{2,23})",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Next();

    public IEnumerable<Entity> Recognize(string text, RecognitionContext context)
    {
        var seen = new HashSet<int>();
        var found = new List<Entity>();
        var bookings = NamedBooking().Matches(text).Where(m => !Year().IsMatch(m.Groups["token"].Value.TrimStart('#')));
        foreach (var m in Named().Matches(text).Concat(bookings).Concat(Shaped().Matches(text)))
            if (Read(m.Groups["token"], seen) is { } first)
            {
                found.Add(first);
                // Tokens of the same shape listed after it are order numbers too.
                for (var next = Next().Match(text, first.End + 1); next.Success; next = Next().Match(text, next.Index + next.Length))
                {
                    if (Shape(next.Groups["token"].Value) != Shape(m.Groups["token"].Value) || Read(next.Groups["token"], seen) is not { } listed) break;
                    found.Add(listed);
                }
            }
        return found;
    }

    Entity? Read(Group token, HashSet<int> seen)
    {
        var value = token.Value.TrimStart('#').TrimEnd('-', '/');
        if (value.Count(char.IsAsciiDigit) < 3 || IsoDay().IsMatch(value) || !seen.Add(token.Index)) return null;
        var shown = token.Value[..(token.Value.Length - (token.Value.TrimStart('#').Length - value.Length))];
        return new Entity("ordernumber", shown, token.Index, token.Index + shown.Length - 1, new Dictionary<string, object?> { ["value"] = value });
    }

    /// Letters as A, digits as 9, the rest as is: "A-7731" and "B-1020" share a shape, "A-7731" and "2 pieces" do not.
    static string Shape(string token) =>
        new(token.TrimStart('#').Select(c => char.IsAsciiLetter(c) ? 'A' : char.IsAsciiDigit(c) ? '9' : c).ToArray());
}
