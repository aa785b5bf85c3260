using AutoReply.Core.Engine;
using AutoReply.Core.Messages;
using Xunit.Abstractions;

namespace AutoReply.Core.Tests.Signals;

/// "Are you a bot?" against labelled DMs in en/de/fi, written in session 24 by a helper who saw no code: questions whether
/// the other side is a bot, an AI or a person (bot), requests for a person that may ask it too (request), and hard
/// negatives full of bot, machine, AI and person words (none). Each DM is the first of a thread on the sample shop; a bot
/// question gets the honest answer (AnsweredBotQuestion), a request reaches a person (CustomerAskedForPerson), and
/// nothing else gets either. bot-questions.tsv was tuned on; bot-questions-holdout.tsv (a third, drawn at random) never
/// read, only measured.
public sealed class BotQuestionTests(ITestOutputHelper output)
{
    static readonly DateTimeOffsetBox At = new(BusinessHoursTests.At("2026-11-24T10:00:00"));

    sealed record DateTimeOffsetBox(NodaTime.Instant Value);

    static TurnDecision Decide(string text)
    {
        var key = new ThreadKey("test", "t");
        return new ConversationEngine(FlowTests.Settings).Handle(new Turn(new InboundMessage(key, "m", new Sender("u", null), text, At.Value, At.Value),
            Threads.ConversationState.New(key), Threads.ContactState.New("test", "u"), SampleLibrary.Shop, At.Value)).Decision;
    }

    static string Outcome(TurnDecision decision) => decision switch
    {
        { AnswersBotQuestion: true } => "bot",
        { Reason: Reason.CustomerAskedForPerson } => "request",
        { HandOffRequest.Reason: var why } when why.StartsWith(nameof(Reason.CustomerAskedForPerson), StringComparison.Ordinal) => "request",
        _ => "none",
    };

    /// Per file: bot questions answered as such, and those handed to a person instead ("is there an actual human on the
    /// other end?": the person-request sets read whether anyone is there as a request, and a person answers both readings);
    /// requests that reached a person; negatives that got neither. A miss is a bot question left unanswered, a request that
    /// did not reach a person, or a negative that got the bot answer or a person.
    (int Misses, int Total, IReadOnlyList<string> Listed) Measure(string file, bool listMisses)
    {
        var rows = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Signals", file)).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split('\t')).Select(f => (Text: f[0], Label: f[1], Language: f[2])).ToList();
        var outcomes = rows.Select(r => (Row: r, Decision: Decide(r.Text))).Select(x => (x.Row, x.Decision, Outcome: Outcome(x.Decision))).ToList();
        bool Right((string Text, string Label, string Language) row, string outcome) => outcome == row.Label || (row.Label == "bot" && outcome == "request");
        var misses = outcomes.Where(o => !Right(o.Row, o.Outcome))
            .Select(o => $"{o.Row.Label} → {o.Outcome} [{o.Row.Language}] {o.Row.Text} ({o.Decision.Reason}: {o.Decision.Detail})").ToList();
        int Count(string label, string outcome) => outcomes.Count(o => o.Row.Label == label && o.Outcome == outcome);
        output.WriteLine($"{file}: bot questions {Count("bot", "bot")} answered + {Count("bot", "request")} to a person of {rows.Count(r => r.Label == "bot")}; " +
            $"requests {Count("request", "request")} of {rows.Count(r => r.Label == "request")}; " +
            $"negatives {Count("none", "none")} of {rows.Count(r => r.Label == "none")} (bot answer {Count("none", "bot")}, person {Count("none", "request")})");
        if (listMisses) foreach (var m in misses) output.WriteLine("  " + m);
        return (misses.Count, rows.Count, misses);
    }

    /// The tuning sets (bot-questions-more.tsv written by a second helper after the first round, and measured before it was
    /// tuned on: 60 of its 90 bot questions found). Left as they are: two negatives the person-request stage takes for a
    /// request ("Can a human sign for the parcel…?"), "Can you confirm you're a living, breathing person and not AI?", and
    /// two Finnish questions whether anyone is there, which go to a person only when the person-request stage finds them.
    [Theory]
    [InlineData("bot-questions.tsv", 1)]
    [InlineData("bot-questions-more.tsv", 5)]
    public void Every_question_whether_it_is_a_bot_gets_the_honest_answer_and_nothing_else_does(string file, int allowed)
    {
        var (misses, _, listed) = Measure(file, listMisses: true);
        Assert.True(misses <= allowed, string.Join(Environment.NewLine, listed));
    }

