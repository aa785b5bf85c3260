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
    const string EnMessages = $"""
        (?: messages? | msgs? | texts? | dms? | notifications? | spam | marketing | promotions? | promos? | ads
          | adverts? | advertising | offers? | updates | reminders? | communications? | sales {NotSalesPeople} | deals | (?:automated \s)? replies | tips
          | campaigns )
        """;
    /// "Sales" as messages ("stop sending me sales"), not a sales pitch or a sales team.
    const string NotSalesPeople =
        @"(?! \s (?:pitch\w* | talk | tax | team | person | people | reps? | department | assistants? | advis[eo]rs? | staff | calls?) \b)";
    const string DeMessages = """
        (?: nachrichten | nachricht | werbung | werbenachrichten | angebote | spam | sms | benachrichtigungen | dms? )
        """;
    const string FiMessages = """
        (?: viest(?:i|ia|eja|ejanne) | mainoks(?:ia|ianne) | mainonta(?:a)? | markkinointi(?:a)?
          | tarjouks(?:ia|ianne) | spam(?:mia)? )
        """;

    static readonly Regex[] Frames = Compiled(
        // English
        $@"\b (?:stop(?:ped)?|quit|cease) \W+ (?:messaging|texting|txting|msging|spamming|contacting|pestering|bothering|dming) \b",
        $@"\b (?:stop|quit|cease) \s (?:sending|writing) (?:\s (?:me|us))? (?:\s (?:any|all|your|these|those|the))? (?:\s more)?" +
            $@" \s (?:\w+ \s)? {EnMessages} \b",
        // "stop sending me these 🙄": the messages themselves, not "these shoes".
        $@"\b (?:stop|quit|cease) \s (?:sending|texting|messaging) \s (?:me \s)?" +
            $@" (?:these|those|them|this \s stuff|that \s stuff|all \s this) \b (?! \s* [a-z])",
        $@"\b (?:stop|quit) \s (?:sending|texting|messaging) \s (?:me \s)? (?:stuff|things|junk|crap) \s (?:on|via|through|here|in \s this) \b",
        $@"\b (?:don['’]?t|do \s not|never) \s (?:message|msg|pm|text|contact|dm|write \s to|spam) \s (?:me|us|this \s (?:account|number))" +
            $@" \s (?:on \s here \s|here \s|in \s this \s chat \s)? (?:again|anymore|any \s more|ever)",
        $@"(?<! \b (?:get|getting|got|receive|receiving|received) \s (?:\w+ \s){{0,3}}) \b no \s more \s {EnMessages} \b",
        $@"\b unsub\w* \s (?:me|us|please|pls|plz) \b" +
            $@" (?! \s from \s (?:the|my|your|this) \s (?:\w+ \s)? (?:club|box|subscription|membership|plan|newsletter|e-?mails?|~))",
        $@"\b (?:unsubscribe|remove|take) \s (?:me|us) \s (?:from|off) \s (?:your|the|this|all|any) \s (?:\w+ \s)? (?:lists?|marketing|messages)",
        $@"\b opt \s (?:me \s)? out \b (?! \s of \s (?! (?:your \s|all \s|the \s)? {EnMessages}))",
        $@"\b i \s (?:don['’]?t|do \s not) \s (?:want|wish) \s (?:any \s more \s|to \s (?:receive|get) \s (?:any \s)?(?:further \s|more \s)?)?(?:your \s)? {EnMessages} \b" +
            $@" (?: .* \b(?:anymore|again|any \s more)\b)?",

        $@"\b leave \s (?:me|my \s inbox) \s alone \b",
        $@"\b (?:withdraw|revoke)\w* \s (?:my \s)? consent \b | \b no \s longer \s (?:consent|wish \s to \s (?:receive|get|be \s contacted)) \b",
        $@"\b widerrufe\w* \s (?:\w+ \s){{0,2}}einwilligung \b | \b peru\w* \s \w*(?:lupa|lupani|luvan|suostumukseni|suostumus) \b",
        $@"\b (?:don['’]?t|do \s not) \s (?:dm|message|msg|text|contact) \s me \s (?:\w+ \s)? (?:about|again|anymore)",
        $@"\b (?:stop|quit) \s (?:getting|receiving) \s (?:these|those|them|this) \b (?! \s* [a-z])",
        $@"\b (?:remove|delete) \s my \s (?:phone \s)? number \b | \b meine \s nummer \s (?:\w+ \s|[\w-]+ \s){{0,4}}(?:entfernen|loschen|streichen) \b" +
            $@" | \b poista\w* \s (?:\w+ \s)? numero\w* \b",
        $@"\b nicht \s mehr \s (?:\w+ \s){{0,3}}(?:angeschrieben|kontaktiert|benachrichtigt|angeschrieben \s werden) \b",
        $@"\b (?:can \s (?:you|u) \s )? not \s (?:message|msg|text|contact|dm) \s me \s (?:\w+ \s){{0,4}}(?:anymore|again)",
        $@"\b (?:prefer|like|want|wish) \s not \s to \s be \s (?:contacted|messaged|texted|dmed|spammed) \b | \b i \s (?:said|told \s you) \s stop \b" +
            $@" | \b unsubscribe \s (?:me \s)? from \s (?:all|everything) \b",

        // German
        $@"\b (?:nicht \s mehr|nie \s wieder) \s (?:kontaktieren|anschreiben|anrufen|schreiben) \b",
        $@"\b aufhoren, \s mir \s (?:\w+ \s){{0,2}}(?:zu \s)? (?:senden|schicken|schreiben) \b",
        $@"(?<! \b (?:bekomme|bekommt|bekommen|erhalte|erhalten|kriege|kriegen|kommt|kommen) \s (?:\w+ \s){{0,3}})" +
            $@" \b keine \s (?:\w+ \s)? {DeMessages} \s mehr \b",
        $@"\b (?:hort|hoert|hor|horen \s sie) \s auf,? \s (?:mir \s)? (?:\w+ \s)? (?:zu \s)? (?:schreiben|nachrichten|werbung|zu \s schicken)",
        $@"\b ich \s (?:will|mochte|moechte) \s (?:bitte \s)? (?:abgemeldet|ausgetragen) \s werden \b",
        $@"\b (?:schreibt|schreiben \s sie|schickt|schicken \s sie|kontaktiert|kontaktieren \s sie) \s (?:mir|mich)" +
            $@" \s (?:bitte \s)? (?:\w+ \s)? (?:nicht \s mehr|nie \s wieder) \b",
        $@"\b (?:bitte \s)? (?:melde[tn]? \s (?:sie \s)? mich \s ab|mich \s abmelden|trag(?:t|en \s sie)? \s mich \s aus) \b",
        $@"\b ich \s (?:will|mochte|moechte) \s (?:\w+ \s){{0,2}}keine \s (?:[\w-]+ \s)? {DeMessages} \b",
        $@"\b (?:will|mochte|moechte) \s (?:das|diese|die) \s (?:\w+ \s)? nicht \s mehr \s (?:bekommen|erhalten|kriegen) \b",

        // Finnish
        $@"\b (?:alkaa|ala) \s (?:enaa \s)? (?:ottako|ota) \s (?:enaa \s)? yhteytta \b",
        $@"\b (?:alkaa|ala) \s (?:enaa \s)? (?:laittako|lahettako|laita|laheta|spammatko|viestitelko|kirjoittako|kirjottako) \b" +
            $@" (?! \s (?:\w+ \s)? (?:paket\w*|tilau\w*|tuottee\w*|tuotte\w*|lasku\w*|kirje\w*))",
        $@"\b (?:lopettakaa|lopeta) \s (?:\w+ \s)? (?:viestien|viestittely|mainosten|lahettaminen|spammaaminen|spammays)",
        // "lopeta viestit", "lopettakaa nää mainokset" (the session-49 review: "lopeta viestit. onko mun auto jo valmis?" was
        // answered, and the customer never opted out)
        $@"\b (?:lopettakaa|lopeta) \s (?:(?:nama|naa|noi|nuo|ne|teidan|teian|kaikki) \s)? (?:viestit|mainokset|mainosviestit|markkinointiviestit|tekstarit|spammit?|spammaus|viestittely) \b",
        $@"\b en \s (?:halua|tahdo) \s (?:enaa \s)? (?:\w+ \s){{0,4}}{FiMessages} \b",
        $@"\b ettei \s (?:minuun|meihin) \s (?:\w+ \s)? (?:oteta|otettaisi) \s (?:\w+ \s)? yhteytta \b",
        $@"\b (?:poistakaa|poista) \s minut \s (?:\w+ \s)? (?:listalta|rekisterista) \b",
        $@"\b (?:perun|peruutan) \s (?:markkinoinnin|mainokset) \b");

    /// What marketing and chat messages are called: the object a "no more" must name in the general rule (folded).
    static readonly Regex Messages = new($@"\b {MessageWords}", Options);
    const string MessageWords = $"""
        (?: spam\w* | promos? | promotions? | promotional | marketing\w* | ads | adverts? | advertising | offers | deals | coupons?
          | discount \s codes? | sale \s alerts? | alerts | broadcasts? | messages | msgs | texts | dms | notifications
          | updates | reminders? | remind\w* | communications? | content | chats | sales {NotSalesPeople} | campaigns | tips | mes+ages | dm
          | \w*aufrufe | \w*angebote | \w*tipps | yhteydenot\w* | kontaktaufnahme\w* | zuschrift\w* | \w*markkinoin\w*
          | (?:\w+)?nachrichten | nachricht | nachichten | werbung | werbe\w+ | zusendungen | angebote | infos | benachrichtigungen | sms
          | \w*markkinointi\w* | \w*mainok\w* | \w*mainos\w* | \w*viest(?:ej\w*|it|eja|ei\w*) | \w*tarjouk\w* | tarjouksi\w* | tiedottei\w*
          | \w*lists? | \w*liste | \w*listen | \w*listalta | verteiler )
        """;

    /// Signs of wanting no more (folded), within the same sentence as the object.
    static readonly Regex NoMore = new("""
        \b (?: stop\w* | stahp | quit | no \s more | not \s (?:\w+ \s){0,4}(?:anymore|any \s more) | don'?t \s want | do \s not \s want
          | done \s with | sick \s of | tired \s of | leave \s me \s alone | want \s out | unsubscribe | opt \s (?:me \s)? out
          | (?:remove|take|delete|drop) \s (?:me|my \s (?:number|contact)) | (?:off|from) \s (?:your|the|this|whatever|any) \s (?:\w+ \s){0,2}list
          | unsub\w* | cease | don['’]?t \s (?:send|need) | do \s not \s (?:send|need) | make \s (?:it|them) \s stop
          | (?:turn|switch) \s off | exclude \s me | enough \s (?:of|with) | no \s longer | leave \s my \s inbox
          | einstellen | abstellen | abschalten | stell\w* \s (?:\w+ \s){0,3}ab\b | entfern\w* | streich\w* \s (?:sie \s)? mich
          | (?:aus|von) \s (?:[\w-]+ \s){0,3}(?:raus|entfernen|austragen|nehmen|streichen|loschen)\b | lakat\w* | pois \s paalta
          | (?:turn|switch) \s (?:them|it|these|those) \s off | no \s need \s to \s keep
          | keine \s (?:[\w-]+ \s){0,4}mehr | keine \s weiteren | nicht \s mehr | aufhoren | hort \s (?:\w+ \s)?auf | horen \s sie \s auf
          | unterlassen | verzichte | abbestellen | austragen | entfernt \s mich | schluss \s mit | (?:lasst|lassen \s sie) \s mich \s (?:\w+ \s){0,4}in \s ruhe
          | lasst \s das \s (?:\w+ \s)?mit | deaktivier\w* | kiella\w* | kielta\w*
          | (?:nehmt|nehmen \s sie|nimm) \s mich | melde\w* \s (?:sie \s)? mich \s (?:[\w-]+ \s){0,4}ab\b
          | abmelden | widerspreche | losch\w*
          | (?:alkaa|ala) \s (?:enaa \s)? \w+ko | ettette | ettei | en \s (?:halua|tahdo) | ei \s kiinnosta | lopett\w* | poista\w*
          | pois \s (?:\w+ \s){0,2}\w*listalta | ei \s (?:\w+ \s)?enaa | ei \s tarvitse \s enaa | enempaa | sammut\w* | riittaa
          | peru\w* )
        """, Options);

    /// Complaints and questions in which the same words mean something else.
    static readonly Regex Other = new("""
        \b (?: wrong | broken | charg\w* | how \s (?:do|can) \s i | wie \s (?:kann|konnen) | miten \s (?:saan|voin)
          | (?<! \b (?:want|wish|like|need) \s to \s) (?:get|getting|got|receive|received|bekomme|bekommen|erhalte|erhalten|kriege|saa\w*)
            \s (?:\w+ \s){0,3}(?:no|keine|any|ei|mitaan)\b (?! \s more)
          | add \s me \s back | re-?subscribe | stopped \s receiving | (?:i'?m|i \s am) \s not \s (?:getting|receiving)
          | still \s want | want \s to \s keep | behalten | weiterhin
          | paket\w* | parcel | package | delivery | lieferung | tilau\w* | osoit\w* )
        """, Options);

    static readonly Regex Sentences = new(@"(?<=[.!?;\n])", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// Clauses, for pleas: "I never signed up for this, stop".
    static readonly Regex Clauses = new(@"(?<=[.!?;,:\n])", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// A clause that is nothing but a plea to stop ("Please stop.", "make it stop", "Bitte aufhören.", "Lopettakaa heti").
    static readonly Regex Plea = new("""
        ^ \W* (?:(?:please|pls|plz|so|just|now|ok|okay|ugh|bitte|also|ja|hey|einfach|sofort|(?:can|could|will|would) \s (?:you|u))\W+)*
          (?: stop(?:\W+it)? | make \s (?:it|them) \s stop | (?:turn|switch) \s (?:it|them) \s off | aufhoren | hort \s (?:endlich \s)? auf
            | abbestellen | abmelden | austragen | einstellen | abstellen | remove \s me | take \s me \s off
            | lopettakaa(?: \s (?:ne|niita|nama))? | lopeta )
        \W* (?:(?:please|pls|plz|now|thanks|thx|danke|bitte|heti|kiitos|jo|endlich|sofort)\W*)* $
        """, Options);

    /// "unsubscribe" opening a DM and a refusal of more right after it: "unsubscribe, and don't call me either" (the session-46
    /// review: it started the callback flow). Not "unsubscribe" alone before anything else ("Unsubscribe: how do I do it?",
    /// "unsubscribe and cancel my membership", "unsubscribe and then subscribe again didn't fix it"), nor German "abmelden" or
    /// "abbestellen", which also cancel an appointment or an order (a review of the first version).
    static readonly Regex UnsubscribeAndRefuse = new(@"^\W*(?:(?:please|pls|plz)\W+)?(?:unsubscribe|unsub)\s*,?\s*(?:and\s+)?(?:don'?t|do\s+not|never|stop)\b",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// A clause that starts as <see cref="Refusal"/> does: most DMs have none, and are not split into clauses for it.
    static readonly Regex RefusalStart = new(@"(?:^|[.!?;,:\n])\s*\W*(?:no|keine|ei|end)\s", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// A clause that refuses the messages by name and says nothing else: "no marketing please", "keine Werbung!", "ei tarjouksia".
    /// Not a question: "no updates?" chases an order.
    static readonly Regex Refusal = new($"""
        ^ \W* (?:no|keine|ei|end) \s (?:more \s|mehr \s|enaa \s)? (?:\w+ \s)? {MessageWords}
          [^\w?]* (?:(?:please|pls|plz|thanks|thx|bitte|danke|kiitos|mehr|enaa)[^\w?]*)* $
        """, Options);

    /// What tells that a plea or a "them" is about the messages: they are named, or someone keeps sending them.
    static readonly Regex Context = new("""
        \b (?: (?:keep|keeps|still|always|constantly) \s (?:\w+ \s)? (?:messaging|texting|sending|writing|spamming|dming)
          | (?:messaging|texting|spamming|dming) \s me | (?:never|didn'?t|did \s not) \s (?:signed \s up|sign \s up|asked \s for|subscribed)
          | nie \s (?:\w+ \s){0,3}angemeldet | message \s me \s every | blocking \s you | blockiere | estan | ich \s will \s das \s nicht \s mehr
          | lahetatte | laitatte | viestittelette | spammaatte ) \b
        """, Options);

    /// The words every frame and every sign of wanting no more starts from (or holds): without one of them a DM cannot be
    /// a request, and neither the frames nor the model are asked (this stage runs on every DM).
    static readonly Regex Cue = new("""
        \b (?: stop\w* | stahp | quit | cease | don['’]?t | dont | do \s not | never | no | not | unsub\w* | remov\w* | delet\w* | take | opt
          | drop | prefer | wish | said | told | end | abgemeldet | ausgetragen | deaktivier\w* | kiel\w* | hor | lasst | \w*lists? | \w*liste | \w*listen | \w*listalta | verteiler | lass | widersprech\w* | widerspreche
          | want | leave | withdraw\w* | revoke\w* | done | sick | tired | enough | exclude | turn | switch | make
          | nicht | nie | aufhor\w* | keine | keinen | hort | hoert | horen | melde\w* | abmelden | austragen | trag\w* | widerruf\w* | nummer
          | einstellen | abstellen | abschalten | stell\w* | entfern\w* | streich\w* | lasst | lassen | nehmt | nehmen | nimm | schluss
          | unterlassen | verzichte | abbestellen | losch\w* | aus | von | bitte
          | alkaa | ala | lopet\w* | en | ei | poista\w* | peru\w* | ettette | ettei | lakat\w* | pois | riittaa | sammut\w* | enempaa )
        \b
        """, Options);

    /// Wanting some messages kept ("I still want the DMs", "Instagram käy hyvin"): a question about another channel. "Is fine"
    /// counts only when it is a channel that is fine: "the jacket is fine, just stop the promos" is a request.
    static readonly Regex Keep = new("""
        \b (?: still \s want | want \s to \s keep | behalten | weiterhin
          | (?: instagram | insta | ig | facebook | fb | messenger | whatsapp | dms? | here | hier | chat | this \s chat | messages | nachrichten
              | viestit | taalla | tama \s kanava | e-?mails? | sms | texts )
            \s (?:\w+ \s)? (?: kay \s hyvin | (?:is|are) \s (?:fine|ok|okay) | passt \s (?:gut|schon) | (?:ist|sind) \s (?:ok|okay|in \s ordnung|gut) ) ) \b
        """, Options);

    /// The messages referred to rather than named: "please stop sending them to me".
    static readonly Regex Pronoun = new(@"\b(?:them|these|those|this stuff|that stuff|sie|diese|niita|naita)\b",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace | RegexOptions.Compiled;

    static Regex[] Compiled(params string[] patterns) =>
        patterns.Select(p => new Regex(p, Options)).ToArray();

    /// True when the DM asks not to be written to again: what the frames find, with the second opinion of
    /// <see cref="Handoffs.SignalModel.OptOuts"/>: the model finds a request the frames miss and overrules the frames where
    /// it is all but sure (a false opt-out silences a customer who wanted an answer). A DM of fewer than four words and one
    /// about e-mail (the library's newsletter answer) are the frames' alone; one over 400 characters, or without any of the
    /// words a request needs, is none; nor does the model find a request where the frames see a complaint, a how-to
    /// question or messages wanted.
    public static bool IsAsked(string text)
    {
        if (Candidate(text) is not { } folded) return false;
        var byRules = Found(folded);
        if (EMail.IsMatch(folded) || folded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length < 4) return byRules;
        // A sign that it is a complaint or a how-to question ("ich bekomme keine Nachrichten mehr, ist was kaputt?"), or that
        // some messages are wanted: the frames' reading stands, and the model may only overrule it.
        if (!byRules && (Other.IsMatch(folded) || Keep.IsMatch(folded))) return false;
        // Leaving something the brand offers, and nothing else that could be a request: no model either.
        if (!byRules && WithoutThingsLeft(folded) is var masked && masked != folded && !Cue.IsMatch(masked)) return false;
        var model = Handoffs.SignalModel.OptOuts;
        return model.Score(text) >= (byRules ? model.Veto : model.Accept);
    }

    /// Whether the DM is about e-mail or a newsletter: another channel, which the chat cannot unsubscribe.
    public static bool MentionsEMail(string text) => EMail.IsMatch(TextFolding.Fold(text));

    static readonly Regex EMail = new($@"{EMailStems}|\bmailing|{MailWord}", RegexOptions.CultureInvariant);

    /// What names e-mail inside a word ("Newsletter-Abo", "sähköpostit"), and a word that is a mail ("emails", "Werbemails";
    /// not "gmail", "hotmail", "voicemail").
    const string EMailStems = "newsletter|uutiskirje|sahkopost|s-posti|mainospost";
    const string MailWord = @"\b(?!gmail|hotmail|voicemail)[\w-]*mails?\b";

    /// E-mail by any of its names, with what kind it is ("marketing emails", "Werbemails", "mainossähköpostien", "the
    /// newsletter"): masked before the frames read a DM, so "stop sending me marketing emails" asks about another channel
    /// (the library's newsletter answer: QA round 16, where the library's own newsletter examples silenced the chat), while
    /// "stop the marketing emails and texts" still names the chat's messages. The mask is no word, so no frame's "any word
    /// here" takes it for the messages.
    static readonly Regex EMailNamed = new($@"(?: \b (?:marketing|promo|promotional|advertising|ad|ads|spam|sales|offer|werbe|werbung|mainos) [\s-]? )?
        (?: \b [\w-]* (?:{EMailStems}) [\w-]* | {MailWord} )", Options);

    /// Leaving something the brand offers, not its messages: "ich möchte mich vom Kurs abmelden", "unsubscribe me from the
    /// yoga course", "melde mich von der Probestunde ab" (QA round 17: a language school's customers withdrawing from a
    /// course were opted out of the chat). The phrase — a verb of leaving and "from / vom / von der …" right after it, naming
    /// within three words (after "the", "your" …) a thing that is none of the messages, a list, the chat, the brand or
    /// everything — is masked before the frames read the DM, so "stop messaging me and unsubscribe me from the course" still
    /// opts out (a review: the first form dropped every request that said "from" anywhere).
    static string WithoutThingsLeft(string folded) =>
        !LeavingCue.IsMatch(folded) ? folded : ThingLeft.Replace(folded, m => IsThing(m.Groups["thing"].Value) ? " · " : m.Value);

    static bool IsThing(string said)
    {
        var words = Words.Matches(said).Select(w => w.Value).SkipWhile(Determiners.Contains).Take(3).ToList();
        return words.Count > 0 && !words.Any(w => Messages.IsMatch(w) || NoThing.IsMatch(w));
    }

    static readonly Regex LeavingCue = new(@"\b(?:unsub|opt|remove|take|sign|withdraw|drop|abmeld|melde|austrag|trag|abbestell)", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    const string FromThe = """
        (?: from | of | off | vom | von \s (?:der|dem|den|diesem|dieser|meinem|meiner|eurem|eurer|ihrem|ihrer|unserem|unserer|einem|einer)
          | aus \s (?:dem|der|den|meinem|meiner|eurem|eurer|ihrem|ihrer|diesem|dieser) )
        """;

    static readonly Regex ThingLeft = new($$"""
        \b (?: unsub\w* | opt \s (?:me \s|us \s)? out | remove \s (?:me|us) | take \s (?:me|us) \s off | sign \s (?:me \s)? (?:out|off) | withdraw\w* | drop \s out
             | abmeld\w* | austrag\w* | abbestell\w* ) (?: \s (?:me|us|mich|uns|please|bitte) )* \s {{FromThe}} \s (?<thing> [\w'~-]+ (?: \s (?! (?:and|und|or|oder|ja|tai|but|aber|mutta)\b ) [\w'~-]+ ){0,3} )
        | \b (?:mich|uns) \s (?:bitte \s)? {{FromThe}} \s (?<thing> [\w-]+ (?: \s [\w-]+ )? ) \s (?: abmelden | abzumelden | austragen | auszutragen | ab | aus ) \b
        """, Options);

    static readonly Regex Words = new(@"[\w~'-]+", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    static readonly HashSet<string> Determiners = ["the", "my", "your", "this", "that", "our", "these", "those", "any", "a", "an", "all", "dem", "der", "den", "die", "das"];

    /// What is no thing of the brand's: the chat, a list, the brand itself, everything, a pronoun, e-mail (masked as "~").
    static readonly Regex NoThing = new("""
        ^ (?: ~ | chat | chats | account | konto | kanal | channel | page | seite | service | dienst | here | hier | it | this | that | alles | allem
          | everything | anything | stuff | you | u | euch | ihnen | them | list | liste | contacts? | kontakt\w* | whatsapp | instagram | insta | facebook | messenger
          | twitter | x | dm | dms | consent | einwilligung | number | nummer | system | automated | automatic\w* | bot\w* | ai | ki
          | database | datenbank | kundendatei | datei | kartei | records | register | verteiler | shop | store | company | brand | business | firma | laden
          | geschaft | unternehmen | kauppa | yritys | kaikki | marketing\w* | campaigns? | promos? | deals? | messaging | texting | texts?
          | digests? | chatbot\w* | newsletters? )  $
        """, Options);

    /// What the frames and the general rule find, alone.
    public static bool FoundByRules(string text) => Candidate(text) is { } folded && Found(folded);

    /// The folded DM when it can be a request at all, else null: a long DM is a story that mentions messages, not a request
    /// to be left alone; and most DMs hold none of the words any frame, sign or request needs, so neither the frames nor
    /// the model are asked.
    static string? Candidate(string text)
    {
        if (text.Length > 400) return null;
        var folded = TextFolding.Fold(text);
        return Cue.IsMatch(folded) ? folded : null;
    }

    /// What the frames and the general rule find in a folded DM that has a cue.
    static bool Found(string folded)
    {
        if (Keep.IsMatch(folded)) return false;
        folded = EMailNamed.Replace(folded, "~");
        folded = WithoutThingsLeft(folded);
        foreach (var frame in Frames)
            if (frame.IsMatch(folded)) return true;
        // "no marketing please", "KEINE WERBUNG!!!", "Ei tarjouksia kiitos": a clause that is nothing but no more of them.
        if (RefusalStart.IsMatch(folded) && Clauses.Split(folded).Any(c => Refusal.IsMatch(c.Trim()))) return true;
        if (UnsubscribeAndRefuse.IsMatch(folded)) return true;
        if (!NoMore.IsMatch(folded)) return false;   // most DMs: no sign of wanting no more anywhere, no sentence to read
        var named = Messages.IsMatch(folded) || Context.IsMatch(folded);
        foreach (var sentence in Sentences.Split(folded))
        {
            if (!NoMore.IsMatch(sentence) || Other.IsMatch(sentence)) continue;
            if (Messages.IsMatch(sentence) || (named && Pronoun.IsMatch(sentence))) return true;
        }
        // "Why do you keep messaging me?? I never asked for this. Stop.": a bare plea, with what it is about elsewhere.
        return named && Clauses.Split(folded).Any(c => Plea.IsMatch(c.Trim()) && !Other.IsMatch(c));
    }
}
