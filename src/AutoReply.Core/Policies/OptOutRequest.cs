using System.Text.RegularExpressions;
using AutoReply.Core.Matching;

namespace AutoReply.Core.Policies;

/// Whether a DM, in words rather than a keyword, asks the brand to stop writing to the customer: "please stop messaging
/// me", "unsubscribe me from your offers", "keine Werbung mehr bitte", "älkää lähettäkö enää viestejä". The frames name
/// the messages themselves (messages, texts, offers, spam), so a complaint that happens to start with
/// "stop" — "stop sending me the wrong size!!" — is not one. E-mail is another channel: "unsubscribe me from the
/// newsletter" is a question for the library's newsletter answer (the way to unsubscribe there), not a reason to silence
/// the chat. Text is matched case- and accent-folded (ä as a: the patterns are written folded).
/// A keyword alone (STOP, abmelden, lopeta) is the configured <see cref="ConsentWords"/>' part.
public static class OptOutRequest
{
    // What a customer wants no more of.
    const string EnMessages = """
        (?: messages? | msgs? | texts? | dms? | notifications? | spam | marketing | promotions? | promos? | ads
          | adverts? | advertising | offers? )
        """;
    const string DeMessages = """
        (?: nachrichten | nachricht | werbung | werbenachrichten | angebote | spam | sms | benachrichtigungen | dms? )
        """;
    const string FiMessages = """
        (?: viest(?:i|ia|eja|ejanne) | mainoks(?:ia|ianne) | mainonta(?:a)? | markkinointi(?:a)?
          | tarjouks(?:ia|ianne) | spam(?:mia)? )
        """;

    static readonly Regex[] Frames = Compiled(
        // English
        $@"\b (?:stop(?:ped)?|quit|cease) \s (?:messaging|texting|spamming|contacting|pestering|bothering|dming) \b",
        $@"\b (?:stop|quit) \s (?:sending|writing) (?:\s (?:me|us))? (?:\s (?:any|all|your|these|those|the))? (?:\s more)? \s {EnMessages} \b",
        $@"\b (?:don['’]?t|do \s not|never) \s (?:message|text|contact|dm|write \s to|spam) \s (?:me|us) \s (?:again|anymore|any \s more|ever)",
        $@"(?<! \b (?:get|getting|got|receive|receiving|received) \s (?:\w+ \s){{0,3}}) \b no \s more \s {EnMessages} \b",
        $@"\b unsubscribe \s (?:me|us) \b",
        $@"\b (?:unsubscribe|remove|take) \s (?:me|us) \s (?:from|off) \s (?:your|the|this|all|any) \s (?:\w+ \s)? (?:lists?|marketing|messages)",
        $@"\b opt \s (?:me \s)? out \b (?! \s of \s (?! (?:your \s|all \s|the \s)? {EnMessages}))",
        $@"\b i \s (?:don['’]?t|do \s not) \s want \s (?:any \s more \s|to \s (?:receive|get) \s (?:any \s)?)?(?:your \s)? {EnMessages} \b" +
            $@" (?: .* \b(?:anymore|again|any \s more)\b)?",

        $@"\b leave \s me \s alone \b",
        $@"\b (?:can \s (?:you|u) \s )? not \s (?:message|text|contact|dm) \s me \s (?:\w+ \s){{0,4}}(?:anymore|again)",

        // German
        $@"\b (?:nicht \s mehr|nie \s wieder) \s (?:kontaktieren|anschreiben|anrufen|schreiben) \b",
        $@"\b aufhoren, \s mir \s (?:\w+ \s){{0,2}}(?:zu \s)? (?:senden|schicken|schreiben) \b",
        $@"(?<! \b (?:bekomme|bekommt|bekommen|erhalte|erhalten|kriege|kriegen|kommt|kommen) \s (?:\w+ \s){{0,3}})" +
            $@" \b keine \s (?:\w+ \s)? {DeMessages} \s mehr \b",
        $@"\b (?:hort|hoert|horen \s sie) \s auf,? \s mir \s (?:\w+ \s)? (?:zu \s)? (?:schreiben|nachrichten|werbung|zu \s schicken)",
        $@"\b (?:schreibt|schreiben \s sie|schickt|schicken \s sie|kontaktiert|kontaktieren \s sie) \s (?:mir|mich)" +
            $@" \s (?:bitte \s)? (?:\w+ \s)? (?:nicht \s mehr|nie \s wieder) \b",
        $@"\b (?:bitte \s)? (?:melde[tn]? \s (?:sie \s)? mich \s ab|mich \s abmelden|trag(?:t|en \s sie)? \s mich \s aus) \b",
        $@"\b ich \s (?:will|mochte|moechte) \s keine \s (?:\w+ \s)? {DeMessages} \b",

        // Finnish
        $@"\b (?:alkaa|ala) \s (?:enaa \s)? (?:ottako|ota) \s (?:enaa \s)? yhteytta \b",
        $@"\b (?:alkaa|ala) \s (?:enaa \s)? (?:laittako|lahettako|laita|laheta|spammatko) \b",
        $@"\b (?:lopettakaa|lopeta) \s (?:\w+ \s)? (?:viestien|viestittely|mainosten|lahettaminen|spammaaminen|spammays)",
        $@"\b en \s (?:halua|tahdo) \s (?:enaa \s)? (?:\w+ \s)? {FiMessages} \b",
        $@"\b (?:poistakaa|poista) \s minut \s (?:\w+ \s)? (?:listalta|rekisterista) \b",
        $@"\b (?:perun|peruutan) \s (?:markkinoinnin|mainokset) \b");