    /// "A bot or a person?" asks what the other side is; the person it names is one of the two kinds, not a request (QA round
    /// 4: "bist du ein bot oder ein echter mensch?" was handed to a person with "Natürlich –", the question unanswered). A
    /// clause of its own that asks for someone still is one.
    [Theory]
    [InlineData("are you a bot or a real person?", "bot")]
    [InlineData("bist du ein bot oder ein echter mensch?", "bot")]
    [InlineData("bist du ein bot oder ein mensch?", "bot")]
    [InlineData("oletko botti vai oikea ihminen?", "bot")]
    [InlineData("are you a bot or can i talk to a real person?", "request")]
    [InlineData("bist du ein bot oder kann ich mit einem menschen sprechen?", "request")]
    [InlineData("oletko botti vai voinko puhua ihmisen kanssa?", "request")]
    // QA round 35: the German progressive ("am schreiben") after the kind
    [InlineData("bin ich hier eigentlich mit nem bot am schreiben?", "bot")]
    [InlineData("red ich grad mit nem bot am chatten oder was", "bot")]
    // QA round 78: spoken Finnish "are you"
    [InlineData("ooksä joku botti", "bot")]
    [InlineData("ooks sä botti vai ihminen?", "bot")]
    public void A_person_named_as_the_other_kind_is_part_of_the_question(string text, string expected) =>
        Assert.Equal(expected, Outcome(Decide(text)));

    /// "Automatic" said of a product, then "or" and something else, asks about the product (QA round 16: "onko kyseessä
    /// automaattinen vai mekaaninen kello?" got "I'm an automated assistant"); "or" and another kind of the other side still
    /// asks what it is.
    [Theory]
    [InlineData("is it an automatic or a manual watch?", "none")]
    [InlineData("is it automatic or do i need to wind it?", "none")]
    [InlineData("onko kyseessä automaattinen vai mekaaninen kello?", "none")]
    [InlineData("ist das getriebe automatisch oder manuell?", "none")]
    [InlineData("is this automated or a person?", "bot")]
    [InlineData("is this automatic or not?", "bot")]
    [InlineData("onko tämä automaattinen vastaus vai ihminen?", "bot")]
    // a review: the other side or the chat named, or "or" and someone real, still ask what it is
    [InlineData("are you automated or real?", "bot")]
    [InlineData("are you automated or just slow?", "bot")]
    [InlineData("are these replies automated or are you real?", "bot")]
    [InlineData("is this reply automatic or did a person write it?", "bot")]
    [InlineData("is this message automated or typed by someone?", "bot")]
    [InlineData("is this chat automated or is someone there?", "bot")]
    [InlineData("ist das hier automatisiert oder echt?", "bot")]
    [InlineData("onko tämä automaattinen vai oikea?", "bot")]
    [InlineData("onko tämä automaattinen vai kirjoittaako joku?", "bot")]
    public void Automatic_said_of_a_product_is_no_bot_question(string text, string expected) =>
        Assert.Equal(expected, Outcome(Decide(text)));

    /// Its misses never read; its totals read five times in session 24: before the work 5 of its 33 bot questions were
    /// answered (9 of 10 requests, 37 of 38 negatives right); after the first round 17, then 22; after the second set was
    /// tuned on, 24 answered or handed to a person; after the detector was made cheap (a first look for the words, then
    /// the frames), 21 answered and 3 handed to a person, all 10 requests, 37 of 38 negatives — 10 misses of 81. It guards
    /// that figure.
    [Fact]
    public void The_holdout_set_never_tuned_on()
    {
        var (misses, total, _) = Measure("bot-questions-holdout.tsv", listMisses: false);
        Assert.True(misses <= 10, $"{misses} of {total} missed");
    }
}
