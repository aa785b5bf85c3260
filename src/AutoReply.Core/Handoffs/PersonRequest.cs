using System.Text.RegularExpressions;
using AutoReply.Core.Matching;
using static System.FormattableString;

namespace AutoReply.Core.Handoffs;

/// Whether a DM asks for a person — anywhere in it, in English, German or Finnish: "talk to a human", "Mitarbeiter
/// bitte", "voinko puhua ihmisen kanssa", "can someone call me?", "not a bot". A DM that only mentions a person
/// ("your staff were lovely", "the delivery agent left it outside", "mein Mann hat bestellt") is not a request: the
/// patterns are frames of asking (a verb of contact, a plea, a question for someone to be there), never the nouns
/// alone. Text is matched case- and accent-folded ("Menschen" and "MENSCHEN" alike; ä as a).
/// The frames were tuned on Handoffs/Signals/person-requests*.tsv (see PersonRequestTests); the model
/// (<see cref="SignalModel.PersonRequests"/>) reads the whole DM beside them.
public static partial class PersonRequest
{
    // Who a customer asks for.
    const string En = @"(?:human(?:s| being| agent)?|hooman|boss|sum1|some1|any1" +
        @"|(?:real|actual|live) (?:person|human|agent|people|someone|support person|member of staff)" +
        @"|person|people|someone|somebody|anyone|agent|representative|rep|staff(?: member)?|member of (?:your |the )?(?:staff|team|support team)" +
        @"|employee|manager|supervisor|advis[eo]rs?|operator|team leader)";
    const string De = @"(?:mensch(?:en)?|menschlichen mitarbeiter|mitarbeiter(?:in)?|person|ansprechpartner(?:in)?|berater(?:in)?|sachbearbeiter(?:in)?" +
        @"|kundenberater(?:in)?|agent(?:en)?|chef(?:in)?|teamleitung|vorgesetzten|filialleiter(?:in)?|jemand(?:em|en)?)";
    const string Fi = @"(?:ihmi(?:nen|sen|selle|sta|sta)|asiakaspalvelija(?:n|lle|a|an)?|asiakasneuvoja(?:n|lle|a|an)?|henkilo(?:n|lle|a)?" +
        @"|tyontekija(?:n|lle|a)?|jonkun|joku|agenttiin)";

    // Whom "saada kiinni" (to reach) reaches when it asks for a person; "en saa kantta kiinni" is a lid that will not close.
    const string FiReached = @"(?:teidat|teita|teihin|ketaan|ketakaan|jonkun|ihmisen|ihmista|henkilon|asiakaspalvelijan|asiakaspalvelun|myyjan" +
        @"|esimiehen|teidan \w+)\b";

