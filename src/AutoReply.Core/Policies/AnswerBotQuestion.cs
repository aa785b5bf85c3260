using System.Text.RegularExpressions;
using AutoReply.Core.Answers;
using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Messages;

namespace AutoReply.Core.Policies;

/// "Are you a bot?" gets an honest answer: an automated assistant, and how to reach a person (EU AI Act Art. 50).
/// The text is the library's bot.question message, or a built-in one in en/de/fi when the library has none —
/// a brand cannot forget to be honest. A DM that also asks for a person is handed off before this stage; the bot
/// question itself is not read as such a request (PersonRequest leaves its clause out: "is this a real human I'm talking
/// to?" asks what the bot is, not for someone).
///
/// A question about the bot is a clause that asks what the other side of the chat is — "are you / is this / am I talking
/// to / liest das / puhunko" — and names a kind of it: a bot, an AI, a machine, an automated reply, a real person. The
/// kind must end the clause or be followed by what is said of the chat ("replying", "on the other end", "oder", "vai"),
/// so "is this machine washable?" and "Ist das ein Roboter-Staubsauger?" are product questions. "human or machine?"
/// alone asks it too. Whether anyone is there at all ("is there a real person reading this?", "onko siellä ketään oikeaa
/// ihmistä", "Onko täällä ihminen?"), and "real person?" alone, is a request for a person, as the person-request sets have
/// it: the customer gets a person, which answers both readings. Tuned on tests/AutoReply.Core.Tests/Signals/bot-questions*.tsv (see BotQuestionTests).
/// Mid-flow, the answer is followed by the flow's question again when the flow resumes after an interruption (QA round 13:
/// "wait, am I talking to a bot?" was answered and the order number never asked for again).
sealed class AnswerBotQuestion(Dialogs.DialogRuntime runtime) : ITurnStage
{
    static readonly Dictionary<string, string> BuiltIn = new()
    {
        ["en"] = "I'm an automated assistant. Write \"agent\" any time and a person from our team will take over.",
        ["de"] = "Ich bin ein automatischer Assistent. Schreib jederzeit „Mitarbeiter“, dann übernimmt ein Mensch aus unserem Team.",
        ["fi"] = "Olen automaattinen avustaja. Kirjoita milloin tahansa ”ihminen”, niin joku tiimistämme jatkaa.",
    };

    public TurnDecision? Decide(Turn turn)
    {
        // A DM that asks for a person too gets one: the library's way to a person answers it later (HandOffWhenAskedForPerson).
        if (turn.AsksForPerson || !Asks(turn.Text)) return null;
        var text = TurnVariables.OptionalMessage(turn, MessageKeys.BotQuestion, BuiltIn);
        var answer = TurnDecision.Reply(Reason.AnsweredBotQuestion, Reply.Of(ReplyKind.Answer, text)) with { Detail = "asked whether it is a bot", AnswersBotQuestion = true };
        var memory = turn.Thread.Memory;
        if (memory.Dialog is not [.., var frame] || Dialogs.DialogRuntime.Locate(turn.Library, frame) is not ({ ResumeAfterInterruption: true }, _))
            return answer;
        var again = runtime.Reprompt(turn, memory, [.. answer.Replies]);
        return answer with { Replies = again.Replies, Detail = answer.Detail + "; the flow's question again" };
    }

