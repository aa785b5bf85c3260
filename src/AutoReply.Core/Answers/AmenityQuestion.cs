using System.Text.RegularExpressions;
using AutoReply.Core.Library;

namespace AutoReply.Core.Answers;

/// A question about an amenity of a place — parking, step-free access, Wi-Fi, toilets — is answered only by an answer whose
/// replies speak of it: an address and opening hours say nothing of parking. The tuned QA rounds answered "is there parking
/// near the haidhausen shop", "gibt es parkplätze in der nähe von der schule in leipzig?" and "is the tampere store wheelchair
/// accessible" with the store list (judged 0.76–0.93); a person, or an answer that names the amenity, is right.
static class AmenityQuestion
{
    /// The amenity the DM asks about that <paramref name="answer"/>'s replies in <paramref name="language"/> do not speak of,
    /// or null.
    public static string? Unstated(string text, Answer answer, string language) =>
        NamedDetail.Unstated(Matching.TextFolding.Fold(text), Amenities, answer, language);

    const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;

    const string Parking = @"park(?:ing|ed)?|car park|parkplatz\w*|parkplatze|parkhaus\w*|parken|parkmoglichkeit\w*|tiefgarage\w*" +
        @"|pysako\w*|pysakointi\w*|parkki\w*|parkkee\w*|parkkeer\w*|autopaik\w*|pyoraparkki\w*";
    const string StepFree = @"wheelchairs?|wheel chairs?|step[- ]free|barrier[- ]free|disabled access|accessible(?! by| with| from| via| on)|accessibility" +
        @"|barrierefrei\w*|rollstuhl\w*|rollator\w*|behindertengerecht\w*|esteeton\w*|esteettom\w*|esteettomyys|pyoratuoli\w*|rollaattori\w*";
    const string WiFi = @"wifi|wi-fi|wi fi|wlan|wifia|wifii";
    const string Toilets = @"toilets?|restrooms?|toilette\w*|wc|vessa\w*";

    /// Asking whether a place has it: "is there", "do you have", "gibt es", "habt ihr", "onko", a few words before it.
    const string IsThere = @"\b(?:is there|are there|do you have|have you got|got|any|gibt es|gibts|habt ihr|hat (?:die|der|das)|onko|onks|loytyyko|loytyyks)\b(?:\s+\w+){0,4}?\s+";

    /// Each amenity: what asks about it in a DM (folded), and what speaks of it in a reply. Parking and step-free access
    /// are asked in any words ("where can we park", "is the shop wheelchair accessible"); Wi-Fi and toilets only as a
    /// place's ("is there wifi", "gibt es eine Toilette"): a plumber's "my toilet keeps running" or a telecom's "my wifi is
    /// slow" asks of something else.
    static readonly (string Name, Regex Asked, Regex Stated)[] Amenities =
    [
        ("parking", new($@"\b(?:{Parking})\b", Options), new($@"\b(?:{Parking})\b", Options)),
        ("step-free access", new($@"\b(?:{StepFree})\b", Options), new($@"\b(?:{StepFree}|lift|elevator|aufzug|fahrstuhl|hissi\w*|ramp\w*|rampe\w*|luiska\w*)\b", Options)),
        ("wi-fi", new($@"{IsThere}(?:{WiFi})\b", Options), new($@"\b(?:{WiFi}|internet)\b", Options)),
        ("toilets", new($@"{IsThere}(?:an? |eine? |any )?(?:{Toilets})\b", Options), new($@"\b(?:{Toilets})\b", Options)),
    ];
}

/// A detail a DM names — a holiday, an amenity — that no reply of the answer speaks of (<see cref="HolidayQuestion"/>,
/// <see cref="AmenityQuestion"/>).
static class NamedDetail
{
    /// The first of <paramref name="details"/> the folded DM asks about, when no reply of <paramref name="answer"/> in
    /// <paramref name="language"/> states it (or matches <paramref name="statesAll"/>, which speaks of them all); else null.
    public static string? Unstated(string folded, IReadOnlyList<(string Name, Regex Asked, Regex Stated)> details, Answer answer, string language,
        Regex? statesAll = null)
    {
        var named = details.FirstOrDefault(d => d.Asked.IsMatch(folded));
        if (named.Name is null) return null;
        return PromisePassed.RepliesIn(answer, language).Select(r => Matching.TextFolding.Fold(r.Source))
            .Any(r => named.Stated.IsMatch(r) || statesAll?.IsMatch(r) == true) ? null : named.Name;
    }
}