    /// What marketing and chat messages are called: the object a "no more" must name in the general rule (folded).
    static readonly Regex Messages = new("""
        \b (?: spam\w* | promos? | promotions? | promotional | marketing\w* | ads | adverts? | advertising | offers | deals | coupons?
          | discount \s codes? | sale \s alerts? | alerts | broadcasts? | messages | msgs | texts | dms | notifications
          | (?:\w+)?nachrichten | werbung | werbe\w+ | zusendungen | angebote | infos | benachrichtigungen | sms
          | markkinointi\w* | mainos\w* | viestej\w* | viesteja | tarjouksi\w* | tiedottei\w*
          | \w*lists? | \w*listalta | verteiler )
        """, Options);

    /// Signs of wanting no more (folded), within the same sentence as the object.
    static readonly Regex NoMore = new("""
        \b (?: stop\w* | stahp | quit | no \s more | not \s (?:\w+ \s){0,4}(?:anymore|any \s more) | don'?t \s want | do \s not \s want
          | done \s with | sick \s of | tired \s of | leave \s me \s alone | want \s out | unsubscribe | opt \s (?:me \s)? out
          | (?:remove|take|delete|drop) \s (?:me|my \s (?:number|contact)) | (?:off|from) \s (?:your|the|this|whatever|any) \s (?:\w+ \s){0,2}list
          | keine \s (?:\w+ \s){0,4}mehr | nicht \s mehr | aufhoren | unterlassen | verzichte | abbestellen | austragen | entfernt \s mich
          | abmelden | widerspreche | loschen
          | (?:alkaa|ala) \s (?:enaa \s)? \w+ko | ettette | en \s (?:halua|tahdo) | ei \s kiinnosta | lopett\w* | poista\w* | pois \s listalta
          | peru\w* )
        """, Options);

    /// Complaints and questions in which the same words mean something else.
    static readonly Regex Other = new("""
        \b (?: wrong | broken | charg\w* | how \s (?:do|can) \s i | wie \s (?:kann|konnen) | miten \s (?:saan|voin)
          | (?:get|getting|got|receive|received|bekomme|bekommen|erhalte|erhalten|kriege|saa\w*) \s (?:\w+ \s){0,3}(?:no|keine|any|ei|mitaan) )
        """, Options);

    static readonly Regex Sentences = new(@"(?<=[.!?;\n])", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace | RegexOptions.Compiled;

    static Regex[] Compiled(params string[] patterns) =>
        patterns.Select(p => new Regex(p, Options)).ToArray();

    /// True when the DM asks not to be written to again: one of the frames, or in one sentence the messages named and
    /// a sign of wanting no more of them, with nothing that makes it a complaint or a how-to question.
    public static bool IsAsked(string text)
    {
        if (text.Length > 400) return false;   // a long DM is a story that mentions messages, not a request to be left alone
        var folded = TextFolding.Fold(text);
        foreach (var frame in Frames)
            if (frame.IsMatch(folded)) return true;
        if (!NoMore.IsMatch(folded)) return false;   // most DMs: no sign of wanting no more anywhere, no sentence to read
        foreach (var sentence in Sentences.Split(folded))
            if (Messages.IsMatch(sentence) && NoMore.IsMatch(sentence) && !Other.IsMatch(sentence)) return true;
        return false;
    }
}
