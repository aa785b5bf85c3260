using System.Text.RegularExpressions;

namespace AutoReply.Core.Privacy;

/// Takes what identifies a person out of a DM before its words become library examples: e-mail addresses, links,
/// @handles, anything with three or more digits (order and phone numbers, postcodes, amounts), masked payment details
/// and the sender's own name. What is left is how they asked, which is all an example needs.
public static partial class PersonalData
{
    public static string Strip(string text, string? senderName = null)
    {
        var t = PaymentData.Mask(text).Text;
        t = Email().Replace(t, " ");
        t = Link().Replace(t, " ");
        t = Handle().Replace(t, " ");
        t = Digits().Replace(t, " ");
        t = Masked().Replace(t, " ");
        foreach (var part in (senderName ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => p.Length >= 2))
            t = Regex.Replace(t, $@"\b{Regex.Escape(part)}\b", " ", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return Spaces().Replace(t, " ").Trim(' ', ',', ';', ':', '-');
    }

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:https?://|www\.)\S+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"(?<!\w)@\w+", RegexOptions.CultureInvariant)]
    private static partial Regex Handle();

    /// A token holding three digits or more, with the letters and separators around them ("A-7731", "+49 151 2345678").
    [GeneratedRegex(@"[\w+#/-]*\d[\d\s/().-]*\d[\d\s/().-]*\d[\w/-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();

    [GeneratedRegex(@"\S*•\S*", RegexOptions.CultureInvariant)]
    private static partial Regex Masked();

    [GeneratedRegex(@"\s{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