    /// A DM that asks something besides whether it is a bot ("is this a bot? how much is shipping to Austria?", "Bin ich mit
    /// nem Bot am reden? Ich will kündigen") gets the honest answer, then what the rest would get as a DM of its own
    /// (<paramref name="decide"/>: the stages after this one): an answer, a flow, a person. Before, the rest went unanswered
    /// (session 40's review). When the rest asks (a question mark, the opening of a question, "please …"), whatever it gets;
    /// when it only states something, what the library answers of it or a hand-off for a reason of its own ("Bist du ein Bot?
    /// Es riecht nach Gas!", "are you a bot? my package arrived damaged": a second review found a first mend, which took
    /// only questions, losing them again), but not the acknowledgement of a remark nothing answers ("are you a bot? this is
    /// ridiculous", "… just curious"). A remark the matcher misreads is misread as it would be alone ("are you a bot? just
    /// checking before I order" starts the order flow). Wishes and thanks around it are no rest ("are you a bot? have a nice
    /// day / have a safe trip"), nor is one word; mid-flow the flow's question follows the answer and the flow reads the next
    /// DM. Null when the answer stands alone.
    internal static TurnDecision? AndTheRest(Turn turn, TurnDecision answer, Func<Turn, TurnDecision> decide)
    {
        if (turn.Thread.Memory.InDialog) return null;
        var asked = Pleasantries.Without(turn.Text, Pleasantries.NamesFor(turn.Library, turn.Language), out _);
        if (Rest(asked) is not { } rest || Wish.IsMatch(Matching.TextFolding.Fold(rest))) return null;
        var asks = Answers.MatchStockAnswer.IsQuestion(rest, turn.Language) || Please.IsMatch(Matching.TextFolding.Fold(rest));
        var after = decide(turn with { Message = turn.Message with { Text = rest } });
        if (after.Kind == DecisionKind.Silence) return null;
        if (!asks && after.Reason is Reason.NoConfidentAnswer or Reason.OutOfScope or Reason.AckThrottled) return null;
        return after with
        {
            Replies = [.. answer.Replies, .. after.Replies],
            Detail = $"{answer.Detail}; then the rest, \"{rest}\": {after.Detail}",
            AnswersBotQuestion = true,
        };
    }

