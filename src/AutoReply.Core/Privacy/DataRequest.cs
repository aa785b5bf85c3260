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

    // What follows the data when it is the customer's own device's, not the brand's records: "wipe my data from the Kiox
    // display", "alle Daten vom Bordcomputer", "kaikki tiedot pyörätietokoneesta" (a review of session 37).
    const string NotOwnThing = @"(?! \s (?:from|off|on|in) \s (?:the|my|this|that|a) \b)(?! \s (?:vom|im|von \s (?:dem|der|meinem|meiner)|auf \s (?:dem|der|meinem|meiner)|aus \s (?:dem|der|meinem|meiner)))";

    // (nor asked whether it is allowed: "under gdpr are you allowed to remove my old address from the list", the review)
    const string Unnegated = @"(?!(?:nicht|nie|kein\w*|not|never|dont|don|cant|can|ei|ala|allowed|durfen|durft|darf|saako|saatteko)\b)";

    static readonly Regex[] Frames = Compiled(
        // English: "delete my data", "erase all my personal information", "delete my account and all data linked to it"
        $@"\b (?:delete|erase|remove|wipe|purge|destroy) \s (?:\w+ \s){{0,3}}? (?:my|all \s my|all \s of \s my|any \s of \s my) \s {Options}" +
            $@"(?:data|information|info|details|records|personal \s data)\b{NotOwnThing}",
        $@"\b (?:delete|erase|remove|wipe|purge) \s (?:\w+ \s){{0,4}}? (?:and|&) \s (?:all|any) \s (?:\w+ \s)?(?:data|information|details)\b{NotOwnThing}",
        // "I want my data deleted" (not "my data was deleted after the update": a request word comes first)
        $@"\b (?:want|wish|like|need|request|please|have|get) \s (?:\w+ \s)?my \s {Options}(?:data|information|info|details|records) \s" +
            @" (?:(?!was \b|were \b|got \b|has \b|is \b)\w+ \s){0,3}(?:deleted|erased|removed|wiped)\b",
        // "delete my email address and phone number from your records"
        @"\b (?:delete|erase|remove) \s (?:\w+ \s){0,2}? my \s (?:e-?mail|email \s address|phone \s number|number|address|contact \s details|account)\w*" +
            @" \s (?:\w+ \s){0,5}?(?:from|out \s of) \s (?:your|all \s your|the) \s (?:records|database|databases|system|systems|list|lists|files|mailing \s list)\b",
        @"\b right \s to \s (?:be \s forgotten|erasure|access) \b | \b (?:data \s )?subject \s access \s request \b | \b dsar \b" +
            @" | \b gdpr \s (?:request|deletion|erasure|access) \b | \b (?:erasure|deletion) \s of \s (?:all \s )?my \s (?:personal \s )?(?:data|information|details)\b",
        @"\b (?:what|which) \s (?:personal \s )?(?:data|information|info) \s (?:(?:do|did|does) \s (?:you|your \s \w+)|have \s you|are \s you|you) \s (?:\w+ \s)?" +
            @"(?:have|hold|store|keep|collect|save|stored|kept|collected|saved|holding|storing|keeping)\w* \s (?:\w+ \s)?(?:on|about|of) \s me \b",
        // "all data you have about me", "all personal data you have stored about me", "any information you still have on me":
        // what the brand holds, not what it goes on doing ("the data you collect about me", "where do you store the data you
        // gather about me?" ask about it: a review); not what is asked of it ("is all the information you have about me safe?")
        @"(?<!\b(?:is|are|was|were|keep|kept) \s)\b (?:all|any|the) \s (?:(?:of \s )?the \s )?(?:personal \s )?(?:data|information|info) \s (?:that \s )?" +
            @"(?:you|you've|youve|your \s \w+) \s (?:still \s |may \s )?(?:(?:have|hold|keep) \s)?" +
            @"(?:have|has|hold|holding|keep|store|stored|saved|collected|gathered|kept|held) \s (?:\w+ \s)?(?:on|about|of) \s me \b",
        // "erase everything you've collected on me", "please delete all the data you store about me": whatever the verb, after
        // a word that erases
        @"\b (?:delete|erase|remove|wipe|purge) \s (?:\w+ \s){0,2}? (?:all|any|the|everything) \s (?:\w+ \s){0,3}? (?:you|you've|youve) \s" +
            @" (?:\w+ \s){0,2}(?:on|about|of) \s me \b",
        @"\b (?:copy|export) \s of \s (?:all \s )?my \s (?:personal \s )?data \b",
        // The customer themselves taken out of the brand's records — "remove me from your database", "Löschen Sie mich aus
        // Ihrer Kundendatei", "poistakaa minut rekisteristänne" (a review of session 45: only the opt-out was done) — not
        // from a mailing list, which an opt-out is
        @"\b (?:delete|erase|remove) \s me \s (?:completely \s |entirely \s )?from \s (?:your|all \s your|the) \s (?:records|database|databases|system|systems|customer \s (?:database|records|files))\b",
        @"\b (?:losch\w*|entfern\w*) \s (?:sie \s |bitte \s )*mich \s (?:bitte \s |komplett \s |vollstandig \s )*aus \s (?:ihrer|eurer|der|ihren|euren|den) \s (?:kartei|datenbank|kundendatei|kundendatenbank|system|systemen)\b",
        @"\b poista\w* \s (?:\w+ \s)?minut \s (?:\w+ \s)?(?:asiakas)?(?:rekister\w*|jarjestelm\w*|tietokan\w*)",

        // German: "bitte löscht alle meine Daten", "löschen Sie sämtliche gespeicherten Daten", "meinen Account und alle Daten"
        $@"\b (?:losch|losche|loscht|loschen|loschen \s sie|entfernt|entfernen \s sie) \s (?:\w+ \s){{0,5}}?" +
            // (with where they are kept between: "alle meine bei Ihnen gespeicherten Daten", QA round 73)
            $@"(?:meine|alle \s meine|samtliche|alle|die \s von \s mir) \s (?:(?:bei|von) \s (?:ihnen|euch|dir|uns) \s)?(?:\w+ \s)?{Options}(?:daten|informationen|kundendaten)\b{NotOwnThing}",
        // an erasure with the law named: "alles löschen gemäß DSGVO", "delete everything under GDPR", "DSGVO: bitte alles entfernen";
        // within a sentence, with no negation between ("Laut DSGVO dürfen Sie meine Daten nicht einfach löschen"), and not
        // "entfernt" ("30 km entfernt" is a distance)
        $@"\b (?:losch\w*|entfernen|delete|erase|remove|poist\w*) \b (?:[\s,:–-]+ {Unnegated}\w+){{0,10}}? [\s,:–-]+ (?:dsgvo|ds-gvo|gdpr) \b" +
            $@" | \b (?:dsgvo|ds-gvo|gdpr) \b (?:[\s,:–-]+ {Unnegated}\w+){{0,10}}? [\s,:–-]+ (?:losch\w*|entfernen|delete|erase|remove|poist\w*) \b",
        // "meine Daten löschen", "dass meine Daten gelöscht werden" (not "meine Daten wurden gelöscht", "hab meine Daten gelöscht")
        $@"\b (?:meine|alle \s meine|samtliche \s meine) \s {Options}(?:daten|kundendaten|informationen) \s" +
            // (nor "… dürfen Sie meine Daten nicht einfach löschen": a review of session 45)
            @" (?:(?!wurden \b|wurde \b|sind \b|waren \b|ist \b|nicht \b|nie \b|kein\w* \b)\w+ \s){0,4}(?:losche\w*|loschen|loscht|entfernen|entfernt \s werden|geloscht \s (?:werden|haben|lassen))",
        @"\b (?:uber|von) \s mir \s (?:gespeichert\w*|erhoben\w*) \s (?:\w+ \s)?daten \s (?:\w+ \s){0,2}(?:losch\w*|entfern\w*|auskunft)",
        @"\b (?:losch\w*|entfern\w*) \s (?:\w+ \s){0,3}? meine \s (?:\w+ \s)?(?:nummer|e-?mail\w*|adresse|telefonnummer|handynummer)" +
            @" \s (?:\w+ \s){0,3}?aus \s (?:ihrer|eurer|der|ihren|euren|den) \s (?:kartei|datenbank|kundendatei|system|systemen|verteiler|listen?)\b",
        @"\b loschung \s (?:aller \s |samtlicher \s )?(?:meiner \s )?(?:personenbezogenen \s |gespeicherten \s |persoenlichen \s |personlichen \s )?daten \b" +
            // "die Löschung aller meiner bei Optik Sonnleitner gespeicherten Daten" (QA round 42), "Löschung meiner Kundendaten",
            // "die Löschung sämtlicher bei Ihnen gespeicherten Daten"
            @" | \b loschung \s (?:(?:aller|samtlicher) \s (?:meiner \s )?|meiner \s )(?:\w+ \s){0,4}?\w*daten \b" +
            @" | \b datenloschung \b | \b recht \s auf \s (?:vergessenwerden|vergessen \s werden|loschung|auskunft) \b",
        @"\b (?:auskunft|datenauskunft) \s (?:\w+ \s){0,2}(?:uber|zu) \s (?:die \s |alle \s )?(?:meine \s |mich \s )?(?:gespeicherten \s |personenbezogenen \s )?daten \b" +
            @" | \b ds-?gvo[- ]?(?:auskunft|anfrage|antrag|loschung) \b" +
            // "Auskunft, welche Daten Sie von mir verarbeiten"
            @" | \b auskunft \W+ (?:\w+ \W+){0,3}? \w*daten \W+ (?:\w+ \W+){0,4}? (?:uber \s mich|von \s mir) \b",
        // "Löscht bitte meinen Account und alles, was ihr über mich gespeichert habt"
        @"\b (?:losch\w*|entfern\w*) \b (?:\W+ \w+){0,6}? \W+ alles \W+ was \s (?:ihr|sie) \s (?:\w+ \s){0,2}?(?:uber \s mich|von \s mir) \b",
        @"\b welche \s (?:\w+ \s)?daten \s (?:habt|haben|speichert|speichern) \s (?:ihr|sie) \s (?:\w+ \s){0,2}(?:uber \s mich|von \s mir|zu \s mir) \b" +
            @" | \b welche \s (?:\w+ \s)?daten \s (?:ihr|sie) \s (?:\w+ \s){0,2}(?:uber \s mich|von \s mir) \s (?:habt|haben|speichert|speichern|gespeichert)\b" +
            @" | \b was \s (?:speichert|speichern|habt|haben|wisst|wissen) \s (?:ihr|sie) \s (?:\w+ \s){0,2}(?:uber \s mich|von \s mir) \b",

        // Finnish: "poistakaa tietoni", "poista kaikki mun tiedot", "tietojeni poisto", "kaikki minua koskevat tiedot" (all data
        // concerning me: QA round 43); not "kaikki tiedot pyörätietokoneesta" (from the device), though "…rekisteristä",
        // "…järjestelmistä" (from the register, the systems) are the brand's records
        @"\b poista\w* \s (?:\w+ \s){0,3}? (?:tietoni|tietojani|henkilotietoni|henkilotietojani|(?:minun|mun|kaikki \s minun|kaikki \s mun|kaikki) \s (?:henkilo)?tiedot" +
            @"|(?:kaikki \s )?(?:minua|minusta) \s koskev\w* \s (?:henkilo)?tiedot)\b" +
            @"(?! \s (?!rekister|jarjestelm|tietokan|asiakasrekister)\w+sta \b)",
        @"\b (?:tietoni|henkilotietoni|(?:minun|mun) \s (?:henkilo)?tiedot) \s (?:\w+ \s){0,3}(?:poist\w*|pois)\b",
        @"\b (?:tietojeni|henkilotietojeni) \s (?:poisto|poistaminen|poistamista|luovutus) \b | \b oikeu\w* \s tulla \s unohdetuksi \b" +
            @" | \b kopio\w* \s (?:\w+ \s)?(?:henkilo)?tiedoista\w* \b",
        @"\b mita \s (?:\w+ \s)?\w*tietoja \s (?:teilla \s on|te \s (?:sailytatte|keraatte|tallennatte)) \s (?:\w+ \s)?(?:minusta|musta) \b",
        // "pyydän saada nähdä kaikki minusta tallennetut tiedot"
        @"\b nah\w* \s (?:\w+ \s){0,2}? (?:minusta|minua \s koskev\w*) \s (?:\w+ \s)?(?:henkilo)?tiedot\w* \b");

    /// A negation right before a request turns it round: "please don't delete my data", "Ich möchte nicht, dass meine Daten
    /// gelöscht werden", "Bitte nicht meine Daten löschen" (a review of session 37: all three went to a person as erasures).
    static readonly Regex NegatedBefore = new(@"\b(?:don\W?t|dont|do\snot|never|not|nicht|nie|kein\w*|ei|ala|alkaa)\b\W*(?:\w+\W+)?$",
        RegexOptions.CultureInvariant);

    /// Cheap words one of the frames needs: most DMs hold none of them, and no frame is tried.
    static readonly Regex Cue = new(@"\b(?:delete|erase|remove|wipe|purge|destroy|deleted|erased|removed|wiped|forgotten|erasure|deletion|dsar|gdpr|data|copy|export" +
        @"|losch\w*|geloscht|entfern\w*|datenloschung|auskunft|datenauskunft|dsgvo\w*|vergessenwerden|daten|speichert|speichern|gespeichert\w*" +
        @"|poist\w*|tietoni|tietojeni|henkilotie\w*|unohdetuksi|\w*tietoja|\w*tiedoista\w*|\w*tiedot)\b", RegexOptions.CultureInvariant);

    /// Whether <paramref name="text"/> asks for the customer's data to be erased or disclosed.
    public static bool IsAsked(string text)
    {
        if (text.Length > 1000) text = text[..1000];
        var folded = TextFolding.Fold(text);
        if (!Cue.IsMatch(folded)) return false;
        foreach (var frame in Frames)
            for (var m = frame.Match(folded); m.Success; m = m.NextMatch())
            {
                // the sentence before the match, up to it: a negation there turns the request round
                var before = folded[..m.Index];
                var sentence = before.LastIndexOfAny(['.', '!', '?', ';', '\n']);
                if (!NegatedBefore.IsMatch(before[(sentence + 1)..])) return true;
            }
        return false;
    }

    static Regex[] Compiled(params string[] patterns) =>
        patterns.Select(p => new Regex(p, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.Compiled)).ToArray();
}
