using System.Text;
using System.Text.RegularExpressions;

namespace AutoReply.Core.Privacy;

/// Card numbers and IBANs, found and masked before a DM is stored, logged, shown, matched or exported: payment data
/// has no place in a chat record (PCI DSS forbids keeping a full card number where it is not protected as such, and a
/// transcript is read by every agent). What is kept is the last four characters, so a person can still tell the
/// customer which card or account they meant.
/// A card number is 13–19 digits starting with 2–6 (the networks' ranges: Visa, Mastercard, Amex, Maestro, UnionPay,
/// JCB, Discover), written together or in groups separated by up to three spaces (any kind, line breaks too), hyphens,
/// dashes, dots or slashes ("4111.1111.1111.1111", "4111 - 1111 - …"), not after a "+" (a phone number), that passes the
/// Luhn check. An expiry date and a security code written after it are masked whole, and so is a security code named
/// anywhere ("my CVV is 123", "Prüfziffer 123"): PCI DSS allows no one to keep a card's security code at all; an IBAN is a country code of an IBAN country, two check digits and the country's length of
/// letters and digits (groups of four separated by single spaces allowed, any case) that passes the mod-97 check.
/// A random number of card length passes Luhn one time in ten: a long order number can be masked too, the safer mistake.
public static partial class PaymentData
{
    public const char MaskCharacter = '•';

