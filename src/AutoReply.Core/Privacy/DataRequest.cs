using System.Text.RegularExpressions;
using AutoReply.Core.Matching;

namespace AutoReply.Core.Privacy;

/// Whether a DM asks the brand to erase the customer's personal data or to say what it holds about them (GDPR articles
/// 15 and 17): "please delete all my data", "Bitte löscht alle meine Daten", "poistakaa tietoni", "what data do you have
/// on me", "Auskunft über meine Daten". Such a request must reach a person whatever else the DM holds: the bot cannot act
/// on it, and a stop in the same DM ("…und schreibt mir nicht mehr") used to be all that was done (QA round 25).
/// The frames need the customer's own data named (my data, meine Daten, tietoni): "delete my order" or "delete the
/// photo I sent" is a question for the library. Text is matched case- and accent-folded (the patterns are written folded).
public static class DataRequest
{
    const string Options = "(?:personal \\s |personenbezogenen \\s |persoenlichen \\s |personlichen \\s |kompletten \\s |gespeicherten \\s )?";

    static readonly Regex[] Frames = Compiled(
        // English: "delete my data", "erase all my personal information", "remove my details from your system"
        $@"\b (?:delete|erase|remove|wipe|purge|destroy) \s (?:\w+ \s){{0,3}}? (?:my|all \s my|all \s of \s my|any \s of \s my) \s {Options}" +
            @"(?:data|information|info|details|records|personal \s data)\b",
        // "I want my data deleted", "my personal information must be erased"
        $@"\b my \s {Options}(?:data|information|info|details|records) \s (?:\w+ \s){{0,3}}(?:deleted|erased|removed|wiped)\b",
        @"\b right \s to \s (?:be \s forgotten|erasure|access) \b | \b (?:data \s )?subject \s access \s request \b | \b dsar \b" +
            @" | \b gdpr \s (?:request|deletion|erasure|access) \b",
        @"\b what \s (?:personal \s )?(?:data|information|info) \s (?:do \s you|you|does \s your \s (?:company|shop|store)) \s (?:\w+ \s)?" +
            @"(?:have|hold|store|keep|collect|save)\w* \s (?:on|about|of) \s me \b",
        @"\b (?:copy|export) \s of \s (?:all \s )?(?:my|the) \s (?:personal \s )?data \s (?:\w+ \s){0,3}(?:have|hold|store|keep)",
        @"\b (?:copy|export) \s of \s (?:all \s )?my \s (?:personal \s )?data \b",

        // German: "bitte löscht alle meine Daten", "löschen Sie sämtliche gespeicherten Daten"
        $@"\b (?:losch|losche|loscht|loschen|loschen \s sie|entfernt|entfernen \s sie) \s (?:\w+ \s){{0,3}}?" +
            $@"(?:meine|alle \s meine|samtliche|alle|die \s von \s mir) \s (?:\w+ \s)?{Options}(?:daten|informationen|kundendaten)\b",
        // "meine Daten löschen", "dass meine Daten gelöscht werden"
        $@"\b (?:meine|alle \s meine|samtliche \s meine) \s {Options}(?:daten|kundendaten|informationen) \s (?:\w+ \s){{0,4}}(?:losch\w*|geloscht|entfern\w*)",
        @"\b loschung \s (?:aller \s |samtlicher \s )?(?:meiner \s )?(?:personenbezogenen \s |gespeicherten \s |persoenlichen \s |personlichen \s )?daten \b" +
            @" | \b datenloschung \b | \b recht \s auf \s (?:vergessenwerden|vergessen \s werden|loschung|auskunft) \b",
        @"\b (?:auskunft|datenauskunft) \s (?:\w+ \s){0,2}(?:uber|zu) \s (?:die \s |alle \s )?(?:meine \s |mich \s )?(?:gespeicherten \s |personenbezogenen \s )?daten \b" +
            @" | \b dsgvo[- ]?(?:auskunft|anfrage|antrag|loschung) \b",
        @"\b welche \s (?:\w+ \s)?daten \s (?:habt|haben|speichert|speichern) \s (?:ihr|sie) \s (?:\w+ \s){0,2}(?:uber \s mich|von \s mir|zu \s mir) \b",

        // Finnish: "poistakaa tietoni", "poista kaikki mun tiedot", "tietojeni poisto"
        @"\b poista\w* \s (?:\w+ \s){0,3}? (?:tietoni|tietojani|henkilotietoni|henkilotietojani|(?:minun|mun|kaikki \s minun|kaikki \s mun|kaikki) \s (?:henkilo)?tiedot)\b",
        @"\b (?:tietoni|henkilotietoni|(?:minun|mun) \s (?:henkilo)?tiedot) \s (?:\w+ \s){0,3}(?:poist\w*|pois)\b",
        @"\b (?:tietojeni|henkilotietojeni) \s (?:poisto|poistaminen|poistamista|luovutus) \b | \b oikeus \s tulla \s unohdetuksi \b",
        @"\b mita \s (?:\w+ \s)?tietoja \s (?:teilla \s on|te \s (?:sailytatte|keraatte|tallennatte)) \s (?:\w+ \s)?(?:minusta|musta) \b");

    /// Cheap words one of the frames needs: most DMs hold none of them, and no frame is tried.
    static readonly Regex Cue = new(@"\b(?:delete|erase|remove|wipe|purge|destroy|deleted|erased|removed|wiped|forgotten|erasure|dsar|gdpr|data|copy|export" +
        @"|losch\w*|geloscht|entfern\w*|datenloschung|auskunft|datenauskunft|dsgvo\w*|vergessenwerden|daten" +
        @"|poist\w*|tietoni|tietojeni|henkilotie\w*|unohdetuksi|tietoja)\b", RegexOptions.CultureInvariant);

    /// Whether <paramref name="text"/> asks for the customer's data to be erased or disclosed.
    public static bool IsAsked(string text)
    {
        if (text.Length > 1000) text = text[..1000];
        var folded = TextFolding.Fold(text);
        if (!Cue.IsMatch(folded)) return false;
        foreach (var frame in Frames)
            if (frame.IsMatch(folded)) return true;
        return false;
    }

    static Regex[] Compiled(params string[] patterns) =>
        patterns.Select(p => new Regex(p, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.Compiled)).ToArray();
}
