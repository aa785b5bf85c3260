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
        Pattern().Matches(text).Select(m => new Entity("email", m.Value, m.Index, m.Index + m.Length - 1, new Dictionary<string, object?> { ["value"] = m.Value }));
}

/// Web addresses, with or without a scheme ("www.shop.de/returns", "https://…").
public sealed partial class UrlRecognizer : IEntityRecognizer
{
    [GeneratedRegex(@"(?<![\w@./-])((https?://|www\.)[^\s<>""]+|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.(com|de|net|org|io|fi|at|ch|eu|co\.uk|shop)(/[^\s<>""]*)?)(?<![.,!?;:)])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
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
public sealed class PhoneRecognizer : IEntityRecognizer
{
    static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public IEnumerable<Entity> Recognize(string text, RecognitionContext context)
    {
        foreach (var match in Util.FindNumbers(text, context.PhoneRegion, PhoneNumberUtil.Leniency.VALID, long.MaxValue))
        {
            var e164 = Util.Format(match.Number, PhoneNumberFormat.E164);
            yield return new Entity("phonenumber", match.RawString, match.Start, match.Start + match.RawString.Length - 1, new Dictionary<string, object?>
            {
                ["score"] = "1",
                ["value"] = match.RawString,
                ["e164"] = e164,
            });
        }
    }
}