    static readonly Regex[] Frames = Compiled(
        // English: talk/speak/chat to someone; connect/transfer/put me through; get/want/need/reach a person.
        $@"(?<!\b(?:don'?t|do not|no|not|never) need to |\bnot |\bnever )\b(?:talk(?:ing)?|tlk|speak(?:ing)?|speek|spk|chat(?:ting)?|converse)(?: (?:this|it) through)?(?: live| directly| personally)?(?: w| with| to)\b",
        @"(?<!\b(?:don'?t|do not|not|never) )\b(?:connect|transfer|put) me\b|\bbe (?:transferred|connected|put through) to\b" +
            @"|\bescalate (?:this|it|me)\b|\bescalate (?:this |it )?to\b|\bwhoever is in charge\b|\b(?:pass|forward|refer) me (?:on )?to\b" +
            @"|\bget (?:them|someone|somebody|you|a person|a human) on the (?:line|phone)\b|\beskal(?:ier|oi)\w*" +
            @"|\bwho (?:do|can|should) i (?:contact|call|talk to|speak to|ring|write to|reach)\b" +
            @"|\b(?:is|are) (?:there )?(?:somebody|someone|anyone|anybody|a person|one of your \w+) (?:able|available) to\b",
        // "a call from your team", "a conversation with one of your advisors", "is anybody there?", "tech support asap"
        @"\b(?:a call|a callback|a phone call|a ring) from (?:your|the|a|an|someone|one of)\b" +
            @"|\b(?:conversation|appointment|meeting|call|chat) with (?:one of your|someone|somebody|a person|an? (?:advis[eo]r|agent|specialist))" +
            @"|\bis (?:anybody|anyone|somebody|someone) (?:there|here|around|home)\b|\benough with the bot\b|\bno more bots?\b" +
            @"|\b(?:need|want|get me) (?:a |an |some )?(?:tech(?:nical)? support|support agent|specialist|technician)\b" +
            @"|\bif not,? (?:can|could) you get me one\b" +
            $@"|\bget (?:a ?)?hold of (?:an? |the |your |any |some )?(?:real |actual |live )?(?:you|{En}|customer (?:service|care|support)|support|(?:\w+ )?team|shop|store)\b",
        $@"\b(?:get|give|gimme|want|need|reach|request|prefer|speak with|would like|'d like|(?:can|could|may) i have)(?: me)?(?: to)?" +
            $@"(?: an?| the| one| some| your)?(?: real| actual| live| proper)? {En}\b(?! (?:hair|size|for|who))",
        // "I'd prefer to deal with a person", "is there a way to get in touch with a human", "any chance of a phone call?"
        $@"\b(?:prefer|rather|wants?|likes?|needs?|wish(?:es)?|can i|could i|may i|let me|way to|how (?:do|can) i)(?: to)?(?: \w+){{0,2}} " +
            $@"(?:deal|sort (?:this|it)(?: out)?|discuss (?:this|it)|handle (?:this|it)|go through (?:this|it)|talk (?:this|it) through" +
            $@"|get in touch|be in touch|get through) (?:with|to) (?:a |an |the |your |one of your )?(?:real |actual |live )?{En}\b",
        @"\b(?:any chance of|(?:can|could|may) i (?:get|have|book|arrange|request)|i'?d like|i would like|i want|i need|please|pls|plz) " +
            @"(?:a |an )?(?:quick )?(?:phone call|call ?back|phone chat|call|ring)\b(?! (?:cent(?:er|re)|log|history|quality|forwarding|waiting|option))",
        @"(?:^|[.!?] )(?:hello\W+|hi\W+)?(?:is )?(?:anybody|anyone|somebody|someone|any ?one) (?:there|here|around|home|awake|alive)\b",
        $@"\b(?:can|could|would|will|may)(?: i get)? " +
            $@"(?:a |an |one of your |some ?one from |somebody from |anyone from |any ?one from |a member of )?(?:your |the )?(?:real |actual )?" +
            $@"(?:someone|somebody|anyone|person|human|staff(?: member)?|member of (?:your |the )?(?:staff|team|support team)|employee|agent|manager" +
            $@"|technician|engineer|specialist|expert|consultant|(?:[a-z]+ )?team|support team|service team|customer (?:service|care)|advis[eo]r)(?: from [a-z ]{{2,30}})? (?:pls |please |plz )?" +
            $@"(?:call|ring|phone|contact|reply|respond|answer|get back|reach out|get in touch|follow up|message|email|e-mail|help|look|check|sort|confirm|text|write)\b",
        @"\b(?:have|ask|get) (?:(?:your|the) (?:\w+ ){0,2}(?:team|department|staff|support|people|manager|advis[eo]r)" +
            @"(?= (?:to )?(?:call|ring|contact|reply|message|email|get back)\b)" +
            @"|someone|somebody|one of your (?:\w+ ){0,2}?(?:staff|team|agents|consultants|advis[eo]rs|experts|people)|a person" +
            @"|a human|a manager) (?:to )?" +
            @"(?:call|ring|contact|reply|message|email|get back|look|check)\b",
        @"\b(?:someone|somebody|anyone|a person|a human|staff|a manager)(?: from| in| at) " +
            @"(?:the|your) (?:team|support|customer (?:service|care)|shop|store)\b" +
            @".{0,20}\b(?:pls |please )?(?:reply|respond|call|contact|answer|get back|help)\b",
        @"\b(?:is|are) (?:there )?(?:a |an |any )?(?:real |actual |live )?(?:person|persons|human|humans|staff member|staff|agent|someone|anyone|people|one)" +
            @"(?: from [a-z ]{2,30})? (?:reading|there|available|online|working|around|here|in|on)\b",
        @"\bany (?:humans?|people|staff) (?:working|there|around|online|available|here)\b" +
            @"|\b(?:anybody|anyone|someone|somebody|sum1|some1|any1) (?:real|human|alive)\b|\b(?:anybody|anyone) (?:real )?out there\b",
        @"(?<!\b(?:don'?t|do not|never|no need to|not|no need for (?:anyone|someone|anybody|a person) to) )\b(?:call|ring|phone) me(?: back)?\b" +
            @"|(?<!\b(?:no need for|don'?t need|do not need|don'?t want|do not want|no) (?:a |any )?)\bcall ?backs?\b(?! (?:is )?(?:needed|necessary))",
        @"\b(?:complain|write|escalate|report this) to (?:a|the|your) (?:manager|supervisor|person|human)\b",
        @"(?<!\b(?:i'?m|i am|im|ich bin|olen) )\b(?:not|no|skip|stop|bypass|instead of|no more)(?: a| the| another| these| this| your)? " +
            @"(?:chat ?)?(?:bot|robot|template|menu|canned|automated|auto)",
        @"\bdon'?t want (?:automated|a bot|the bot|bots|a chatbot|canned)",
        $@"^\W*(?:(?:talk|speak) to )?(?:a |the )?(?:real |actual |live )?" +
            $@"(?:(?:human(?: agent)?|hooman|agent|person|representative|operator|someone|manager|supervisor|customer service|support staff|staff)\W*)+" +
            $@"(?:(?:please|pls|plz|now|asap)\W*)*$",
        @"\b(?:human|hooman|person|agent|representative|manager|operator|staff) (?:please|pls|plz)\b|\bhuman help\b" +
            @"|\bneed (?:a |an )?(?:real |actual )?(?:human|person|support person|agent)\b",

        // German: mit jemandem sprechen/reden/chatten, verbinden, bitte einen Mitarbeiter, Rückruf, kein Bot.
        @"\bmit (?:\w+ ){0,4}(?:sprechen|reden|chatten|telefonieren|schreiben|verbinden)\b" +
            @"|\b(?:sprechen|reden|chatten|verbinden|verbinde|verbindet)(?: sie| ihr)?(?: mich)?(?: bitte)?(?: endlich)? mit\b",
        $@"\b{De} (?:bitte|pls|please|sprechen)\b|\bbitte (?:\w+ ){{0,3}}(?:einen|eine|einem|nen|ne) (?:\w+ )?{De}\b" +
            $@"|\b(?:einen|eine|nen) (?:\w+ )?{De} (?:haben|sprechen)\b",
        // (and the boss: "kann mich bitte die Chefin zurückrufen wegen …", QA round 76, read only by the model alone and missed
        // after a question)
        $@"\b(?:kann|konnte|koennte|wurde|kann mal|konnt ihr|konnen sie)(?: \w+){{0,3}} (?:ein|eine|einer|jemand|mensch|mitarbeiter|chef|chefin|inhaber|inhaberin)(?: \w+){{0,4}} " +
            $@"(?:anrufen|zuruckrufen|melden|erklaren|helfen|antworten|kontaktieren|schreiben)\b",
        @"\bjemand echtes\b|\becht(?:e|en|er)? (?:mensch|menschen|person|mitarbeiter|leute|leuten)\b(?! oder)|\breale(?:n)? person\b" +
            @"|\bpersonlich(?:en)? (?:zuruck|kontakt|ansprechpartner|melden|antworten)" +
            @"|\b(?:kontaktiert|kontaktieren sie|schreiben sie|schreibt) mich (?:\w+ )?personlich\b",
        @"(?<!\bkein(?:en)? )\bruckruf\b(?! (?:ist )?(?:notig|erforderlich|noetig))|\bruf(?:t|en sie)? mich (?:(?!nicht\b|nie\b)\w+ ){0,2}(?:an|zuruck)\b" +
            @"|\bjemand(?:en|em)? am telefon\b|\bam liebsten (?:mit )?(?:\w+ )?(?:jemand\w*|mensch\w*|mitarbeiter\w*|person|berater\w*)\b",
        @"\bkein(?:en)? (?:chat)?bot\b|\bnicht (?:den|mit dem|mit einem) (?:chat)?bot\b|\bkeine textbausteine\b",
        @"\b(?:ist|gibt es|gibts|gibt's) (?:\w+ )?(?:gerade |da |hier |bei euch |noch )*(?:jemand|jemanden|menschen|ein mitarbeiter|eine mitarbeiterin)\b" +
            @".{0,40}\b(?:online|da|erreichbar|kundenservice|mit dem ich|der mir|die mir)\b" +
            @"|\bist (?:da|hier) (?:jemand|ein mensch|eine? mitarbeiter(?:in)?)\b",
        @"gesprach mit\b|\bmit wem (?:kann|konnte|soll|muss) (?:ich|man)\b|\b(?:leite[nt]?|leiten sie) (?:mich|uns) (?:\w+ ){0,4}weiter\b|\bmitarbeiter (?:da|erreichbar)\b|\b(?:termin|telefonat) mit (?:einem|einer|dem|der|ihrem|ihrer|jemandem)\b" +
            @"|\bbot aus\b|\bmensch an\b|\bpersonlich klaren\b|\bwer ist (?:\w+ ){0,3}zustandig\b" +
            @"|\b(?:wen|wer) (?:kann|konnte|soll) (?:ich|man) (?:\w+ ){0,4}(?:anrufen|erreichen|kontaktieren|sprechen)\b" +
            @"|\b(?:jemand|mitarbeiter(?:in)?|berater(?:in)?|ansprechpartner(?:in)?) (?:\w+ ){0,2}bei mir meld\w*" +
            @"|(?<!\b(?:nicht|nie|bitte nicht) )\bmich (?:(?!nicht\b|nie\b|keinesfalls\b)\w+ )?(?:anrufen|zuruckrufen)\b",
        // The word alone: what the disclosure, "are you a bot?" and the flows tell a customer to write ("Mitarbeiter").
        @"^\W*(?:(?:einen|eine|ein|nen) )?(?:(?:echte|menschliche)[nr]? )?" +
            @"(?:mitarbeiter(?:in)?|mensch|menschen|kundenservice|kundendienst|ansprechpartner(?:in)?|berater(?:in)?)\W*(?:(?:bitte|pls|sofort|jetzt)\W*)*$",

        // Finnish: puhua/keskustella jonkun kanssa, yhdistä, soittakaa, ottaa yhteyttä, ei bottia, oikea ihminen.
        @"\b(?:puhua|puhuma\w*|keskustella|keskustelema\w*|jutella|juttelema\w*)\b|\bkuka (?:voisi|voi|voisitte|pystyy|pystyisi)\b" +
            @"|\bsiirta\w* (?:tama |taman |asia\w* )?eteenpain\b",
        @"\byhdista(?:kaa|a)? minut\b|\bsiirta\w* minut\b|\bkenen puoleen\b|\b(?:hanen|heidan|jonkun) kanssaan?\b" +
            $@"|\bsa(?:a|an|ada|isin|isinko|isko|isiko|anko|ako|isi) (?:\w+ ){{0,3}}{FiReached} (?:\w+ )?kiinni\b|\bsa(?:a|an|ada|isin|isinko|isko|isiko|anko|ako|isi) kiinni (?:\w+ )?{FiReached}" +
            @"|\b(?:sopia|varata|saada|pyydan|haluaisin|haluan|toivon|toivoisin) (?:\w+ )?(?:puhelun|puhelinajan|puhelinaika|soiton)\b|\btakaisinsoit\w*" +
            @"|\byhteydenott\w*(?: \w+)? (?:puhelimitse|puhelimella)\b|\bpyyda\w* yhteydenott\w*" +
            @"|\bpyyt\w* soitto\w*|(?<!\b(?:en|ei|emme|ette) (?:tarvitse|tarvi|halua|tarvitsekaan) (?:\w+ )?)\bsoittoa\b|\boikealle osastolle\b|\boikealta (?:ihmiselta|henkilolta)\b" +
            @"|\bsoit(?:a|takaa|tatteko|taisitteko)(?: mulle| minulle)\b|\bsoittaa (?:mulle|minulle)\b|\bottaa (?:minuun )?yhteytta\b",
        @"\bei (?:bottia|robottia|bottii)\b|\bbotti seis\b",
        $@"\b(?:haluan|haluun|haluaisin|haluisin|tarvitsen|tarviin|saada|saisinko|saanko|laittakaa)(?: \w+){{0,2}} {Fi}\b",
        $@"\bsoittopyyn\w*|\b(?:saan|saisin|saisinko|saanko|saada) (?:\w+ )?yhtey(?:s|den)\b|\byhdista(?:kaa|isitteko|tteko)?\b(?: \w+){{0,3}} " +
            $@"(?:ihmiselle|asiakaspalvelijalle|henkilolle|jollekin|asiakaspalveluun)\b",
        $@"\bjoku (?:\w+ )?(?:ihminen|asiakaspalvelija)\b|\b(?:ihminen|asiakaspalvelija) (?:kiitos|tanne|pliis|please|heti)\b" +
            $@"|\boike(?:a|aa|alle|en)? (?:ihminen|ihmisen|ihmista|ihmiselle|henkilo)\b(?! (?:vastasi|auttoi|hoiti|neuvoi))" +
            $@"|\bonko (?:siella |paikalla |taalla |tuolla )?(?:ketaan|ihminen|ihmista|joku)\b",
        // The word alone: what the disclosure and "are you a bot?" tell a customer to write ("ihminen").
        @"^\W*(?:ihminen|ihmisen|asiakaspalvelija|asiakaspalvelu|henkilo)\W*(?:(?:kiitos|pliis|please|heti)\W*)*$");

