using System.Text;
using System.Text.RegularExpressions;
using AutoReply.Core.Matching;

namespace AutoReply.Core.Answers;

/// What a DM says around its question and asks nothing: praise ("love your shop btw ❤️", "ihr seid super"), wishes ("have
/// a nice day!", "hyvää päivänjatkoa"), thanks and sign-offs with the customer's name ("thanks in advance, mike", "liebe
/// grüße, anna", "terveisin Jukka"), and a greeting that opens the DM ("Guten Tag,", "Good morning!"). Read with the question they are words of other answers ("shop"), words the library
/// never saw ("anna") or a question of their own ("have a nice day" opens as "have you …" does): the question went to a
/// person. A sentence or a clause that is one of them, whole, is left out before the DM is matched.
public static class Pleasantries
{
    /// The DM without its pleasantries, and those left out; the DM as it was when none is found or nothing else is left.
    /// <paramref name="isName"/> says whether words after a sign-off are a name: words the library does not know ("mike",
    /// "Anna Schmidt"), not "or Samsung" after "LG", "paketti puuttuu" after "kiitos" or an order number.
    public static string Without(string text, Func<string, bool> isName, out List<string> left)
    {
        left = [];
        var pieces = Boundary.Split(text);   // sentences and clauses, each followed by its boundary (the split keeps them)
        var kept = new StringBuilder();
        var afterSignOff = false;
        for (var i = 0; i < pieces.Length; i += 2)
        {
            var piece = pieces[i];
            var boundary = i + 1 < pieces.Length ? pieces[i + 1] : "";
            var folded = string.Join(' ', TextFolding.FoldedWords(piece));
            var signOff = SignOff.Match(folded);
            var leave = folded.Length > 0 && (Praise.IsMatch(folded) || Praises(folded) && StaffPraise.IsMatch(folded) || PassesOnThanks(folded) && PassOnThanks.IsMatch(folded)
                // a greeting that opens the DM: of two words or more, or one that a sentence end or an emoji closes ("Terve!")
                || i == 0 && (Greeting.IsMatch(folded) && boundary.Length > 0 || OneWordGreeting.IsMatch(folded) && SentenceEnd.IsMatch(boundary)
                              || HowAreYou.IsMatch(folded) && boundary.Length > 0
                              || AnnouncedQuestion.IsMatch(folded) && boundary.Length > 0)
                || signOff.Success && (signOff.Groups["name"].Length == 0 || IsName(signOff.Groups["name"].Value.Trim()))
                // a name right after the sign-off, last in the DM: "thanks in advance, mike"
                || afterSignOff && !boundary.Contains('?') && pieces.Skip(i + 2).All(p => TextFolding.FoldedWords(p).Count == 0) && IsName(piece.Trim())
                // an initial before it: "Mit freundlichen Grüßen, M. Weber"
                || afterSignOff && Initial(piece) && i + 2 < pieces.Length && pieces.Skip(i + 4).All(p => TextFolding.FoldedWords(p).Count == 0)
                   && IsName(pieces[i + 2].Trim()));
            afterSignOff = leave && (signOff.Success || afterSignOff && Initial(piece));
            if (leave)
            {
                left.Add(piece.Trim());
                // A sentence's end goes on with the clause before what is left out: "you fixed my screen perfectly, thanks! do you
                // also do …" is a story and a question, not one clause "… perfectly, do you also do …" (a review of this session:
                // judged whole, the story's words outnumbered the question's).
                if (SentenceEnd.IsMatch(boundary) && kept.ToString().TrimEnd() is [.. var before, ',' or ';'])
                {
                    kept.Clear();
                    kept.Append(before).Append(boundary);
                }
                continue;
            }
            kept.Append(piece).Append(boundary);
        }
        var result = kept.ToString().Trim();
        if (left.Count == 0 || TextFolding.FoldedWords(result).Count == 0)
        {
            left = [];
            return text;
        }
        return result;

        static bool Initial(string piece) => piece.Trim() is [var letter] && char.IsLetter(letter);

        bool IsName(string words) => words.Length > 0 && !words.Any(char.IsDigit) && TextFolding.Words(words).Count <= 2 && isName(words);
    }

    /// What a library takes for a name: words it has never seen, each a content word ("mike", "Anna Schmidt"; not "or
    /// Samsung", whose "or" it knows). Without a vocabulary, nothing.
    public static Func<string, bool> NamesFor(Library.DialogLibrary library, string language) => words =>
        library.Vocabulary?.Read(words, language) is { Content: > 0 } read && read.Unknown.Count == read.Content
        && read.Content == TextFolding.Words(words).Count;