    /// The text with every card number and IBAN masked, and whether anything was.
    public static (string Text, bool Masked) Mask(string text)
    {
        if (string.IsNullOrEmpty(text)) return (text, false);
        char[]? masked = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (!StartsToken(text, i)) continue;
            var card = char.IsAsciiDigit(text[i]);
            var end = card ? CardEnd(text, i) : IbanEnd(text, i);
            if (end < 0) continue;
            masked ??= text.ToCharArray();
            MaskSpan(masked, i, end);
            if (card && CardDetails().Match(text, end) is { Success: true } details)
            {
                foreach (var group in new[] { details.Groups["expiry"], details.Groups["code"] })
                    if (group.Success) MaskAll(masked, group.Index, group.Index + group.Length);
                end = details.Index + details.Length;
            }
            i = end - 1;
        }
        foreach (Match code in NamedCode().Matches(text))
        {
            masked ??= text.ToCharArray();
            var digits = code.Groups["code"];
            MaskAll(masked, digits.Index, digits.Index + digits.Length);
        }
        return masked is null ? (text, false) : (new string(masked), true);
    }

    /// Right after a card number: its expiry ("12/27", "exp 12/2027") and then its security code ("123", "cvv 123"), each
    /// optional, with the words customers put before them.
    [GeneratedRegex(
        @"\G(?:[\s,;:(]*(?:exp(?:iry|ires|\.)?|valid(?: thru| until)?|gültig(?: bis)?|ablauf(?:datum)?|voimassa(?:olo)?|bis)?[\s:.]*" +
        @"(?<expiry>(?:0?[1-9]|1[0-2])\s?[/.-]\s?(?:20)?\d{2})(?!\d))?" +
        @"(?:[\s,;:(]*(?:cvv2?|cvc2?|csc|cid|security code|sicherheitscode|prüfziffer|prüfnummer|turvakoodi|tarkistenumero)?[\s:.]*" +
        @"(?<code>\d{3,4})(?![\d/.-]\d))?", RegexOptions.IgnoreCase)]
    private static partial Regex CardDetails();

    /// A security code named as one, anywhere: "my cvv is 123", "CVC: 4321", "Prüfziffer 123", "turvakoodi on 123".
    [GeneratedRegex(
        @"\b(?:cvv2?|cvc2?|csc|security code|card code|sicherheitscode|kartenprüfnummer|prüfziffer|prüfnummer|turvakoodi|tarkistenumero)\b" +
        @"(?:[\s\-]*(?:number|nummer|code|koodi|no\.?))?[\s:=\-]*(?:(?:is|ist|lautet|on)\b[\s:]*)?(?<code>\d{3,4})(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex NamedCode();

    /// Every letter and digit becomes the mask character.
    static void MaskAll(char[] text, int start, int end)
    {
        for (var i = start; i < end; i++)
            if (char.IsAsciiLetterOrDigit(text[i])) text[i] = MaskCharacter;
    }

    /// A number or an IBAN starts here: not in the middle of a word or a number.
    static bool StartsToken(string text, int i) =>
        char.IsAsciiLetterOrDigit(text[i]) && (i == 0 || !char.IsAsciiLetterOrDigit(text[i - 1]));

    /// The end (exclusive) of a Luhn-valid card number of 13–19 digits starting at <paramref name="start"/>, or -1.
    /// The digits run on in groups (up to three separators between them); the card is the longest run of whole groups that
    /// passes, so a CVV or an expiry written after it ("4111 1111 1111 1111 123", "… 1111 12/27") does not hide it.
    static int CardEnd(string text, int start)
    {
        if (text[start] is < '2' or > '6' || (start > 0 && text[start - 1] == '+')) return -1;
        var digits = new List<int>(24);
        var groupEnds = new List<(int Digits, int End)>();
        var i = start;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            digits.Add(text[i] - '0');
            i++;
            if (i >= text.Length || !char.IsAsciiDigit(text[i])) groupEnds.Add((digits.Count, i));
            // Up to three separators between groups (spaces of any kind, line breaks, hyphens, dashes, dots, slashes),
            // followed by a digit, continue the number.
            var gap = 0;
            while (gap < 3 && i + gap < text.Length && IsSeparator(text[i + gap])) gap++;
            if (gap > 0 && i + gap < text.Length && char.IsAsciiDigit(text[i + gap])) i += gap;
        }
        if (i < text.Length && char.IsAsciiLetter(text[i]) && groupEnds.Count == 1) return -1;   // "4111…1111abc" is a word, not a number
        for (var g = groupEnds.Count - 1; g >= 0; g--)
        {
            var (count, end) = groupEnds[g];
            if (count is < 13 or > 19 || !Luhn(digits.GetRange(0, count))) continue;
            // A card of 13–16 digits with a code of 3–4 after it passes as one number of 17–19 one time in ten: the card is
            // the run without that last group, so the code is masked whole after it rather than kept as the "last four".
            if (count > 16 && g > 0 && groupEnds[g - 1] is var (shorter, shorterEnd) && shorter is >= 13 and <= 16 && count - shorter is 3 or 4
                && Luhn(digits.GetRange(0, shorter))) return shorterEnd;
            return end;
        }
        return -1;
    }

    static bool IsSeparator(char c) => c is ' ' or '\u00A0' or '\u202F' or '\u2009' or '\t' or '\n' or '\r' or '-' or '–' or '.' or '/';

    static bool Luhn(List<int> digits)
    {
        var sum = 0;
        for (var k = 0; k < digits.Count; k++)
        {
            var d = digits[digits.Count - 1 - k];
            if (k % 2 == 1)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /// The end (exclusive) of a valid IBAN starting at <paramref name="start"/>, or -1.
    static int IbanEnd(string text, int start)
    {
        if (start + 4 > text.Length || !char.IsAsciiLetter(text[start]) || !char.IsAsciiLetter(text[start + 1])
            || !char.IsAsciiDigit(text[start + 2]) || !char.IsAsciiDigit(text[start + 3])) return -1;
        var country = text.Substring(start, 2).ToUpperInvariant();
        if (!Lengths.TryGetValue(country, out var length)) return -1;
        var compact = new StringBuilder(length);
        var i = start;
        while (i < text.Length && compact.Length < length)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c)) compact.Append(char.ToUpperInvariant(c));
            else if (c != ' ' || i + 1 >= text.Length || !char.IsAsciiLetterOrDigit(text[i + 1]) || compact.Length % 4 != 0) break;
            i++;
        }
        if (compact.Length != length) return -1;
        if (i < text.Length && char.IsAsciiLetterOrDigit(text[i])) return -1;   // runs on: not this IBAN
        return Mod97(compact.ToString()) == 1 ? i : -1;
    }

    /// ISO 13616: the first four characters moved to the end, letters as 10–35, the whole number modulo 97.
    static int Mod97(string iban)
    {
        var rearranged = iban[4..] + iban[..4];
        var remainder = 0;
        foreach (var c in rearranged)
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
        }
        return remainder;
    }

    /// Every letter and digit but the last four becomes the mask character; spaces and hyphens stay.
    static void MaskSpan(char[] text, int start, int end)
    {
        var kept = 0;
        for (var i = end - 1; i >= start; i--)
        {
            if (!char.IsAsciiLetterOrDigit(text[i])) continue;
            if (kept < 4) kept++;
            else text[i] = MaskCharacter;
        }
    }

    /// IBAN lengths of the EU and EEA countries, Switzerland and the United Kingdom (ECBS/SWIFT IBAN registry).
    static readonly Dictionary<string, int> Lengths = new()
    {
        ["AT"] = 20, ["BE"] = 16, ["BG"] = 22, ["HR"] = 21, ["CY"] = 28, ["CZ"] = 24, ["DK"] = 18, ["EE"] = 20, ["FI"] = 18, ["FR"] = 27,
        ["DE"] = 22, ["GR"] = 27, ["HU"] = 28, ["IE"] = 22, ["IT"] = 27, ["LV"] = 21, ["LT"] = 20, ["LU"] = 20, ["MT"] = 31, ["NL"] = 18,
        ["PL"] = 28, ["PT"] = 25, ["RO"] = 24, ["SK"] = 24, ["SI"] = 19, ["ES"] = 24, ["SE"] = 24,
        ["IS"] = 26, ["LI"] = 21, ["NO"] = 15, ["CH"] = 21, ["GB"] = 22, ["AX"] = 18, ["MC"] = 27, ["SM"] = 27,
    };
}