    /// A wish that opens like a question ("have a safe trip", "have fun", "have a great stay"), without a question mark.
    static readonly Regex Wish = new(@"^\W*(?:have (?:a |an )?(?:\w+ ){0,2}(?:day|evening|night|weekend|one|trip|flight|stay|time|holiday|holidays|fun|week)|have fun|enjoy)\b[^?]*$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// A request that opens with "please": "please cancel my order", "bitte storniert meine Bestellung", "pls refund".
    static readonly Regex Please = new(@"^\W*(?:please|pls|plz|kindly|bitte|voisitteko|voitteko|olkaa hyva ja)\b",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// The DM without its bot question, in the customer's own letters (the stemmers want "kündigen", not "kundigen"), when
    /// what is left says something: two words or more, and no greeting or thanks alone. Null otherwise.
    internal static string? Rest(string text)
    {
        var folded = Matching.TextFolding.Fold(text);
        if (!Named.IsMatch(folded)) return null;
        var asked = Clauses(folded);
        if (asked.Count == 0) return null;
        // Where each folded letter came from: folding turns one letter into none, one or two ("ß" → "ss").
        var from = new List<int>(folded.Length + 1);
        for (var i = 0; i < text.Length; i++)
            for (var n = Matching.TextFolding.Fold(text.AsSpan(i, 1)).Length; n > 0; n--) from.Add(i);
        from.Add(text.Length);
        if (from.Count != folded.Length + 1) return null;   // folding a letter alone gave other letters than folding it in the text
        var kept = new System.Text.StringBuilder(text.Length);
        var at = 0;
        foreach (var (start, end) in asked)
        {
            kept.Append(text, at, from[start] - at).Append(' ');
            at = from[end];
        }
        var rest = kept.Append(text, at, text.Length - at).ToString().Trim(' ', ',', ';', ':', '-', '\n');
        return Matching.TextFolding.FoldedWords(rest).Count >= 2 && !Pleasantries.IsGreetingOrThanks(rest) && !IgnoreClosingRemarks.IsClosing(rest)
               && !SameQuestion(Matching.TextFolding.Fold(rest))
            ? rest
            : null;
    }

    /// A rest that is the bot question's other half: it names the bot and is short, or is left hanging on "or" ("oonks mä
    /// nyt botin kanssa tekemisissä vai", of "… vai vastaako täällä ihminen": QA round 52 sent it to a person as a question
    /// of its own, and the customer was promised a reply to "the rest of your message").
    static bool SameQuestion(string folded) =>
        BotWord.IsMatch(folded) && (Matching.TextFolding.FoldedWords(folded).Count <= 6 || DanglingOr.IsMatch(folded));

    static readonly Regex BotWord = new(@"\b(?:\w*bot(?:s|ti\w*|in|ille|tia)?|robot\w*|ki|ai|tekoaly\w*|automat\w*|automaat\w*|machine|maschine|kone\w*)\b",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    static readonly Regex DanglingOr = new(@"\b(?:or|oder|vai|tai)\W*$", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// Whether the answer exists in the turn's language (the library's bot.question has it, or the built-in text):
    /// only then can it stand in for the disclosure.
    internal static bool SpeaksIn(Turn turn) => TurnVariables.HasOptionalMessage(turn, MessageKeys.BotQuestion, BuiltIn);

    /// Whether the DM asks if it is talking to a bot (or a person).
    internal static bool Asks(string text)
    {
        var folded = Matching.TextFolding.Fold(text);
        if (!Named.IsMatch(folded)) return false;
        foreach (Match m in Question.Matches(folded))
            if (!ProductAttribute(folded, m)) return true;
        return false;
    }

    /// "automatic" said of a product: "is it an automatic or a manual watch?", "onko tämä automaattinen vai mekaaninen
    /// kello?" (QA round 16) — the adjective alone, then "or" and something that is no kind of the other side of a chat.
    /// Only where the question names no one and nothing of the chat ("are you automated or just slow?", "is this reply
    /// automatic or did a person write it?" ask what the other side is: a review).
    static bool ProductAttribute(string folded, Match question) =>
        BareAutomatic.IsMatch(question.Value) && !ChatNamed.IsMatch(question.Value)
        && OrSomethingElse.IsMatch(folded.AsSpan(question.Index + question.Length));

    /// The other side or the chat, named in a question: you, the reply, the message, the chat, here.
    static readonly Regex ChatNamed = new(@"\b(?:you|u|ya|du|sie|ihr|oletko|ootko|oletteko|ootteko|sa|sina|te|replies|reply|answers?|messages?|responses?|chat|conversation|account|dms?" +
        @"|antworten|antwort|nachrichten?|konto|hier|here|viesti\w*|vastau\w*|keskustelu)\b", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    static readonly Regex BareAutomatic = new(@"\b(?:automatic|automated|automatisch\w*|automatisiert\w*|automaattinen)$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    static readonly Regex OrSomethingElse = new(@"^\s*(?:or|oder|vai|tai)\b(?!\s*(?:$|[^\w\s'/-])| (?:not|nicht|ei|what|was|mita)\b" +
        // real, or someone writing: "onko tämä automaattinen vai oikea?", "… or is someone there?", "vai kirjoittaako joku?"
        @"| (?:real|really|echt\w*|oikea|oikee|aito|live|fake|typed|written|handwritten|manually typed)\b" +
        @"| (?:is|are|did|does|do|was|ist|sind|sitzt|schreibt|antwortet|liest|tippt) (?:(?:a|an|ein|eine)\s)?(?:real\s|echter?\s)?(?:person|human|someone|somebody|anyone|you|jemand|mensch|da|there)\b" +
        @"| (?:kirjoittaako|vastaako|lukeeko|onko siella|istuuko)\b" +
        @"|(?: (?:are you|are u|r u|is (?:it|this|that)|bist du|sind sie|ist (?:das|es)|oletko|ootko|onko(?: (?:se|tama|taa))?))?" +
        @"(?: (?:just|only|really|actually|even|nur|blo(?:ss|ß)|wirklich|vain|vaan|ihan|oikeasti))? " + A + Kind + @"\b)",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// The folded text without its clauses that ask whether the other side is a bot (or a person): what is left to read
    /// for a request for a person ("are you a bot? then get me a human" → " then get me a human"). The question runs to the
    /// end of its clause, but not past a word that joins another ("or", "lol", "oder", "vai"), and what came before it
    /// stays ("i need a human, are you a bot?" keeps "i need a human,").
    internal static string WithoutQuestion(string folded)
    {
        if (!Named.IsMatch(folded)) return folded;
        var asked = Clauses(folded);
        if (asked.Count == 0) return folded;
        var kept = new System.Text.StringBuilder(folded.Length);
        var from = 0;
        foreach (var (start, end) in asked)
        {
            kept.Append(folded, from, start - from).Append(' ');
            from = end;
        }
        return kept.Append(folded, from, folded.Length - from).ToString();
    }

    /// Where the folded text asks whether the other side is a bot: each question to the end of its clause ("i'm talking
    /// to??"), up to a comma or sentence end, or up to a word that joins another clause: "are you a bot or can i speak to a
    /// human?" leaves "or can i speak to a human?".
    static List<(int Start, int End)> Clauses(string folded)
    {
        var clauses = new List<(int, int)>();
        var from = 0;
        foreach (Match m in Question.Matches(folded))
        {
            if (m.Index < from) continue;
            var end = folded.IndexOfAny(ClauseEnds, m.Index + m.Length);
            end = end < 0 ? folded.Length : end;
            if (Joiner.Match(folded, m.Index + m.Length, end - (m.Index + m.Length)) is { Success: true } joiner
                && !OrAnotherKind.IsMatch(folded[joiner.Index..end])) end = joiner.Index;
            else
            {
                // a relative clause after a comma says what the kind does: "Bist du ein Bot oder ein Mensch, der mir antwortet?"
                if (RelativeTail.Match(folded, end) is { Success: true } tail) end = tail.Index + tail.Length;
                while (end < folded.Length && Array.IndexOf(ClauseEnds, folded[end]) >= 0) end++;
            }
            clauses.Add((m.Index, end));
            from = end;
        }
        return clauses;
    }

    /// ", der mir antwortet", ", who is answering", ", joka vastaa": a relative clause to the end of the DM, after a comma.
    static readonly Regex RelativeTail = new(@"\G,\s*(?:(?:der|die) (?:mir |hier |gerade |grad |da )*(?:antwortet|schreibt|tippt|liest)" +
        @"|(?:who|that)(?:'s| is)? (?:answering|replying|writing|typing|reading|answers|replies|writes)|joka (?:vastaa|vastailee|kirjoittaa))" +
        @"(?: (?:me|this|here|now|mulle|minulle|tanne|taalla|nyt))?(?=[.!?]*\s*$)",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    static readonly Regex Joiner = new(@"\b(?:or|and|but|lol|if|then|so|please|pls|oder|und|aber|wenn|dann|bitte|vai|tai|ja|mutta|jos|niin|sitten)\b",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    static readonly char[] ClauseEnds = [',', '.', '!', '?', ';', '\n'];

    /// "… or a real person?", "… oder ein echter Mensch?", "… vai oikea ihminen?", "… vai ihmisen kanssa?": the other kind
    /// the question offers, to the end of its clause, is part of the question, not a request for a person of its own.
    /// "… oder schreib ich grad mit nem Menschen?", "… or am I talking to a real person?", "… vai puhunko ihmisen kanssa?" too
    /// (QA round 27: a request for a person, and the bot question unanswered).
    static readonly Regex OrAnotherKind = new(@"^(?:or|oder|vai|tai) (?:(?:am i|am i actually|am i really) (?:talking|chatting|writing|speaking) (?:to|with) " +
        @"|(?:schreib|schreibe|rede|chatte|spreche)\w* ich (?:\w+ ){0,2}mit |(?:puhunko|kirjoitanko|juttelenko|chattaanko|viestittelenko) (?:\w+ ){0,1})?" +
        // and what is said of it: "… or a human answering?", "… vai ihminen joka vastaa" (QA round 46: a request for a person)
        @"(?:with |to |mit )?" + A + Kind + @"(?: kanssa| here| hier| taalla| siella| there| da" +
        @"| (?:answering|replying|writing|typing|reading)(?: (?:this|me|here|there))?|(?: who| that)(?: is)? (?:answers|replies|writes|answering|replying|writing)(?: (?:this|me|here))?" +
        @"| (?:der|die) (?:mir |hier )?(?:antwortet|schreibt)| am anderen ende| joka (?:vastaa|vastailee|kirjoittaa)(?: (?:tanne|taalla|mulle|minulle))?)?" +
        // and a laugh after it: "am i talking to a bot or a human lol" (QA round 56: "or a human lol" was a request for a person)
        @"(?: (?:lol|lmao|rofl|haha\w*|hehe\w*|heh|hah|xd|jk))*\W*$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// A cheap first look: a DM that names no kind of the other side (most DMs) cannot ask it.
    static readonly Regex Named = new(
        @"\b(?:\w*bot(?:s|ti\w*|in|ille|tia)?|robot\w*|ai|a\.i|ki|\w*intelligen\w*|tekoaly\w*|machine|maschine|kone\w*|computer|program\w*|ohjelma\w*" +
        @"|software|algorit\w*|script|skript\w*|\w*gpt\w*|llm|automat\w*|automaat\w*|auto[- ]?re\w*" +
        @"|human|person|mensch\w*|ihmi\w*|henkilo\w*|jemand\w*|\w*assist[ae]nt\w*|\w*avustaja\w*|agent|rep|representative|employee|staff" +
        @"|mitarbeiter\w*|tyontekija\w*|asiakaspalvelija\w*|who am i|who'?s on|wer|mit wem|kenen|kuka)\b",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    // What the other side may be, as a customer names it (folded: ä as a, ü as u, ß as ss).
    const string KindEn = @"(?:(?:real |actual |live |genuine |living |human |virtual |digital )?(?:customer (?:service|support|care) |support |service )?" +
        @"(?:bot|robot|chat ?bot|ai|a\.i\.?|artificial intelligence|machine|computer|program|software|algorithm|script|llm|chat ?gpt|gpt|automatically" +
        @"|auto[- ]?(?:reply|responder|response|mated)|automated(?: (?:system|assistant|service|reply|response|message|account|chat|bot))?" +
        @"|automatic(?: (?:reply|response|message|system))?|assistant|human(?: being)?|person|rep|representative|agent|employee|staff member))";
    const string KindDe = @"(?:(?:echte[rnms]? |richtige[rnms]? |reale[rnms]? |lebendige[rnms]? |virtuelle[rnms]? |digitale[rnms]? )?" +
        @"(?:bot|roboter|chat ?bot|ki|kunstliche intelligenz|maschine|computer|programm|software|algorithmus|skript|auto ?responder|automat|assistent(?:in)?|jemand(?: echtes)?" +
        @"|mensch(?:en)?|person|mitarbeiter(?:in)?|chat ?gpt)|automatisch(?:e|er|es|en)?(?: (?:antwort|nachricht|system|dienst|assistent))?" +
        @"|automatisiert(?:e|er|es|en)?(?: (?:antwort|nachricht|system|dienst|assistent))?)";
    const string KindFi = @"(?:(?:oikea|oikee|aito|elava|oikean|aidon|elavan|virtuaali)(?:n)? ?)?(?:chat ?)?" +
        @"(?:bot(?:ti|in|ille|tia|teja)|robot(?:ti|in|ille|tia)|tekoaly(?:n|lle|a)?|kone(?:en|elle|tta)?|ohjelma(?:n|lle|a)?|algoritmi(?:n|lle|a)?|skripti(?:n|lle|a)?" +
        @"|ihmi(?:nen|sen|selle|sta)|henkilo(?:n|lle|a)?|tyontekija(?:n|lle|a)?|asiakaspalvelija(?:n|lle|a)?|avustaja(?:n|lle|a)?" +
        @"|automaatti(?:nen(?: (?:vastaus|viesti|botti|jarjestelma))?|sen|selta|sesti|vastaus|viesti)?|chat ?gpt(?::n|:lle)?)";
    const string Kind = "(?:" + KindEn + "|" + KindDe + "|" + KindFi + ")";
    // Who, not what: "onko kahvinkeitin automaattinen?" asks about a coffee maker.
    const string KindFiAgent = @"(?:bot(?:ti|in)|robot(?:ti|in)|tekoaly(?:n)?|chat ?gpt)";

    // After the kind: the end of the clause, or what is said of the chat.
    const string Then = @"(?=\s*(?:$|[^\w\s'/-]|(?:or|oder|tai|vai|kanssa|right now|rn|atm|now|here|there|then|just|too|either|lol|haha|i'?m|im|jetzt|gerade|grad|grade|hier|da|dran|nyt|siella|tassa|taalla" +
        @"|replying|answering|responding|writing|typing|reading|talking|chatting|texting|speaking|on the other end|on the line|in the chat|behind|to me|me" +
        @"|verbunden|im chat|am anderen ende|am apparat|am (?:schreiben|chatten|antworten|tippen|texten|reden|quatschen)|der mir|die mir|das mir|vastaa|vastaamassa|kirjoittaa|kirjoittamassa|linjoilla|puolella" +
        @"|reads|liest|answers|antwortet|generated|written|run|operated|generiert|erstellt|geschrieben|betrieben|generoitu\w*|kirjoittama\w*|pyorittama\w*)\b))";

    const string A = @"(?:(?:a|an|the|ein|eine|einer|einem|einen|ne|nen|nem|ner|n|mit|with|to|jokin|joku) )?";
    // Without "the": "is it the agent or me who pays for the return?" asks who pays.
    const string AnArticle = @"(?:(?:a|an|ein|eine|einer|einem|einen|ne|nen|nem|ner|n|jokin|joku) )?";
    const string ThisChat = @"(?: (?:chat|conversation|message|reply|response|account|dm|answer|thing|service|page|inbox))?";
    // Words that soften a question without naming anything: "is this really a bot?", "ist das hier eigentlich eine KI?".
    const string ThisSoft = @"(?: (?:really|actually|just|even|honestly|seriously|like|hier|eigentlich|wirklich|etwa|nur|gerade|jetzt|ehrlich|denn|so" +
        @"|nyt|oikeasti|oikeesti|ihan|vaan|vain|siis|muuten|joku|jokin|sellainen))*";
    // A few words between a question's lead and the kind: "are you honestly just a bot", "is this conversation handled by".
    const string Gap = @"(?: [^\s.!?;,]+){0,5}?";

    // Built at start-up, not source-generated (the generator's code for it ran to 150,000 lines). An earlier form of it,
    // which began with a lazy run over the clause after a look-behind for a sentence end, made .NET 10's compiled and
    // generated matchers throw IndexOutOfRangeException on ordinary DMs (the interpreter matched it right); the frames
    // alone, with the clause worked out in WithoutQuestion, compile and match right.
    static readonly Regex Question = new(
        @"(?:" +
        // are you / r u / bist du / sind Sie / oletko / ootsä … a kind
        @"\b(?:are|r|arent|aren't) (?:you|u|ya)" + Gap + " " + A + Kind + Then +
        @"|(?:^|(?<=[.!?;\n,:]\s{0,3})|\b(?:wait|so|hey|hi|hello|ok|okay|lol) )(?:u|you|you're|youre|ur) " + A + Kind + Then +
        @"|\b(?:bist du|biste|biste'?n|bist de|sind sie|seid ihr|du)" + Gap + " " + A + Kind + Then +
        @"|\b(?:oletko|ootko|ootsa|oot sa|ooksa|ooks sa|ookko|oletteko|ootteko|oletsa|(?:sa|sina|te) (?:oot|olet|ootte|olette))" + Gap + " " + A + Kind + Then +
        // is this (message / chat / reply …) (from / handled by) a kind; ist das (hier) ein …; onko tämä …
        // Only the chat, a message or a reply may stand between "is this" and the kind: "is this watch automatic?", "is this
        // vacuum a robot?", "ist das Gerät automatisch?", "onko tämä kahvinkeitin automaattinen?" ask about a product.
        @"|\b(?:is|was|isn't|isnt) (?:this|that|it)" + ThisChat + ThisSoft + @"(?: (?:from|by|handled by|run by|written by|sent by|done by|powered by|answered by|being answered by))? " + AnArticle + Kind + Then +
        @"|\b(?:ist das|is das|isn das|ist dies|ist es|war das|handelt es sich)" + @"(?: (?:bei )?(?:diesem|dem|der|dieser) (?:chat|nachricht|antwort))?" + ThisSoft + @"(?: um| von)? " + AnArticle + Kind + Then +
        @"|\b(?:onko|onks|onk|oliko) (?:tama|taa|tassa|se|nama|naa|kyseessa)(?: (?:viesti|vastaus|chat|keskustelu|vastaukset|viestit))?" + ThisSoft + " " + Kind + Then +
        @"|\b(?:onko|onks|onk|oliko)" + Gap + " " + KindFiAgent + Then +
        // am I talking to / rede ich mit / puhunko … a kind
        @"|\bam i (?:talking|chatting|speaking|texting|writing|messaging|dealing)" + Gap + " " + A + Kind + Then +
        // (and spoken: "schreib ich hier mit nem bot?", QA round 68, went to a person)
        @"|\b(?:red|rede|sprech|spreche|chatt|chatte|schreib|schreibe|text|texte|kommuniziere|bin) ich" + Gap + " (?:mit|bei) " + A + Kind + Then +
        @"|\b(?:puhun|keskustelen|juttelen|viestittelen|chattailen|kirjoitan|kirjotan|asioin|kirjoittelen)(?:ko|ks|kos)\b" + Gap + " " + Kind + Then +
        // the replies: are these replies written by a script / werden die Antworten automatisch generiert / wird dieser Account von einer KI betrieben
        @"|\b(?:are|is|were|was) (?:these|the|your|this|that|those) (?:replies|answers|messages|responses|reply|answer|message|response|dms?|account)" + Gap + " " + A + Kind + Then +
        @"|\b(?:werden|wird) (?:die|diese|deine|eure|ihre|dieser|der|das) (?:antworten|nachrichten|antwort|nachricht|account|konto|chat)" + Gap + " " + A + Kind + Then +
        @"|\bis (?:whoever|the person|the one|someone|somebody) (?:who )?(?:is )?(?:answering|replying|writing|typing|running)" + Gap + " " + A + Kind + Then +
        // it sounds automated, is it? / die Antwort klingt automatisch / kuulostaa automaattiselta
        @"|\b(?:sounds|seems|feels|looks|klingt|klingen|wirkt|wirken|kuulostaa|vaikuttaa|tuntuu)" + Gap + " " + A + Kind + @"\b[^.!?;\n]*\?" +
        // I can't tell if you're a bot / ob du ein Bot bist / whether a human reads this
        @"|\b(?:if|whether|ob) (?:you'?re|youre|you are|u r|ur|u are|this is|it'?s|du|sie|das hier|das|hier)" + Gap + " " + A + Kind + @"(?: (?:bist|sind|ist|or not|oder nicht))?" + Then +
        @"|\b(?:if|whether|ob) " + A + @"(?:real |actual |echter )?(?:human|person|someone|anyone|mensch|jemand)" + Gap + @" (?:reads|is reading|answers|is answering|liest|antwortet|sitzt)\b" +
        // a clause that is nothing but the kind: "Be honest: bot?", "Mal ehrlich: Bot?", "oikee ihminen??"
        @"|(?:^|(?<=[.!?;\n,:]\s{0,3}))" + A + @"(?:bot|chat ?bot|robot|ai|ki|roboter|botti|robotti|tekoaly)\s*\?" +
        // is a human reading this / liest das ein Mensch / vastaako tähän ihminen
        @"|\b(?:is|does|do) " + A + @"(?:real |actual |live )?(?:human|person|people|someone|somebody|anyone|anybody)(?: real)?" +
            @"(?: (?:actually|really|even|ever))? (?:reading|answering|replying|writing|typing|on the other end|behind|read|answer|reply|see)\b(?! (?:my|the) (?:email|mail|letter|form|review|complaint))" +
        @"|\b(?:liest|beantwortet|antwortet|schreibt|sitzt|tippt)" + Gap + " " + A + Kind + Then +
        @"|\bwird (?:diese|meine|die) (?:nachricht|anfrage)(?: \w+)? (?:automatisch|von " + A + Kind + ")" +
        @"|\b(?:vastaako|lukeeko|kirjoittaako|vastaileeko)" + Gap + " " + Kind + Then +
        // who am I talking to / wer antwortet mir / kuka tähän vastaa
        @"|\bwho am i (?:talking|chatting|speaking|writing|texting) (?:to|with)\b|\bwho(?:'s| is) (?:on the other end|answering|replying|writing|typing)\b" +
        @"|\bwer (?:antwortet|schreibt|sitzt|ist|tippt)(?: (?:mir|hier|da|dort|gerade))*(?:,? " + A + Kind + @"|,? am anderen ende|\?)" +
        @"|\bmit wem (?:rede|spreche|chatte|schreibe) ich\b|\bkenen kanssa (?:puhun|keskustelen|juttelen|kirjoittelen)\b" +
        @"|\bkuka (?:tahan |mulle |minulle |siella )?(?:vastaa|kirjoittaa|on siella)\b" +
        // do you use a bot to answer / käytättekö chatbottia
        @"|\b(?:do|are) you (?:use|using) " + A + @"(?:bot|chat ?bot|ai|automation|auto[- ]?repl(?:y|ies)|auto[- ]?responder)\b" +
        @"|\b(?:nutzt ihr|nutzen sie|verwendet ihr|verwenden sie|benutzt ihr) " + A + @"(?:bot|chat ?bot|ki|automatische antworten)\b" +
        @"|\b(?:kaytatteko|kaytteko) (?:chat ?)?(?:bottia|botteja|tekoalya|automaatiota)\b" +
        // human or machine? / Mensch oder Maschine? / ihminen vai kone?
        @"|\b" + A + @"(?:real |actual |echte[rnms]? |oikea |oikee )?(?:human|person|someone(?: from your team)?|mensch(?:en)?|ihmi(?:nen|sen|selle)|henkilo)" +
            @" (?:or|oder|vai|tai) (?:" + A + "|(?:mit )" + A + ")?" + Kind + Then +
        // ("botin kaa tekemisissä vai ihmisen?": with whom one deals, QA round 51)
        @"|\b(?:(?:oonks|oonko|olenko|ookko|puhunko|juttelenko|keskustelenko|viestittelenko)(?: (?:ma|mina))?(?: (?:nyt|tassa|taalla))? )?" + A +
            @"(?:bot|robot|chat ?bot|ai|machine|computer|program|automated(?: system)?|roboter|ki|maschine|programm|botti|botin|robotti|kone|koneen|tekoaly)" +
            @"(?: (?:kanssa|kaa|kans)(?: tekemisissa| tekemisis)?)? (?:or|oder|vai|tai) (?:(?:mit )?" + A + ")?(?:real |actual |echte[rnms]? |oikea |oikee )?(?:human|person|someone|mensch(?:en)?|ihmi(?:nen|sen|selle)|henkilo|" +
            @"someone from your team)" + Then +
        @")",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
