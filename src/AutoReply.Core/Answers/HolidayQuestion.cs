using System.Text.RegularExpressions;
using AutoReply.Core.Library;

namespace AutoReply.Core.Answers;

/// A question about a holiday ("ootteko auki juhannuksena", "are you open on Easter Monday?", "Habt ihr an Heiligabend
/// offen?") is answered by an answer of hours (its replies state clock times) only when its replies speak of that holiday,
/// or of holidays at all: weekly opening hours say nothing of Midsummer (QA round 54: "ootteko auki juhannuksena" got the
/// hours, judged 0.96; the tuned rounds hold more of the kind, "Onko myymälä auki itsenäisyyspäivänä?"). A wrong "we're open
/// 10–20" on a day the shop is shut is worse than a person's reply. The replies may name the holiday by its date ("closed 24–26 December" answers Christmas).
static class HolidayQuestion
{
    /// The holiday the DM names that <paramref name="answer"/>'s replies in <paramref name="language"/> do not cover, or null.
    public static string? Unstated(string text, Answer answer, string language)
    {
        var folded = Matching.TextFolding.Fold(text);
        return AsksOpen.IsMatch(folded) ? NamedDetail.Unstated(folded, Holidays, answer, language, AnyHoliday) : null;
    }

    const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;

    /// Whether a DM asks whether, or when, the brand is open or at work, folded: "are you open", "opening hours", "closed",
    /// "habt ihr … auf", "geöffnet", "ootteko auki", "aukioloajat", "kiinni". Not "christmas gift cards": a holiday named
    /// beside another topic is no question of the hours.
    static readonly Regex AsksOpen = new(
        @"\b(?:open\w*|closed?|closing|hours|working|offen|geoffnet|geschlossen|offnungszeit\w*|aufhaben|erreichbar|arbeitet|zu haben)\b" +
        @"|\b(?:habt|hat|haben|ist|seid|sind)\b[^.?!]{0,40}\bauf\b|\b(?:auki|kiinni|avoinna|suljettu|aukiolo\w*|auke\w*|aukea\w*|sulje\w*|toissa|paivysta\w*)\b",
        Options);

    /// Holidays at all, folded: a reply with one ("closed on public holidays", "an Feiertagen geschlossen", "pyhäpäivinä
    /// suljettu") speaks to every holiday question.
    static readonly Regex AnyHoliday = new(
        @"\b(?:public holidays?|bank holidays?|holidays|feiertag\w*|pyhapaiv\w*|pyhina|pyhisin|arkipyh\w*|juhlapyh\w*|juhlapaiv\w*)\b", Options);

    /// A span from a day late in December into January ("24.12.–2.1.", "Dec 23 – Jan 6"), folded: it holds both eves.
    const string DecemberIntoJanuary = @"|\b2\d\.?\s*(?:12\.?|dec\w*|dez\w*)\s*[-–]\s*(?:[1-9]\.?\s*(?:1\b|jan\w*|tammi\w*)|jan\w*\s*[1-9]\b)";