    static readonly Regex Plea = new($@"^\W*(?:(?:talk|speak) to )?(?:a |the )?(?:real |actual |live )?" +
        $@"(?:human(?: agent)?|agent|person|representative|operator|manager|supervisor|support staff|staff)\W*(?:(?:please|pls|plz|now|asap)\W*)*\?$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    static Regex[] Compiled(params string[] patterns) =>
        patterns.Select(p => new Regex(p, RegexOptions.CultureInvariant | RegexOptions.Compiled)).ToArray();

    static readonly Regex Space = SpaceRegex();

    /// True when the DM asks for a person: the rules' finding, with the second opinion of <see cref="SignalModel.PersonRequests"/>.
    public static bool IsRequested(string text) => Judge(text).Asks;

    /// Whether the DM asks for a person, and who found it: the frames, the model, or both (for the transcript's "why").
    public static PersonRequestFinding Judge(string text)
    {
        var read = Read(text);
        var found = FoundIn(read);
        // A DM of a word or two has too little for the model to go on: what the frames say stands ("human pls", "agent").
        // Unless a frame finds a request, the model is not asked about a DM that declines contact ("bitte mich nicht
        // anrufen"). A question whether it is a bot ("r u a bot") is not in what it reads (Read leaves it out).
        if (read.AsSpan().Count(' ') + 1 < MinWordsForTheModel || (!found && Declines.IsMatch(read)))
            return new PersonRequestFinding(found, found, null);
        var model = SignalModel.PersonRequests;
        var score = model.ScoreRead(read);
        // Alone, the model must find someone to ask for in the DM (the bot question it does not read included: "lukeeko tätä
        // oikea ihminen? jos lukee niin vastaa"): a person, a team, a call, a talk or an answer ("hello?? please answer
        // quickly"). "Ich möchte einen Termin" (0.71) and "ich würde gerne einen Termin vereinbaren" asked for an appointment,
        // not a person (QA round 47), and "unsubscribe me from your messages pls" for nothing of the kind (QA round 44).
        return new PersonRequestFinding(found ? score >= model.Veto : score >= model.Accept && NamesSomeone.IsMatch(WithoutAServiceAsked(TextFolding.Fold(text))), found, score);
    }

    /// Someone a DM may ask for, or a way to reach them (folded): a person, staff, a team, a call, a talk, a contact, a reply.
    /// Only a necessary sign for the model's finding, not a request by itself: most negatives of the training sets name
    /// someone too, and every request of them does (1,194).
    static readonly Regex NamesSomeone = new(
        // en: a person, a role, a department, a call or a talk (and the way customers spell them: "some1", "hooman")
        @"\b(?:\w*human\w*|hooman|\w*person\w*|people|some(?:one|body|1)|sum1|sombody|any(?:one|body)|no ?one|nobody|who|whom|agent\w*|staff|employee\w*|reps?" +
        @"|representative\w*|operator\w*|manager\w*|supervisor\w*|boss|team|support|service|colleague\w*|advis[eo]r\w*|consultant\w*|specialist\w*|expert\w*" +
        @"|technician\w*|mechanic\w*|stylist\w*|department\w*|desk|office|reception\w*|owner\w*|whoever|charge|billing|real|live|back|write|email|message|text|actual|bot\w*|robot\w*|machine\w*|automat\w*|ai|call\w*|phone\w*|ring|line" +
        @"|answer\w*|reply|respond\w*|speak\w*|speek|talk\w*|chat\w*|contact\w*|reach\w*|connect\w*|transfer\w*|pass me|put me|escalat\w*|hotline|number|one-to-one|appointment with" +
        // de
        @"|\w*mensch\w*|jemand\w*|irgendwer|niemand\w*|wer|\w*mitarbeiter\w*|kolleg\w*|\w*berater\w*|\w*beratung(?!s?termin)\w*|sachbearbeiter\w*|spezialist\w*|techniker\w*" +
        @"|\w*apothek\w*|\w*kundenservice|\w*kundendienst|\w*betreuer\w*|ansprech\w*|chef\w*|vorgesetzt\w*|\w*fuhrung\w*|\w*abteilung|\w*(?<!be|her|ab|ein|vor|fest|dar|um|ver|an|aus|zu|nach|bereit|sicher|frei|wieder|klar)stelle|zustandig\w*" +
        @"|empfang\w*|inhaber\w*|zuruck\w*|\w*meldung|schreib\w*|\w*anruf\w*|\w*rufen|\w*ruf|ruft|telefon\w*|\w*gesprach\w*|sprech\w*|sprich|rede\w*|erreich\w*|kontakt\w*|verbind\w*|\w*leiter\w*|\w*(?<!g)leite[nt]|\w*(?<!an|ein|um|wasser|strom|gas|rohr|ab)leitung\w*|durchstell\w*|vermittel\w*" +
        @"|antwort\w*|melde\w*|eskal\w*|echt\w*" +
        // fi
        @"|ihmi\w*|henkil\w*|jo(?:ku|nkun|llekin|ltain|kin)|ketaan|kukaan|kuka|kenen|\w*asiakaspalvel\w*|\w*tyontekij\w*|\w*myyja\w*|\w*esimie\w*|\w*paallik\w*" +
        @"|pomo\w*|tiimi\w*|\w*toimisto\w*|mekaanik\w*|omistaj\w*|ilmoit\w*|kirjoit\w*|viesti\w*|\w*neuvoja\w*|\w*asiantuntij\w*|teknikk?o\w*|\w*koordinaattori\w*|farmaseut\w*|\w*(?<!o)soit\w*|puhelin\w*|puhelu\w*|puhu\w*|jutel\w*|keskustel\w*" +
        @"|vastat\w*|vastaa\w*|tavoit\w*|yhtey\w*|yhdist\w*|siirt\w*|tapaami\w*|konsultaatio\w*|kiinni|eskaloi\w*|aito\w*|elava\w*)\b",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    const int MinWordsForTheModel = 3;

    /// Contact declined, in the shapes a refusal takes — "please don't call me", "I don't need a callback", "no need to
    /// speak to anyone", "bitte mich nicht anrufen", "ruft mich auch nicht an", "brauche keinen Rückruf", "en tarvitse soittoa", "älä soita" — and
    /// not a complaint that nobody called ("you never call back", "ihr habt nicht zurückgerufen", "kukaan ei soittanut").
    /// The frames know refusals by their place; the model has seen too few of them to be trusted with one.
    static readonly Regex Declines = new(
        @"(?:^|[.,!?;:] |\bplease |\bpls |\bjust |\bbut )(?:don'?t|do not)(?: \w+){0,2} (?:call|ring|phone|contact|text|message)\b" +
        @"|\bi (?:don'?t|do not) (?:need|want)(?: \w+){0,3} (?:call|callback|call back|ring|phone|contact|talk|speak|chat)" +
        @"|\bno (?:need|reason) (?:to|for)(?: \w+){0,2} (?:call|ring|phone|contact|talk|speak|callback)" +
        @"|\bnicht (?:mehr )?(?:anrufen|zuruckrufen|kontaktieren|anschreiben)\b|\bbitte kein(?:en)? (?:anruf|ruckruf)" +
        @"|(?:^|[.,!?;:] |\bund |\bbitte )ruf(?:t|en sie)? (?:mich|uns) (?:bitte |auch |lieber )?nicht (?:mehr )?an\b" +
        @"|\b(?:brauche?|mochte|will|wunsche) (?:\w+ )?kein(?:en)? (?:anruf|ruckruf|kontakt)|\bkein(?:en)? (?:anruf|ruckruf) (?:notig|noetig|erforderlich|bitte)" +
        @"|\b(?:en|ei|emme) (?:tarvitse|tarvi|halua)(?: \w+){0,2} (?:soitto\w*|puhelu\w*|soittaa|yhteydenott\w*|puhua)|\b(?:ala|alkaa) (?:\w+ )?soit\w*",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// What the frames and the general rule below find, alone.
    public static bool FoundByRules(string text) => FoundIn(Read(text));

    /// The DM as the rules and the model read it: folded, in single spaces, without quoted passages (someone else's
    /// words), sentences that ask about a person rather than for one (<see cref="AboutAPerson"/>), questions for a number to
    /// call (<see cref="AsksForANumber"/>), or clauses that ask
    /// whether the other side is a bot or a person (Policies.AnswerBotQuestion: "is this a real human I'm talking to?" is
    /// answered as such, not taken for a request). Reading it twice changes nothing.
    public static string Read(string text) =>
        Space.Replace(Policies.AnswerBotQuestion.WithoutQuestion(AsksForANumber.Replace(WhoDoesIt.Replace(
            AboutAPerson.Replace(WithoutAServiceAsked(Space.Replace(TextFolding.Fold(TextFolding.WithoutQuotes(text)), " ").Trim()), " "), " "), " ")), " ").Trim();

    /// A question of who does a task — "who handles the paperwork with the grid operator", "wer kümmert sich um die
    /// Anmeldung?", "kuka hoitaa ilmoituksen verkkoyhtiölle?" — asks whether the brand does it, which an answer may say, not
    /// for a person to take the thread (QA round 64: handed off as a request by the model, 0.66, and the grid-registration
    /// answer, "we do it for you", never sent). Left out up to its sentence's end before the DM is read; a clause that names
    /// a talk, a call or a contact stays ("who handles complaints? I want to speak to them" still asks).
    static readonly Regex WhoDoesIt = new(
        @"(?:^|(?<=[.!?:,] ))(?:(?:hi|hey|hello|hallo|moi|hei)\W+)?(?:(?:and|so|und|also|ja|entas?)\s+)?" +
        @"(?:who|wer|kuka)\s+(?:(?:exactly|actually|genau|eigentlich|sitten)\s+)?" +
        @"(?:handles|does|takes care of|is responsible for|deals with|organi[sz]es|arranges|sorts out|registers|files|applies for|pays(?: for)?|installs|brings|provides" +
        @"|kummert sich(?: um)?|macht|erledigt|ist (?:dafur |da )?zustandig|ubernimmt|bezahlt|zahlt|meldet|beantragt|bringt" +
        @"|hoitaa|tekee|vastaa|maksaa|huolehtii|jarjestaa|ilmoittaa|hakee|tuo)\b" +
        @"(?![^.!?]*\b(?:talk|speak|chat|call|ring|contact|reach|reply|answer|sprech\w*|rede\w*|anruf\w*|ruf\w*|kontakt\w*|erreich\w*|puhu\w*|soit\w*|yhtey\w*|tavoit\w*)\b)" +
        @"[^.!?]*[.!?]?",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// The folded text without the someone of a service asked for: "can someone design a logo for me?", "could somebody fix
    /// my heating tomorrow" ask whether the brand does a thing, not for a person to talk to (QA round 57: the logo went to a
    /// person as a request, and the library's "we don't design from scratch" was never sent). Someone asked to reach, answer,
    /// help or look into something stays: "can someone call me", "could anyone please check my order".
    static string WithoutAServiceAsked(string folded) =>
        ServiceAsked.Replace(folded, m => ContactVerbs.Contains(m.Groups[2].Value) ? m.Value : m.Groups[1].Value + m.Groups[2].Value);

    static readonly Regex ServiceAsked = new(
        @"\b((?:can|could|will|would)\s+)(?:someone|somebody|anyone|anybody)\s+([a-z][a-z'-]*)",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// What a customer asks someone to do when they ask for a person: reach them, answer, help, look into their case, or a
    /// word that keeps the request open ("please", "from", "there", "available").
    static readonly HashSet<string> ContactVerbs =
    [
        "call", "ring", "phone", "contact", "reply", "respond", "answer", "get", "reach", "message", "email", "e-mail", "mail", "text", "write",
        "dm", "pm", "help", "look", "check", "sort", "confirm", "talk", "speak", "chat", "explain", "tell", "advise", "assist", "deal", "handle",
        "follow", "review", "investigate", "let", "give", "update", "see", "listen", "read", "be", "please", "pls", "plz", "kindly", "just",
        "actually", "quickly", "urgently", "maybe", "possibly", "there", "here", "available", "real", "human", "from", "at", "in", "of", "on",
        "who", "that", "else", "out", "return", "pick", "take", "senior", "personally", "responsible", "qualified", "with",
    ];

    static bool FoundIn(string folded)
    {
        foreach (var frame in Frames)
            for (var m = frame.Match(folded); m.Success; m = m.NextMatch())
                if (!Refused(folded, m.Index)) return true;
        foreach (var sentence in Sentences.Split(folded).Select(x => x.Trim()).Where(x => x.Length > 0))
        {
            // "ok this bot isn't helping. real person?": a sentence that is nothing but a plea for a person.
            if (sentence.Length < folded.Length && Plea.IsMatch(sentence + "?")) return true;
            // The general rule: someone to deal with, and a sign of asking, in one sentence that does not tell a story
            // about that someone ("your staff were lovely", "someone from your team called me yesterday").
            // The someone must not be refused anywhere before it in its clause ("not looking to speak to anyone").
            if (Target.IsMatch(sentence) && Asking.IsMatch(sentence) && !Mention.IsMatch(sentence)
                && Target.Matches(sentence).Any(t => !Refused(sentence, t.Index, int.MaxValue)))
                return true;
        }
        return false;
    }

    /// Whether the words just before a request (at most <paramref name="within"/> of them), in its clause, refuse it: "I
    /// don't need a human", "not looking to speak to anyone", "I'd rather not speak to anyone", "ei tarvitse ottaa
    /// yhteyttä". "can't" is no refusal ("why can't I talk to someone?"), nor is a "no" a comma away ("no, I want to talk
    /// to a person").
    static bool Refused(string folded, int at, int within = 3)
    {
        var clauseStart = folded.LastIndexOfAny(ClauseEnds, Math.Max(0, at - 1)) + 1;
        if (at <= clauseStart) return false;
        var words = folded[clauseStart..at].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var k = Math.Max(0, words.Length - within); k < words.Length; k++)
            if (Refusals.Contains(words[k]) && !(k > 0 && words[k - 1] == "if")) return true;   // "if not, connect me to one"
        return false;
    }

    static readonly char[] ClauseEnds = [',', '.', '!', '?', ';', ':'];
    static readonly HashSet<string> Refusals =
        ["don't", "dont", "didn't", "didnt", "not", "never", "without", "nicht", "kein", "keine", "keinen", "nie", "ohne", "ei", "en", "emme", "ette", "ala", "alkaa"];

    /// Who a customer may ask for, in any of the three languages (folded: ä as a, ö as o, ü as u).
    static readonly Regex Target = new(
        @"\b(?:humans?|human being|person|someone|somebody|sombody|somone|someon|sumone|anyone|anybody|agents?|technician|engineer|representative|rep|staff(?:er| member)?|employees?|colleagues?" +
        @"|managers?|supervisor|advis[eo]rs?|specialist|consultant|operator|team member|member of (?:your |the )?(?:staff|team)" +
        @"|customer (?:service|support|care)|support team|service team|live (?:chat|agent)|real one" +
        @"|mensch(?:en)?|menschliche[nmr]?|mitarbeiter(?:in|innen)?|kolleg(?:e|en|in)|berater(?:in)?|kundenberater(?:in)?|sachbearbeiter(?:in)?" +
        @"|ansprechpartner(?:in)?|fachberater(?:in)?|verantwortliche[nmr]?|zustandige[nmr]?|vorgesetzte[nmr]?|teamleitung|jemand(?:em|en)?" +
        @"|kundendienst|kundenservice|kundensupport|filialleitung|filialleiter(?:in)?|marktleiter(?:in)?|geschaftsfuhrer(?:in)?|techniker(?:in)?|fachabteilung|abteilung|kundenbetreuer(?:in)?|support" +
        @"|ihmi(?:nen|sen|selle|sta|sen kanssa)|henkilo(?:n|lle|a|kunnan)?|asiakaspalvelija(?:n|lle|a)?|asiakaspalvelu(?:un|sta|n)?" +
        @"|tyontekija(?:n|lle|a|nne)?|myyja(?:n|lle|a)?|asiakasneuvoja(?:n|lle|a|an)?|joku|jonkun|jollekin|johonkin|kollega(?:n|lle)?" +
        @"|esi(?:mies|henkilo)(?:n|lle)?|teknikko|asentaja|asiantuntija(?:n|lle|a)?)\b",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// Signs of asking: a plea, a modal question, a wish, a verb of contact or handing over, a question mark.
    static readonly Regex Asking = new(
        @"\b(?:please|pls|plz|can|could|would|may|let me|i want|i'?d like|i would like|i need|i prefer|i'?d prefer|i wish|i request|get me|give me" +
        @"|connect|transfer|put me|pass me|forward|escalate|refer me|talk|speak|chat|discuss|reach|contact|call|ring|phone|reply|respond|answer" +
        @"|get back|asap|now" +
        @"|bitte|kann|konnte|konnten|konnen|wurde|mochte|will|hatte gern|brauch(?:e)?|brauchte|weitergeben|wunsche|verbinden|verbindet" +
        @"|weiterleiten|leiten sie|sprechen|reden" +
        @"|chatten|besprechen|kontaktieren|kontaktiert|melden|zuruckrufen|anrufen|ruckruf|erreichen|erreiche|antworten|sofort" +
        @"|voinko|voisinko|voisiko|voisko|voiko|voisitteko|voitteko|saisinko|saanko|haluan|haluaisin|haluisin|tarvitsen|tarvitsisin|pyydan|kiitos|ohjata" +
        @"|ohjaa|yhdista" +
        @"|puhua|keskustella|jutella|soittaa|soittakaa|ottaa yhteytta|vastata|vastaamaan|heti)\b",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// Telling about someone rather than asking for them: what they did or were, whose they are, what they are for.
    static readonly Regex Mention = new(
        @"\b(?:was|were|has been|had|did|said|told|helped|answered|replied|fixed|sorted|recommended|called me|rang|left|delivered|talked|spoke" +
        @"|promised|explained|packed|carried|deserves?|works? (?:at|in|for)|placed|ordered|is the one|who (?:placed|ordered|loves|wants|will)" +
        @"|for someone|per person|per-person|in person|someone else|people who|no (?:human|one) can" +
        @"|run by|operated by|no need for (?:anyone|someone|anybody)|different person|andere person|toinen henkilo|work(?:s)? from home" +
        @"|(?:another|second|extra|additional) (?:\w+ )?person|stellt ihr|stellen sie \w* ?ein|bei euch arbeiten|im \w+ arbeiten" +
        @"|brauche? keinen|brauch keinen|(?:don'?t|do not|no) (?:need|want)(?: to)? (?:talk|speak|chat|a call|any call|anyone|someone)" +
        @"|no need to (?:talk|speak|call)" +
        // the customer's own call: "need to call someone tmrw morning" beside a question for the hours (QA round 62) asks when
        // and where to call, which the contact answer says; "I need someone to call me" is still a request (its own frame)
        @"|(?:i |we )?(?:need|have|want|got|gotta|wanna|going|gonna|'?ll|will|plan) (?:to )?(?:call|ring|phone) (?:someone|somebody|you|u|you guys|your (?:team|office|shop|store|support))\b" +
        @"|my (?:husband|wife|partner|mum|mom|dad|mother|father|boss|manager|employer|accountant|landlord|neighbou?r|assistant|colleague|friend|daughter|son|kid|sister|brother|gf|bf|bestie)" +
        @"|person [0-9]|thanks to|shout ?out to|kudos to|danke an|kiitos \w+lle|toi(?:nen|sen) henkilo\w*" +
        @"|i'?m (?:a|not a)|i am (?:a|not a)|staff (?:discount|only|sale)|human (?:hair|size)" +
        @"|(?:delivery|travel|estate|secret|dhl|dpd|ups|insurance|booking) agent" +
        @"|personal shopper|hiring|job|apply" +
        @"|hat (?:mir|mich|uns|schon|alles|gesagt|gemeint|geholfen)|war(?:en)? (?:super|toll|nett|freundlich|top|so)|meinte|sagte|geholfen|geklart" +
        @"|pro person|fur (?:meine|unsere) mitarbeiter|mitarbeiterrabatt|sucht ihr|bewerben|ich bin (?:kein|ein)" +
        @"|jemand ander(?:es|s|er)|(?:zweite|weitere|andere)n? (?:\w+ )?person" +
        @"|mein (?:mann|freund|kollege|chef|sohn|bruder)|meine (?:frau|freundin|kollegin|chefin|tochter|schwester|mutter|oma)" +
        @"|neuvoi|hoiti|vastasi|oli (?:tosi|todella|mukava|ystavallinen)|suositteli|per henkilo|henkilokunta-alennus|mieheni|vaimoni|aitini|isani" +
        @"|tyokaveri|olen (?:itse|botti)|joku (?:muu|toinen)|jonkun (?:muun|toisen))\b",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// A question about a person rather than a request for one, answered by either of two ways: "is this a human or an
    /// AI?", "do I have to talk to someone to cancel or can I do it in the app?", "muss ich … sprechen oder geht das
    /// online?". Such a sentence is left out before the DM is read.
    static readonly Regex AboutAPerson = new(
        @"(?:^|(?<=[.!?:,] ))(?:(?:is|are) (?:this|it|you|that)(?! (?:possible|ok|okay|alright|fine)\b)|am i (?:talking|speaking|chatting)|bin ich|olenko|ist (?:das|es)|onko (?:tama|se|tassa)|(?:do|does) (?:i|we|the \w+|an? \w+) (?:have|need) to" +
        @"|muss ich|musst ich|pitaako|tarvitseeko)\b" +
        @"(?:(?!\b(?:can i|could i|may i|let me|get me|connect|transfer|put me|kann ich|darf ich|voinko|saanko)\b)[^.!?])*" +
        @"\b(?:or|oder|vai)\b(?! (?:an? |the |einen? |einem )?(?:manager|supervisor|team leader|vorgesetzten|chef|teamleit\w*|esimie\w*)" +
        @"| (?:can|could|may) i\b| (?:kann|darf) ich\b| (?:voinko|saanko)\b)[^.!?]*[.!?]?",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// A question for a number to call — "do you have a number I can call?", "gibt es eine Nummer, wo ich anrufen kann", "onko
    /// teillä joku numero mihin vois soittaa" — asks for what the library's contact answer says, not for a person to take the
    /// thread (QA round 59: handed off as a request, the shop's number, in its contact answer, never sent). Left out up to
    /// the clause's end before the DM is read: "… , I need to talk to a manager" after it still asks, as does a number to
    /// reach someone by ("is there a number I can call to speak to a human?").
    static readonly Regex AsksForANumber = new(
        @"(?:^|(?<=[.!?:,] ))(?:(?:hi|hey|hello|hallo|moi|hei)\W+)?(?:do (?:you|u|ya) have|have (?:you|u) got|is there|what(?:'?s| is)|can i (?:get|have)|could i (?:get|have)|(?:give|send) me" +
        @"|habt ihr|haben sie|hast du|gibt es|wie ist|was ist|onko (?:teilla|teil|sulla|teilta)|onks (?:teil|teilla)|mika on|mika olis|saisinko)" +
        @"\s+(?:(?:a|an|the|your|ur|some|any|eine|die|ihre|eure|euer|eine andere|joku|jokin|mitaan|teidan|teijan)\s+)?" +
        @"(?:(?:phone|telephone|contact|hotline|direct|customer service|service)\s+)?(?:numbers?|nummer\w*|telefonnummer\w*|rufnummer\w*|hotline|numero\w*|puhelinnumero\w*|puh nro|nro)\b" +
        // not one to reach a person by: "is there a number I can call to speak to a human?" asks for one
        @"(?!" + NumberClause + @"*?\b(?:talk|speak|human|person|agent|someone|somebody|anyone|staff|manager|mitarbeiter\w*|mensch\w*|jemand\w*|ihmi\w*|asiakaspalvelija\w*|henkilo\w*|joku\w*|jonku\w*|puhu\w*|sprech\w*|reden)\b)" +
        NumberClause + @"*[.!?]?" +
        // and the customer's own call after it: "do u have a phone number? id rather just call someone" (QA round 61: the
        // callback flow asked when to call them), "… need to call someone tmrw morning" (this session's review), "Würd lieber kurz
        // anrufen" (QA round 76), "whats ur phone number, id rather call someone than text" (QA round 77)
        @"(?:[\s,]*(?:(?:(?:i'?d|i would|i'?ll|i will|i|we)\s+(?:(?:rather|prefer to|like to|want to|need to|have to|just)\s+)*|(?:need|have|want|gotta|wanna) to\s+)call\s+(?:you|u|someone|somebody|a person|you guys|instead)(?:\s+(?:instead|directly|quickly|than (?:text(?:ing)?|typ(?:e|ing)|writ(?:e|ing)|chat(?:ting)?|messag(?:e|ing))))?" +
        @"|(?:ich\s+)?(?:wurde?|mochte?|will)\s+(?:(?:lieber|gern|gerne|kurz|euch|sie|jemanden)\s+)*(?:anrufen|telefonieren)|ich\s+rufe?\s+(?:(?:lieber|euch|sie|kurz|dann)\s+)*an" +
        @"|(?:soittaisin|soitan|haluan soittaa|haluaisin soittaa)(?:\s+(?:mieluummin|mielummin|teille|teil|vaan|suoraan))*)[.!?]?)?",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// A letter of the number's clause, which runs on after a comma into a relative clause: "habt ihr eine Nummer, unter der
    /// ich euch anrufen kann?" (a review of this session: still a request, as ", unter der …" was read alone).
    const string NumberClause = @"(?:[^.!?,]|,\s*(?=(?:unter der|unter welcher|bei der|an die|die|wo|where|which|that|johon|mihin|josta|jota)\b))";

    static readonly Regex Sentences = new(@"(?<=[.!?;\n])", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    [GeneratedRegex(@"\s+")]
    private static partial Regex SpaceRegex();
}

/// What <see cref="PersonRequest.Judge"/> found: whether the DM asks for a person, whether a frame found it, and the
/// model's score (none when the model was not asked).
public readonly record struct PersonRequestFinding(bool Asks, bool ByFrames, float? Score)
{
    /// Whether the model, asked, would have found the request by itself (its score at or above its accept threshold).
    public bool ModelAccepts => Score >= SignalModel.PersonRequests.Accept;

    /// Why, in a few words: "a frame and the model (0.93)", "a frame, not overruled by the model (0.35)", "the model (0.71;
    /// no frame)", "a frame, overruled by the model (0.12)".
    public string Why => (Asks, ByFrames, Score) switch
    {
        (true, true, null) => "a frame",
        (true, true, _) when ModelAccepts => Invariant($"a frame and the model ({Score:0.00})"),
        (true, true, _) => Invariant($"a frame, not overruled by the model ({Score:0.00})"),
        (true, false, _) => Invariant($"the model ({Score:0.00}; no frame)"),
        (false, true, _) => Invariant($"a frame, overruled by the model ({Score:0.00})"),
        (false, false, { } s) => Invariant($"neither (model {s:0.00})"),
        _ => "neither",
    };
}