    /// Sentence ends, commas, line breaks and emoji ("love your stuff 😍 how do I return …": the emoji ends the praise); not
    /// a point or a comma inside a number or a level ("B1.2", "1,5 Jahre").
    static readonly Regex Boundary = new(@"((?:[.!?…]+|[,;:])(?!\d)\s*|\s+[-–—]+\s+|\n+|\s*[\p{So}\p{Cs}\uFE0F\u200D]+\s*)", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    const string Opening = @"^(?:(?:and|also|oh|btw|ps|p s|by the way|und|ubrigens|ach|ja|muuten)\s+)*";
    const string Closing = @"(?:\s+(?:btw|so much|a lot|lots|x+|xo+|ubrigens|muuten|tosi|kovasti|sehr|echt|wirklich|" + GoodWish + "))*$";

    static readonly Regex WishAtEnd = new(@"\s+" + GoodWish + "$", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// A good wish after the thanks or the goodbye ("ok thanks have a nice day", "kiitos hyvää päivänjatkoa": the session-49
    /// review found both handed to a person), folded.
    const string GoodWish = @"(?:and |und |ja )?(?:have a (?:nice|good|great|lovely) (?:day|evening|weekend|one)|(?:einen )?schonen (?:abend|tag|feierabend)(?: noch)?" +
        @"|(?:ein )?schones wochenende(?: noch)?|hyvaa (?:paivanjatkoa|illanjatkoa|viikonloppua|joulua))";

    /// Thanks and sign-offs, with up to two words after them that may be a name.
    static readonly Regex SignOff = new(Opening +
        // "ok thanks.", "okei kiitti", "alles klar, danke", "ok selvä kiitos" (QA round 44) before a follow-up
        @"(?:(?:ok|okay|okei|oki|okey|alright|great|perfect|super|perfekt|alles klar|selva)\s+){0,2}" +
        // (the thanks in group "thanks", thanks in advance in group "advance": ThanksAlone reads them)
        @"(?:(?<thanks>(?:many |big |huge )?thanks?(?: (?:you|u|ya))?(?: (?:guys|all|everyone|team))?(?: (?:(?<advance>in advance)|so much|a lot|again|heaps|already))?|thx|ty|cheers)|(?:kind |best |warm )?regards|best wishes|greetings" +
        @"|(?<thanks>(?:vielen |lieben |herzlichen |tausend )?dank(?:e)?(?: schon| sehr)?(?: (?:euch|dir|ihnen|vielmals))?(?<advance> im voraus| vorab)?)|(?:liebe|viele|beste|freundliche|herzliche|sonnige) grusse|mit freundlichen grussen|lg|vg|mfg|gruss|grusse" +
        @"|(?<thanks>kiitos(?: jo)?(?:(?<advance> etukateen)|(?: tosi| todella)? paljon| kovasti)?(?: (?:teille|sulle|teil))?|kiitti(?: tosi)?(?: paljon)?(?: (?:teille|sulle|teil))?)|terveisin|tervehdyksin|ystavallisin terveisin)" +
        // what the thanks are for: "thanks for the quick help", "danke für die schnelle antwort", "kiitos nopeasta vastauksesta"
        @"(?<for> (?:for|fur|fuer) (?:the|your|ur|all the|die|deine|eure|ihre|den|das) ?(?:super |really |so |mega |echt )?(?:quick|fast|great|kind|speedy|swift|schnelle|nette|tolle|gute|super|rasche|schnellen|netten|tollen)? ?(?:help|reply|answer|response|info|information|support|assistance|delivery|shipping|hilfe|antwort|auskunft|infos?|ruckmeldung|unterstutzung|lieferung|versand)(?: (?:earlier|today|yesterday|vorhin|eben|heute|gestern))?" +
        @"| (?:nopeasta |hyvasta |ystavallisesta |eilisesta |aiemmasta )?(?:avusta|avustasi|avustanne|vastauksesta|vastauksestasi|vastauksestanne|tiedosta|tiedoista|palvelusta|neuvosta|neuvoista)(?: (?:eilen|tanaan|aiemmin))?)?" +
        @"(?:\s+(?:x+|xo+))*(?:\s+" + GoodWish + ")?" +
        // perhaps a name after it (Without asks whether it is one): "liebe grüße anna"
        @"(?<name>(?:\s+\w+){1,2})?$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// "thanks, bye", "bye bye", "tschüss", "moikka", "nähdään": the end of the exchange.
    static readonly Regex Goodbye = new(Opening +
        @"(?:bye(?: bye)?|goodbye|good bye|see (?:you|ya)|cya|take care|tschuss|tschus|ciao|tschau|bis bald|bis dann|auf wiedersehen|adieu" +
        @"|moikka|heippa|hei hei|moi moi|nahdaan|nahaan|nahdaa|nahaa|kuulemiin)" + Closing, RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// The words after thanks that are no name but a goodbye, and perhaps a greeting word after it: "danke tschüss hallo",
    /// "kiitos moikka moro" (the session-57 review: without punctuation they were read as a name, and the DM went to the
    /// matcher, which handed it off or gave the greeting).
    static bool Parting(string words)
    {
        var parts = words.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var afterGoodbye = false;
        foreach (var word in parts)
        {
            // (Finnish "moro" and "moi" say goodbye as well as hello: "kiitti moro", the session's review)
            if (Goodbye.IsMatch(word) || word is "moro" or "moi" or "morjens") afterGoodbye = true;
            else if (!(afterGoodbye && OneWordGreeting.IsMatch(word))) return false;
        }
        return afterGoodbye;
    }

    /// "all sorted", "problem solved", "hat sich erledigt", "hat geklappt", "asia selvisi": beside thanks, the matter is closed
    /// ("thanks for the help earlier, all sorted 👍" went to a person, QA round 8).
    static readonly Regex Resolved = new(Opening +
        @"(?:(?:its |it s |thats |that s |everything s |everythings |everything is )?(?:all )?(?:sorted|solved|resolved|fixed|working|done|good)(?: (?:now|out|again))?" +
        @"|(?:problem|issue|all) (?:solved|sorted|fixed|good)(?: now)?|(?:(?:and )?(?:it |everything |all )?works (?:now|again|perfectly|great|fine|like new)(?: now| again)?)|(?:i )?got (?:it|them) back(?: today| yesterday)?(?: and (?:it|they|everything) works? (?:now|again|perfectly|great|fine|like new))?|got it (?:sorted|working)|found it|(?:i |just )?(?:got|received|found) (?:them|em|the tickets|my tickets|the email|the mail)(?: now)?|(?:ich )?(?:hab|habe) (?:sie|es|die tickets|die karten|die mail)(?: jetzt| doch| schon)? (?:bekommen|erhalten|gefunden)|(?:sain|loysin) ne(?: jo| nyt)?|(?:ne )?tulivat (?:jo |nyt )?perille" +
        @"|(?:hat sich|alles|ist) (?:erledigt|geklart|gut|geklappt)(?: jetzt)?|hat (?:alles )?geklappt|(?:passt|klappt|geht|funktioniert) (?:jetzt|wieder|alles)(?: wieder)?" +
        @"|(?:es |jetzt |alles )?(?:funktioniert|klappt|geht) (?:es |jetzt |wieder )*(?:jetzt|wieder)|jetzt (?:klappt|geht|passt|funktioniert) (?:es|alles)|alles gut jetzt|(?:habs|hab es|habe es)? ?gefunden" +
        @"|(?:asia )?(?:selvisi|ratkesi|hoitui|jarjestyi)|kaikki (?:ok|kunnossa|selva|hyvin)(?: nyt)?|(?:nyt|taas) toimii|toimii (?:nyt|taas)|toimi|toimii|loysin sen|sain sen (?:toimimaan|toimiin)" +
        // something received, perhaps praised: "the book arrived today and it's lovely", "kirja tuli just ja on ihana"; not
        // "nothing arrived today" or "Niemand ist da" (a review)
        @"|" + NoNegation + @"(?:(?:the|my|our) (?:\w+ ){0,2}\w+|it|they|everything|all|both) (?:arrived|came)(?: today| yesterday| just now)?(?: and (?:it s|its|it is|they re|theyre|they are) (?:so |really )?(?:lovely|perfect|great|amazing|beautiful|gorgeous))?" +
        @"|" + NoNegation + @"(?:\w+ )?(?:ist|sind) (?:heute |gestern |gerade |jetzt )?(?:angekommen|da)(?: und (?:ist|sind) (?:so |echt |wirklich )?(?:toll|super|wunderschon|perfekt))?" +
        @"|(?:\w+ )?(?:tuli|tulivat|saapui|saapuivat) (?:just|jo|nyt|tanaan|eilen)(?: perille)?(?: ja (?:on|ovat|oli) (?:tosi |ihan |niin )?(?:ihana|ihania|upea|upeita|hieno|hienoja|mahtava|taydellinen))?)" + Closing,
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// Whether <paramref name="text"/> is a greeting or thanks and nothing else ("hi", "guten morgen", "thanks a lot").
    public static bool IsGreetingOrThanks(string text)
    {
        var folded = string.Join(' ', TextFolding.FoldedWords(text));
        return folded.Length > 0 && (OneWordGreeting.IsMatch(folded) || Greeting.IsMatch(folded) || ThanksAlone(text) is not null);
    }

    /// The thanks of a DM that is nothing but thanks, wishes, praise, goodbyes and a greeting ("Danke für die schnelle Hilfe!
    /// Schönen Abend noch", "Kiitos paljon avusta! Hyvää päivänjatkoa", "thanks, bye 👋"), folded and without what they are
    /// for ("danke", "kiitos paljon"): the words a library's thank-you answer is asked with. Whole, the wishes' and the help's
    /// words are no answer's, and the DM went to a person. Null when the DM says anything else, or thanks no one.
    public static string? ThanksAlone(string text)
    {
        // "thanks?" asks something; thanks in advance (below) announce a request (a review found both silenced).
        if (text.Contains('?') || Exasperated(text)) return null;
        text = TextFolding.Unstretched(text);   // "thaaanks"
        var pieces = Boundary.Split(text);
        string? thanks = null, praised = null;
        var afterGoodbye = false;
        for (var i = 0; i < pieces.Length; i += 2)
        {
            var folded = string.Join(' ', TextFolding.FoldedWords(pieces[i]));
            if (folded.Length == 0) continue;
            // after a goodbye, a greeting word says goodbye too: "alles klar, danke, tschüss! servus" (session 56's review: it went
            // to a person)
            if (afterGoodbye && OneWordGreeting.IsMatch(folded)) continue;
            var goodbye = Goodbye.IsMatch(folded);
            afterGoodbye = goodbye;
            if (PassesOnThanks(folded) && PassOnThanks.Match(folded) is { Success: true } pass)
            {
                thanks ??= pass.Groups["thanks"].Value;
                continue;
            }
            if (Praises(folded) && StaffPraise.Match(folded) is { Success: true } praise)
            {
                praised ??= praise.Groups["de"].Success ? "danke" : praise.Groups["fi"].Success ? "kiitos" : "thanks";
                continue;
            }
            if (SignOff.Match(folded) is { Success: true } signOff && (signOff.Groups["name"].Length == 0 || Parting(signOff.Groups["name"].Value)))
            {
                if (signOff.Groups["advance"].Success) return null;
                var name = signOff.Groups["name"];
                if (name.Length > 0) folded = folded[..name.Index];   // the goodbye after the thanks is no word of the thanks'
                afterGoodbye = name.Length > 0;
                // from the thanks on: "ok selvä kiitos" thanks as "kiitos" does ("selvä" is no word a thank-you answer is asked with)
                if (thanks is null && signOff.Groups["thanks"] is { Success: true } said)
                    thanks = WishAtEnd.Replace(Addressed.Replace((signOff.Groups["for"] is { Length: > 0 } what ? folded.Remove(what.Index, what.Length) : folded)[said.Index..], ""), "");
                continue;
            }
            if (Praise.IsMatch(folded) || goodbye || Resolved.IsMatch(folded) || i == 0 && (Greeting.IsMatch(folded) || OneWordGreeting.IsMatch(folded))) continue;
            // "ok got it, thx!", "Rad ist heute angekommen, mega schnell und super verpackt! Danke euch 🙏": a closing remark or
            // praise of the delivery beside the thanks (QA rounds 25 and 26: both went to a person)
            if (Policies.IgnoreClosingRemarks.IsClosing(pieces[i]) || Praises(folded) && ThingPraise.IsMatch(folded)) continue;
            return null;
        }
        return thanks ?? praised;
    }

    /// Praise of the help or the work someone gave ("the guy in your store was super helpful", "Eure Mitarbeiterin hat mir so
    /// toll geholfen", "siivooja teki tosi hyvää työtä"): thanks in other words. A DM of it alone is read as thanks, in the
    /// language of the words that praise (QA rounds 20 and 22: such DMs went to a person as out of scope). Folded; the
    /// intensifiers are only those of praise, so "wasn't helpful" and "war nicht nett" are none.
    static readonly Regex StaffPraise = new(Opening + NoNegation + "(?:" +
        // (up to eight words of who: "the lady on the phone at your office was really helpful yesterday", QA round 74)
        @"(?<en>(?:\w+ ){0,8}(?:was|were|is|are|has been|have been|looks|look|looked) (?:so |really |super |very |incredibly |absolutely |extremely |such a |such an |such )?" +
        @"(?:helpful|kind|friendly|nice|lovely|great|amazing|fantastic|brilliant|wonderful|awesome|excellent|professional|patient|a star|a legend|a great help|a big help)" +
        // what was made, praised, named in the clause: "the funeral wreath you made for my dad was beautiful" (a review of
        // session 52: its words outweighed the question after it, and the funeral answer was given for "do you also do flower
        // subscriptions?"); not a bare "ist wunderschön" whose thing a clause before names (this session's review)
        @"|(?:\w+ ){1,8}(?:was|were|is|are|looks|look|looked) " + Very + "(?:beautiful|gorgeous|stunning|perfect|delicious|spot on)" +
        @"|(?:\w+ ){0,6}did (?:a |an |such a |such an )?(?:really |super |very )?(?:great|good|amazing|fantastic|brilliant|wonderful|awesome|excellent|lovely|perfect|spotless) (?:job|work)" +
        @"|(?:\w+ ){0,6}(?:was|were) (?:so much |such |really |great |loads of )?fun|(?:we |i )?had (?:a |such a )?(?:great|lovely|wonderful|fantastic|brilliant|fun) time" +
        // how it went: "the move went great", "everything went smoothly" (QA round 49)
        @"|(?:\w+ ){0,6}went (?:so |really |super |very |absolutely )?(?:great|well|smoothly|perfectly|brilliantly|fine|like clockwork))" +
        @"|(?<de>(?:\w+ ){0,6}(?:hat|haben|hast) (?:mir |uns )?(?:\w+ ){0,3}(?:so |echt |wirklich |super |sehr |total |mega )?(?:toll|super|klasse|nett|freundlich|lieb|gut|grossartig|spitze|kompetent|schnell) (?:geholfen|gearbeitet|gemacht|beraten|geputzt)" +
        @"|(?:\w+ ){0,6}(?:war|waren|ist|sind) (?:so |echt |wirklich |super |sehr |total |mega )?(?:toll|super|klasse|nett|freundlich|hilfsbereit|lieb|kompetent|spitze|grossartig|eine grosse hilfe|mega|genial|top)" +
        @"|(?:\w+ ){1,8}(?:war|waren|ist|sind) " + Very + "(?:wunderschon|traumhaft|perfekt|lecker|superlecker)" +
        @"|(?:\w+ ){0,6}(?:hat|hatte|haben|hatten) (?:mir |uns )?(?:so |echt |wirklich |super |sehr |total |mega |riesig |viel )?(?:spass|freude) gemacht" +
        @"|(?:\w+ ){0,6}(?:sieht|sehen|sah) (?:\w+ ){0,2}(?:so |echt |wirklich |super |total )?(?:toll|super|klasse|sauber|spitze|grossartig|perfekt|blitzsauber) aus" +
        @"|(?:\w+ ){0,6}(?:lief|liefen|hat|ging) (?:alles )?(?:so |echt |wirklich |super |total |absolut )?(?:super|reibungslos|perfekt|prima|toll|glatt|gut)(?: geklappt| gelaufen| funktioniert)?)" +
        @"|(?<fi>(?:\w+ ){0,6}(?:teki|tekivat|on tehnyt|ovat tehneet) (?:tosi |todella |ihan |niin |erittain |super )?(?:hyvaa|loistavaa|upeaa|mahtavaa|hienoa|huolellista|siistia) (?:tyota|jalkea|duunia)" +
        @"|(?:\w+ ){0,6}(?:oli|olivat) (?:tosi |todella |ihan |niin |erittain |super )?(?:ystavallinen|ystavallisia|avulias|avuliaita|mukava|mukavia|ihana|ihania|ammattitaitoinen|ammattitaitoisia|huolellinen|huolellisia|loistava|loistavia|mahtava|mahtavia|upea|upeita|suuri apu|kivaa|hauskaa|ihanaa)" +
        @"|(?:\w+ ){1,8}(?:oli|olivat) " + Very + "(?:kaunis|kauniita|herkullinen|herkullisia|taydellinen)" +
        @"|(?:\w+ ){0,6}meni (?:tosi |todella |ihan |niin |erittain |super )?(?:hienosti|hyvin|loistavasti|taydellisesti|nappiin|mahtavasti|sujuvasti)" +
        @"|(?:\w+ ){0,6}(?:nayttaa|naytti) (?:tosi |todella |ihan |niin )?(?:upealta|hyvalta|mahtavalta|siistilta|puhtaalta|loistavalta|ihanalta))" +
        @")(?: (?:today|yesterday|this morning|again|as always|heute|gestern|heute morgen|wieder|wie immer|tanaan|eilen|taas|kuten aina))*" + Closing,
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// An intensifier of praise before its adjective, in any of the three languages ("so ", "echt ", "tosi "), or none.
    const string Very = @"(?:(?:so|really|super|very|absolutely|just|echt|wirklich|sehr|total|mega|einfach|tosi|todella|ihan|niin|aivan) )?";

    /// Whether the folded clause may be praise of someone's work (<see cref="StaffPraise"/>) or thanks to pass on
    /// (<see cref="PassOnThanks"/>): one of their words is in it. The regexes, tried on every clause of every DM, cost the
    /// engine a sixth of its turns a second before this check.
    static bool Praises(string folded) => HasAny(folded, PraiseWords);
    static bool PassesOnThanks(string folded) => HasAny(folded, PassOnWords);

    static bool HasAny(string folded, HashSet<string> words)
    {
        foreach (var word in folded.Split(' ')) if (words.Contains(word)) return true;
        return false;
    }

    static readonly HashSet<string> PraiseWords =
    [
        "helpful", "kind", "friendly", "lovely", "great", "amazing", "fantastic", "brilliant", "wonderful", "awesome", "excellent", "professional",
        "patient", "star", "legend", "help", "good", "perfect", "spotless", "toll", "super", "klasse", "nett", "freundlich", "lieb", "gut",
        "grossartig", "spitze", "kompetent", "schnell", "hilfsbereit", "hilfe", "sauber", "perfekt", "blitzsauber", "hyvaa", "loistavaa", "upeaa",
        "mahtavaa", "hienoa", "huolellista", "siistia", "ystavallinen", "ystavallisia", "avulias", "avuliaita", "mukava", "ihana",
        "ammattitaitoinen", "huolellinen", "loistava", "mahtava", "upea", "apu", "upealta", "hyvalta", "mahtavalta", "siistilta", "puhtaalta",
        "loistavalta", "ihanalta", "mega", "genial", "top", "spass", "freude", "fun", "time", "kivaa", "hauskaa", "ihanaa",
        "fast", "quick", "speedy", "flott", "fix", "nopea", "nopeasti", "nopeaa", "hyva", "hieno", "verpackt", "packed", "pakattu",
        "schnelle", "tolle", "perfekte", "perfectly", "nicely", "hyvin",
        "well", "smoothly", "clockwork", "nice", "reibungslos", "prima", "glatt", "mukavia", "ihania", "ammattitaitoisia", "huolellisia", "loistavia",
        "mahtavia", "upeita", "hienosti", "loistavasti", "taydellisesti", "nappiin", "mahtavasti", "sujuvasti",
        "beautiful", "gorgeous", "stunning", "delicious", "spot", "wunderschon", "traumhaft", "lecker", "superlecker", "kaunis", "kauniita",
        "herkullinen", "herkullisia", "taydellinen",
    ];

    /// Whom the thanks are for and how many ("danke euch", "danke vielmals", "kiitos teille"): left out of the thanks the
    /// library's thank-you answer is matched on ("danke vielmals" found none and was silence, a review of session 37).
    static readonly Regex Addressed = new(@" (?:euch|dir|ihnen|vielmals|teille|sulle|teil)\b", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// Praise of what came and how ("super fast delivery", "mega schnell und super verpackt", "tosi nopea toimitus"), one
    /// phrase or two joined by "and": beside thanks it is thanks too. Only in a DM of thanks (ThanksAlone): alone, "so fast"
    /// may be a question's impatience.
    static readonly Regex ThingPraise = new(Opening + NoNegation + "(?:" + ThingPraised + ")(?: (?:and|und|ja|&) (?:" + ThingPraised + "))*" + Closing,
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    const string ThingPraised =
        @"(?:so |really |super |very |crazy |incredibly )(?:fast|quick|speedy)" +
        @"|(?:(?:so |really |super |very )?(?:fast|quick|speedy|great|perfect|lovely|amazing|excellent|awesome|brilliant) (?:delivery|shipping|service|packaging|support|reply|response))" +
        @"|(?:(?:so |really |super |very )?(?:well|nicely|perfectly|beautifully|carefully) packed)" +
        @"|(?:(?:so |mega |super |echt |sehr |richtig |total |wirklich )(?:schnell|flott|fix|toll|klasse|perfekt))" +
        @"|(?:(?:mega |super |echt |sehr |richtig |total |wirklich )?(?:schnelle|tolle|super|klasse|perfekte|top) (?:lieferung|versand|service|verpackung|abwicklung|antwort|hilfe|beratung))" +
        @"|(?:(?:mega |super |echt |sehr |richtig |total |wirklich )?(?:gut|super|toll|perfekt|ordentlich|liebevoll|sicher|sorgfaltig|schon) verpackt)" +
        @"|(?:(?:tosi |todella |super |niin |ihan )(?:nopea|nopeasti|nopeaa|hyva|hieno|upea|ihana))" +
        @"|(?:(?:tosi |todella |super |niin )?(?:nopea|hyva|loistava|upea|mahtava) (?:toimitus|palvelu|pakkaus|vastaus))" +
        @"|(?:(?:tosi |todella |niin )?(?:hyvin|huolella|hienosti) pakattu)";

    static readonly HashSet<string> PassOnWords = ["danke", "dank", "thanks", "thank", "kiitos", "kiitokset", "kiitoksia"];

    /// No word of negation anywhere after this point of a clause: "nobody was helpful", "hat das Bad nicht gut geputzt",
    /// "doesn't look great" praise nothing (a review of session 36).
    const string NoNegation = @"(?!.*\b(?:not|no|nobody|noone|never|nothing|none|dont|doesnt|didnt|isnt|wasnt|werent|arent|hardly|nicht|kein|keine|keiner|keinen|niemand|nie|nichts|ei|eivat|en|mitaan|kukaan)\b)";

    /// Thanks to be passed on: "bitte richtet ihr nochmal Danke aus", "please pass on my thanks to Maria", "välitä kiitokset
    /// siivoojalle". Folded; the thanks word in group "thanks".
    static readonly Regex PassOnThanks = new(Opening + "(?:" +
        @"(?:bitte )?(?:richtet|richte|richten sie|sagt|sag) (?:\w+ ){0,4}(?<thanks>danke|dank|vielen dank|meinen dank) (?:\w+ ){0,2}aus(?: bitte)?" +
        @"|(?:please )?(?:pass on|give|send|say) (?:my |our |a big |a huge )?(?<thanks>thanks|thank you)(?: (?:to|from) (?:\w+ ){0,3}\w+)?(?: please)?" +
        @"|(?:valita|valittakaa|sano|sanokaa) (?:\w+ ){0,2}(?<thanks>kiitos|kiitokset|kiitoksia)(?: \w+)?" + ")" + Closing,
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// Whether the DM is nothing but a greeting, with wishes, praise or a goodbye ("heyy 👋 hope ur having a good day",
    /// "Servus miteinand! 😊", "Grüezi mitenand 🙂"): read whole, a regional greeting's words are unknown to the library, and
    /// such DMs went to a person as out of scope (QA rounds 23 and 24).
    public static bool GreetingAlone(string text)
    {
        if (Exasperated(text)) return false;
        // "how are you?" alone greets: the library's greeting answers it (QA round 56: "mitä kuuluu?" got the Wi-Fi answer,
        // whose example "kuuluuko puhelin siellä" shares its word)
        if (AsksHowYouAre(text)) return true;
        if (text.Contains('?')) return false;
        var pieces = Boundary.Split(TextFolding.Unstretched(text));
        var greeted = false;
        for (var i = 0; i < pieces.Length; i += 2)
        {
            var folded = string.Join(' ', TextFolding.FoldedWords(pieces[i]));
            if (folded.Length == 0) continue;
            if (Greeting.IsMatch(folded) || OneWordGreeting.IsMatch(folded)) greeted = true;
            else if (!Praise.IsMatch(folded) && !Goodbye.IsMatch(folded)) return false;
        }
        return greeted;
    }

    /// "How are you", asked as small talk, with a greeting before it or not (folded words): "hi how are you doing", "wie geht's
    /// euch", "mitä kuuluu", "moi miten menee". Not "how are you doing with my order" (the clause must end there).
    static readonly Regex HowAreYou = new(
        @"^(?:(?:hi+|hey+|hello|hallo+|moin|servus|moi+|moikka|hei+|terve|moro)(?: there| guys| all| zusammen| ihr| kaikki)? )?" +
        @"(?:how are (?:you|u|ya|you all|you guys)(?: doing| today)?|how r u|how s it going|hows it going|how you doing|how are things" +
        @"|wie geht s(?: dir| euch| ihnen)?|wie gehts(?: dir| euch| ihnen)?|wie geht es (?:dir|euch|ihnen)|alles (?:gut|klar) bei (?:dir|euch)" +
        @"|mita kuuluu|mitas kuuluu|mita kuulu|miten menee|mites menee|kuis menee|kuis kulkee|miten voit|miten voitte)$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// Whether the DM is nothing but "how are you?", with a greeting before it or not (<see cref="HowAreYou"/>).
    public static bool AsksHowYouAre(string text) => HowAreYou.IsMatch(string.Join(' ', TextFolding.FoldedWords(text)));

    /// An eye-roll or a huff makes thanks and praise sarcasm ("Thanks guys 🙄", "Your support team is so helpful 😤").
    static bool Exasperated(string text) => Handoffs.EscalationSignals.EyeRolls.Any(e => text.Contains(e, StringComparison.Ordinal));

    /// A greeting of two words or more that opens the DM as a clause of its own: "Guten Tag, können Sie …", "Good morning!
    /// where is …", "hello everyone, …". Read with the question, "guten" and "tag" are the greeting answer's words and
    /// outnumbered the question's own. A greeting of one word stays: it is outnumbered, and "servus, wer ist da" is a greeting.
    static readonly Regex Greeting = new(
        @"^(?:good (?:morning|afternoon|evening|day)|dear (?:team|all|sir or madam|sir|madam|\w+ team)|guten (?:tag|morgen|abend)|moin moin|gruss gott" +
        @"|liebes (?:\w+ ?)?team|sehr geehrte damen und herren|hyvaa huomenta" +
        @"|(?:" + GreetingWords + @"|gruss gott) (?:there|all|everyone|guys|folks|team|zusammen|ihr|leute|kaikki|miteinand|mitenand|beinand|allerseits))$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// A question announced before it is asked, opening the DM, with or without a greeting: "hey quick one - …", "Kurze Frage:
    /// …", "nopee kysymys: …" (QA round 48: "hey quick one - do you ship to austria and how much is it" was read as one question
    /// with its opening and went to a person; without it, both questions are answered). After a greeting a comma sets apart
    /// ("Hi, quick question: …") it is the second piece and is kept, and the DM is answered all the same.
    static readonly Regex AnnouncedQuestion = new(
        @"^(?:(?:" + GreetingWords + @"|ok|okay|so|also)\s+)*(?:(?:a|one|just a|eine|ne|nur eine|noch eine|another)\s+)?" +
        @"(?:(?:quick|short|small|little|kurze|kleine|schnelle|nopee|pikainen|lyhyt|pieni)\s+(?:question|one|q|frage|kysymys)|question|frage|kysymys)$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// A greeting of one word: left out only when a sentence end or an emoji closes it ("Terve! kauanko …", "Moin 👋 kann
    /// man …"); "servus, wer ist da" is a greeting.
    static readonly Regex OneWordGreeting = new(@"^(?:" + GreetingWords + ")$", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// The words that greet, as one alternation for every reader of greetings (this class's, and the greeting that opens a
    /// question or a preamble in MatchStockAnswer): folded, and "grüezi" also as typed, for a reader of the raw text.
    internal const string GreetingWords = "hi+|hey+|hello|hallo+|hej|hiya|heya|moin|servus|gr[uü]ezi|griass di|hei+|moi+|moikka|terve|moro|heippa|huhu";

    static readonly Regex SentenceEnd = new(@"^\s*(?:[.!…]|\n|[\p{So}\p{Cs}])", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    static readonly Regex Praise = new(Opening + "(?:" +
        // praise
        // (not "love the silence": praise of the shop, its team or its things, not of what happened)
        @"(?:i |we )?(?:really |just |absolutely )?(?:love|loving|adore) (?:your|ur|you|u)(?: \w+){0,2}" +
        @"|(?:(?:you|u)(?: guys| all| folks)? (?:are|r)|youre|ur) (?:the best|great|awesome|amazing|lovely|fantastic|stars|legends|the greatest)" +
        @"|big fan(?: of (?:yours|you|your \w+))?|keep up the (?:good|great) work|great (?:shop|store|stuff)" +
        @"|(?:ich )?liebe (?:euren|euer|eure|euch|ihren|deinen|den|die|das)(?: \w+){0,2}|ihr seid (?:super|toll|klasse|spitze|die besten|grossartig|genial|der hammer|top)" +
        @"|rakastan (?:teidan|teijan|tata|teita)(?: \w+)?|(?:ootte|olette) (?:ihania|parhaita|mahtavia|huippuja|ihana|paras|parhaat)" +
        // wishes
        @"|have a (?:nice|good|great|lovely|wonderful) (?:day|weekend|evening|one|week|night)|hope (?:you re|youre|ur|you are|u r|you all are|youre all) having a (?:nice|good|great|lovely|wonderful) (?:day|weekend|evening|week)|enjoy your (?:day|weekend|evening)|good ?night|nighty night|sleep well" +
        @"|(?:einen )?(?:schonen|sonnigen) (?:tag|abend|sonntag)(?: noch)?|(?:ein )?schones wochenende(?: noch)?|gute nacht|schlaf gut" +
        @"|(?:hyvaa|mukavaa|aurinkoista|ihanaa) (?:paivanjatkoa|illanjatkoa|viikonloppua|viikonlopun jatkoa|paivaa|iltaa|yota)|hyvaa yota|oikein hyvaa yota|kauniita unia" +
        ")" + Closing,
        RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