    /// Each holiday: what names it in a DM, and what in a reply speaks of it (its names in en/de/fi, or its dates).
    static readonly (string Name, Regex Asked, Regex Stated)[] Holidays =
    [
        // The eves first, which the first holiday named decides: hours closed "25–26 December" or on "New Year's Day" say
        // nothing of the day before (the session-50 review). A date alone names its holiday ("the 24th of december").
        ("christmas eve",
            new(@"\b(?:christmas eve|xmas eve|x-mas eve|heiligabend|heilig abend|heiligen abend|jouluaat\w*)\b" +
                @"|\b24(?:th|st)?(?:\.\s*|\s+)(?:of\s+)?(?:12\b|dec\w*|dez\w*|joulukuu\w*)|\b(?:dec\w*|dez\w*)\s*24(?:th)?\b", Options),
            new(@"\b(?:christmas eve|xmas eve|heiligabend|heiligen abend|jouluaat\w*|over christmas|uber weihnachten|joulun aikana)\b|\b24\.?\s*(?:[-–]\s*(?:2[5-9]|3[01])\.?\s*)?(?:12\b|dec\w*|dez\w*|joulu\w*)" +
                @"|\b(?:dec\w*|dez\w*)\s*24\b|\b2[0-3]\.?\s*(?:12\.?\s*)?[-–]\s*(?:2[4-9]|3[01])\.?\s*(?:12\b|dec\w*|dez\w*)" + DecemberIntoJanuary, Options)),
        ("new year's eve",
            new(@"\b(?:new year'?s? eve|new years eve|nye|silvester|uudenvuodenaat\w*)\b" +
                @"|\b31(?:st)?(?:\.\s*|\s+)(?:of\s+)?(?:12\b|dec\w*|dez\w*|joulukuu\w*)|\b(?:dec\w*|dez\w*)\s*31(?:st)?\b", Options),
            new(@"\b(?:new year'?s? eve|new years eve|silvester|uudenvuodenaat\w*)\b|\b31\.?\s*(?:12\b|dec\w*|dez\w*|joulu\w*)|\b(?:dec\w*|dez\w*)\s*31\b" +
                @"|\b2\d\.?\s*(?:12\.?\s*)?[-–]\s*31\.?\s*(?:12\b|dec\w*|dez\w*)" + DecemberIntoJanuary, Options)),
        ("christmas",
            new(@"\b(?:christmas|xmas|x-mas|boxing day|weihnacht\w*|heiligabend|heilig abend|joulu\w*|tapaninpaiva\w*|tapanina)\b" +
                @"|\b2[56](?:th)?(?:\.\s*|\s+)(?:of\s+)?(?:12\b|dec\w*|dez\w*|joulukuu\w*)|\b(?:dec\w*|dez\w*)\s*2[56](?:th)?\b", Options),
            new(@"\b(?:christmas|xmas|boxing day|weihnacht\w*|heiligabend|joulu\w*|tapani\w*)\b|\b2[456]\.?\s*(?:[-–]\s*2[56]\.?\s*)?(?:12\b|dec\w*|dez\w*)|\b(?:dec\w*|dez\w*)\s*2[456]\b", Options)),
        ("new year",
            new(@"\b(?:new year'?s?(?: day)?|neujahr\w*|uusivuosi|uudenvuoden\w*|uutenavuotena)\b" +
                @"|\b1(?:st)?(?:\.\s*1\.|(?:\.\s*|\s+)(?:of\s+)?(?:jan\w*|tammikuu\w*))|\bjan\w*\s*1(?:st)?\b", Options),
            new(@"\b(?:new year\w*|silvester|neujahr\w*|uusivuosi|uudenvuod\w*|uudenvuoden\w*)\b|\b(?:1\.\s*1\b|31\.\s*12\b)|\b(?:1|31)\.?\s*(?:jan\w*|dec\w*|dez\w*|tammi\w*)|\b(?:jan\w*|dec\w*)\s*(?:1|31)\b", Options)),
        ("easter",
            new(@"\b(?:easter|good friday|oster\w*|karfreitag|karsamstag|paasiai\w*|pitkaperjantai\w*|pitkanaperjantaina)\b", Options),
            new(@"\b(?:easter|good friday|oster\w*|karfreitag|paasiai\w*|pitkaperjantai\w*)\b", Options)),
        ("midsummer",
            new(@"\b(?:midsummer|juhannu\w*|mittsommer\w*)\b", Options),
            new(@"\b(?:midsummer|juhannu\w*|mittsommer\w*)\b", Options)),
        ("may day",
            new(@"\b(?:may day|vappu\w*|vapun\w*|vappuna|tag der arbeit|erste(?:n|r)? mai)\b", Options),
            new(@"\b(?:may day|vappu\w*|vapun\w*|tag der arbeit)\b|\b1\.\s*(?:5\b|mai\b)|\bmay 1\b", Options)),
        ("independence day",
            new(@"\b(?:independence day|itsenaisyyspaiva\w*)\b", Options),
            new(@"\b(?:independence day|itsenaisyyspaiva\w*)\b|\b6\.\s*12\b|\b6\.?\s*(?:dec\w*|dez\w*)", Options)),
        ("ascension day",
            new(@"\b(?:ascension(?: day)?|himmelfahrt\w*|helatorstai\w*)\b", Options),
            new(@"\b(?:ascension|himmelfahrt\w*|helatorstai\w*)\b", Options)),
        ("whitsun",
            new(@"\b(?:whitsun\w*|whit (?:monday|sunday)|pentecost|pfingst\w*|helluntai\w*)\b", Options),
            new(@"\b(?:whitsun\w*|whit (?:monday|sunday)|pentecost|pfingst\w*|helluntai\w*)\b", Options)),
        ("corpus christi",
            new(@"\b(?:corpus christi|fronleichnam)\b", Options),
            new(@"\b(?:corpus christi|fronleichnam)\b", Options)),
        ("a holiday",
            new(@"\b(?:public holidays?|bank holidays?|feiertag\w*|bruckentag\w*|pyhapaiv\w*|pyhina|pyhisin|arkipyh\w*|juhlapyh\w*)\b", Options),
            AnyHoliday),
    ];
}
