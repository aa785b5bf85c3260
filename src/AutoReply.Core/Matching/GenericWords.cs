namespace AutoReply.Core.Matching;

/// Words that say nothing about what a DM is about: function words (Lucene's stop lists for German and Finnish, and
/// a fuller English one), greetings and thanks, and what every customer question shares — "do you sell", "can I",
/// "how much", "kann ich", "gibt es", "voinko", "onko". They are no evidence for an answer, and no evidence against
/// one either. Checked for every language at once: DMs mix languages ("support staff pls, mein account ist gesperrt").
public static class GenericWords
{
    static readonly HashSet<string> Words = Build();

    public static bool Contains(string word, string language) =>
        Words.Contains(word) || Words.Contains(TextFolding.Fold(word));

    static HashSet<string> Build()
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in new[] { Lucene.Net.Analysis.De.GermanAnalyzer.DefaultStopSet, Lucene.Net.Analysis.Fi.FinnishAnalyzer.DefaultStopSet })
            foreach (var w in set) { var s = w.ToString()!; words.Add(s); words.Add(TextFolding.Fold(s)); }
        foreach (var w in (English + " " + German + " " + Finnish).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            words.Add(w);
            words.Add(TextFolding.Fold(w));
        }
        return words;
    }

    const string English =
        "the and but for nor yet not are was were been being have has had having does did doing done can could would should will shall may might must " +
        "you your yours yourself yourselves our ours ourselves their theirs them they she her hers him his its this that these those there here " +
        "what which who whom whose when where why how any all some each every both few more most other such only own same than too very just also " +
        "about above after again against before below between into through during from with within without onto upon over under out off down " +
        "then once ever never always still already yet now today tomorrow yesterday soon later maybe please pls plz thanks thank thx cheers hello " +
        "hey hiya dear guys team folks morning evening afternoon night okay yes yeah yep nope sure really actually just quick question questions " +
        "query ask asking wondering wonder know knew tell told let get got getting give gave want wanted wanting need needed needs like would " +
        "love lot lots much many thing things something anything nothing everything someone anyone somebody anybody way able possible " +
        "sell sells selling offer offers offering provide provides do does make makes made go going went come coming take taking use using put putting " +
        "see look looking find found help helps info information details detail regarding re via etc lol omg btw asap fyi hmm ahh ugh wow " +
        "i'm im i've ive i'd id i'll ill you're youre don't dont doesn't doesnt can't cant won't wont isn't isnt it's its that's thats " +
        "there's theres what's whats how's hows where's wheres didn't didnt wasn't wasnt aren't arent haven't havent " +
        // Fillers, hedges and connectives of chat, and the pronouns and adverbs the list above lacks.
        "also although anyway anyways basically because cause cuz coz else even either neither instead rather quite pretty " +
        "totally literally probably possibly hopefully honestly seriously perhaps right well though tho until while " +
        "since whether gonna wanna gotta kinda sorta lemme gimme dunno mine myself himself herself itself themselves ones " +
        "everyone everybody somewhere anywhere everywhere somehow sometime sometimes usually often anymore hii heyy heya " +
        "thankyou thanku tysm appreciate appreciated kindly regards sorry stuff mate hope hoping think thought guess mean " +
        "means meant says said saying approx approximately roughly currently recently least atleast " +
        // goodbyes: "ok thanks bye" is thanks, not a question about something the library never heard of (QA round 29)
        "bye byebye goodbye cya ciao " +
        // "and when exactly" asks no more than "and when" (QA round 31: it went to a person under the answer that says when)
        "exactly precisely " +
        // "at last", said of a wish after a question ("myyttekö kiipeilykenkiä? haluisin vihdoin omat", QA round 63: the wish
        // went to a person for its unknown "vihdoin")
        "finally";

    const string German =
        "hallo hi hey moin servus zusammen grüß gruß grüße liebe lieber liebes team danke dank dankeschön bitte bitteschön gerne gern ja nein nee " +
        "okay ok mal halt eben doch schon noch nur auch sehr ganz gerade bald heute morgen gestern jetzt immer nie wieder frage fragen " +
        "kurze kurz wissen weiß möchte möchten würde würden könnte könnten kann kannst könnt können will wollen wollte soll sollte muss " +
        "müssen darf dürfen gibt gibts gibt's geben hat habe hast habt haben hätte hätten ist sind war waren wird werden bin bist seid " +
        "machen macht mache tun geht gehen kommen kommt bekommen bekomme bekommt sagen sag sagt brauche brauchen braucht suche suchen " +
        "bietet bietet anbieten verkauft verkaufen euch eure euer eurem euren ihr ihre ihren ihrem sie ich mir mich mein meine meinen " +
        "meinem meiner wir uns unser unsere man jemand etwas was wie wo wann warum wieso weshalb welche welcher welches wer wen wem " +
        "info infos infomation details leider vielleicht eigentlich irgendwie bzw usw dass daß oder und aber denn weil wenn ob als seit seitdem " +
        // Lucene's German list spells the forms of "unser" as "unse", "unsem", "unsen", "unses"; the colloquial articles
        // ("hab nen gutschein"), fillers, hedges and the pronominal adverbs ("drauf", "dafür") of chat.
        "unsere unserem unseren unserer unseres nen nem ner aufm ausm unterm überm vorm hinterm nachm mitm irgendwo irgendwann irgendwas irgendein irgendeine irgendeinen " +
        "irgendwelche irgendjemand jemanden jemandem niemand etwa circa ungefähr bisschen bissl wirklich echt genau exakt " +
        "natürlich klar sowas sowieso trotzdem einfach nämlich übrigens ebenfalls jedenfalls allerdings außerdem ausserdem " +
        "zudem nochmal nochmals bereits grad momentan aktuell derzeit inzwischen mittlerweile drauf drin dran darauf darin " +
        "daran davon dafür dabei darüber daher deshalb deswegen beim ans aufs fürs ums könntet würdet hättet wäre wären " +
        "wär gehts geht's isses ists beide beiden wohl manchmal meistens dankeschön hallöchen tschüss tschüs tschau hilfe helfen helft hilft wenigstens zumindest " +
        // the particle of "gar nicht", "gar kein" (QA round 81: an unknown word of "… und dann gar nicht auftaucht")
        "gar " +
        // "use", as the English list holds it (QA round 40: "äiti ei käytä nettipankkia" was out of scope by its unknown words)
        "nutzen nutze nutzt benutzen benutze benutzt benützen benütze benützt verwenden verwende verwendet " +
        // the conjunctions and adverbs of time a question is told with, and "oneself" (QA round 48: "Könnt ihr mir die Hose
        // gleich 3 cm kürzen, bevor ihr sie verschickt?" had "gleich" and "bevor" as other answers' words, "… nicht einfach
        // selber abholen?" "selber")
        "bevor nachdem während waehrend sobald solange falls obwohl damit sodass gleich sofort selbst selber endlich " +
        // "how much" written as one word, "getting" and "made", as the English list holds them, and "before" as an adverb
        "wieviel wieviele wievielen kriegt krieg kriege kriegen kriegst gemacht vorher";

    const string Finnish =
        "hei moi moikka terve heippa nähdään kiitos kiitti kiitoksia ole olla olen olet on olemme olette ovat oli olisi onko onks oliko ei en et " +
        "emme ette eivät voi voin voit voiko voinko voisinko voisitteko voitteko voisiko saa saan saako saanko saisinko saisiko pitää " +
        "pitäisi täytyy haluan haluaisin haluaa tarvitsen tarvitsisin kysymys kysyä kysyisin tietää tiedätte mikä mitä miten miksi missä " +
        "milloin kuka kenen mikä mihin mistä paljonko kuinka montako myyttekö myytte myydä tarjoatteko tarjoatte onko onkos teillä teiltä " +
        // "is it possible", as the English list holds "possible" ("… ja onnistuuko elokuussa?" narrows the question before to August)
        "onnistuu onnistuuko onnistuuks onnistuisko onnistuisiko onnistuis " +
        "teille te me minä mä mun minun minulle minua sinä sä sun teidän meidän se ne tämä tää tuo nyt heti vielä jo taas myös vain ihan " +
        "aika tosi kyllä joo juu ok okei please kiitos hyvää huomenta päivää iltaa jos että mutta tai ja kun koska " +
        // The spoken forms of the pronouns and verbs ("mulla", "haluisin", "voisko"), and the particles of chat.
        "mulla sulla mulle sulle multa sulta mua sua meil meit meiät meiän teit teiät teiän niit noit näit vaan kans kanssa sitten niinku niinkuin tota tuota siis " +
        "eli ehkä varmaan kai vissiin aina joskus usein haluisin voisko voiskohan saisko saiskohan olis ois oisko oliskohan " +
        "tarkalleen tarkkaan onkohan tiedä tiedän tiedätkö tiedättekö terveisin ystävällisin paljon vähän hieman yhtään jotain jotakin joku jonkun apu apua avusta avun auttaa auttakaa autatteko auttaisitteko ainakin ainakaan edes " +
        // The forms of being, coming, going and doing, as the English and German lists hold "going", "coming", "kommen" (QA round
        // 38: "Ollaan menossa helmikuussa Houtskariin. Jos tulee kova jäätalvi …" had "ollaan" and "tulee" as other answers' words).
        "ollaan oltiin oltais oltaisiin ollut olleet olisin olisimme olisitte olisivat tulla tulee tulen tulet tullaan tulemme tulette " +
        "tulevat tuli tulossa tulis tulisi mennä menee menen menet mennään menemme menette menevät meni menossa menis menisi tehdä teen " +
        "tehdään teki " +
        // the spoken forms of being (QA round 66: "missä te ootte" went to a person, "ootte" a word of another answer's example)
        "oon oot ootte ootko ootteko ootsä ootsa ollu olin olit oltu " +
        "käyttää käytä käytän käytät käytämme käytätte käyttävät käytin käytti käyttäisin käytetään käytättekö käyttääkö käyttänyt " +
        // before, after and oneself, as the German list holds them
        "ennen jälkeen itse itte vihdoin vihdoinkin viimein pitäis pitäiskö " +
        // finding and how many, as the English list holds "find" and "many" (QA round 78: "mitä kokoja teltoista löytyy ja
        // kuinka monelle ne riittää" had "löytyy" and "monelle" as unknown words)
        "löytyy löytyykö löytyyks löytyis löytyisikö löytyiskö löytyi löydy löytää löydän löysin monta monelle moneen monella monen";
}
