using AutoReply.Core.Policies;
using Xunit.Abstractions;

namespace AutoReply.Core.Tests.Signals;

/// Opt-out requests in words: the examples the detector was written from, and a labelled set written by someone else who
/// never saw the detector (hard negatives full of "stop", "messages" and "newsletter"): opt-out-requests.tsv tuned on
/// (it ships with Core in Policies/Signals and trains SignalModel.OptOuts too), opt-out-requests-holdout.tsv never read.
public sealed class OptOutRequestTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("please stop messaging me", true)]
    [InlineData("pls stop sending me these promotions", true)]
    [InlineData("unsubscribe me from your offers", true)]
    [InlineData("take me off your marketing list!!", true)]
    [InlineData("how do i unsubscribe from the newsletter", false)]
    [InlineData("wie kann ich mich vom newsletter abmelden", false)]
    [InlineData("don't text me again", true)]
    [InlineData("Bitte keine Werbung mehr!", true)]
    [InlineData("hört auf mir zu schreiben", true)]
    [InlineData("älkää lähettäkö enää viestejä", true)]
    [InlineData("en halua enää teidän mainoksia", true)]
    [InlineData("stop sending me the wrong size!!", false)]
    [InlineData("can you message me when it's back in stock?", false)]
    [InlineData("ich bekomme keine Nachrichten mehr von euch, ist was kaputt?", false)]
    [InlineData("can you take me through the steps", false)]
    [InlineData("i can't sign out of the app", false)]
    [InlineData("how do I cancel my subscription", false)]
    [InlineData("I don't want these shoes anymore, how do I return them?", false)]
    // found by reading the detector (session 10): a sales pitch is no message; a product that is fine is no channel kept
    [InlineData("I don't want them anymore, can I return them?", false)]
    [InlineData("don't need a sales pitch, just tell me the price", false)]
    [InlineData("the jacket is fine but please stop the marketing emails and texts", true)]
    [InlineData("passt schon, aber bitte keine Werbung mehr", true)]
    [InlineData("no marketing please", true)]
    [InlineData("No updates?", false)]
    // QA round 16: marketing e-mail by any name is another channel (the library's newsletter answer), not the chat's messages
    [InlineData("please stop sending me marketing emails, I get like 3 a day", false)]
    [InlineData("keine werbemails mehr", false)]
    [InlineData("Bitte hört auf, mir ständig Werbemails zu schicken", false)]
    [InlineData("Lopettakaa mainossähköpostien lähettäminen, tulee joka päivä", false)]
    [InlineData("stop the emails and stop messaging me here", true)]
    // QA round 17 (a language school): leaving a course is no opt-out; leaving the messages, a list or everything is one
    [InlineData("ich möchte mich vom Kurs abmelden", false)]
    [InlineData("Ich will mich von der Probestunde abmelden", false)]
    [InlineData("please unsubscribe me from the yoga course", false)]
    [InlineData("opt me out of the loyalty program", false)]
    [InlineData("melde mich bitte von den Nachrichten ab", true)]
    [InlineData("take me off this list", true)]
    [InlineData("opt me out of everything", true)]
    [InlineData("bitte tragt mich aus dem Verteiler aus", true)]
    [InlineData("please unsubscribe me from this course", false)]
    [InlineData("melde mich vom Kurs ab", false)]
    // a review: a request said elsewhere in the DM still stands, and leaving a list, a campaign, the shop or its database is one
    [InlineData("stop messaging me and remove me from your database", true)]
    [InlineData("stop sending me offers, unsubscribe me from your customer club", true)]
    [InlineData("unsubscribe me. I got your number from a friend", true)]
    [InlineData("unsubscribe me, I get messages from your shop every day", true)]
    [InlineData("unsubscribe me from your daily deal alerts", true)]
    [InlineData("remove me from the black friday promo", true)]
    [InlineData("unsubscribe me from the christmas campaign", true)]
    [InlineData("please unsubscribe me from your company", true)]
    [InlineData("Ich will keine Nachrichten mehr. Tragt mich aus der Kundendatei aus", true)]
    // a second review: the thing ends at "and"; messaging, texting, a digest and the chatbot are the messages
    [InlineData("unsubscribe me from the course and stop texting me", true)]
    [InlineData("unsubscribe me from your messaging", true)]
    [InlineData("unsubscribe me from the chatbot", true)]
    [InlineData("unsubscribe from the weekly digest", true)]
    // the session-46 review: "unsubscribe" and a refusal of more is a stop; "unsubscribe" before anything else is not (a
    // review of a first version that took the word alone first: an appointment or an order cancelled, a how-to, a membership)
    [InlineData("unsubscribe, and don't call me either", true)]
    [InlineData("how do i unsubscribe, the link doesn't work", false)]
    [InlineData("Unsubscribe: how do I do it?", false)]
    [InlineData("unsubscribe and then subscribe again didn't fix it, I still get no newsletter", false)]
    [InlineData("Abbestellen bitte, Bestellung 12345, die Hose brauche ich nicht mehr", false)]
    [InlineData("Abmelden, ich bin krank und kann morgen nicht kommen", false)]
    [InlineData("unsubscribe and cancel my membership please", false)]
    public void Asks_to_be_left_alone_only_in_so_many_words(string text, bool asked) => Assert.Equal(asked, OptOutRequest.IsAsked(text));

    // The set was asked for before e-mail was ruled out of the chat's opt-out: its DMs about newsletters and e-mail are
    // left out of the figures, by the service's own rule since session 15 (OptOutRequest.MentionsEMail: the model is not
    // asked about them either), by one written before they were measured until then.

    /// The service's opt-out: the configured whole-message keywords (appsettings.json) or a request in words.
    static readonly ConsentWords Keywords = new(System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(SampleLibrary.RepoRoot(), "appsettings.json")),
            new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })
        .RootElement.GetProperty("Policies").GetProperty("OptOutWords").EnumerateArray().Select(w => w.GetString()!).ToArray());

    static bool OptsOut(string text) => Keywords.Match(text) || OptOutRequest.IsAsked(text);

    [Theory]
    [InlineData("STOP STOP STOP", true)]
    [InlineData("remove me", true)]
    [InlineData("stop the stop", false)]
    public void The_configured_keywords_hold_when_repeated(string text, bool asked) => Assert.Equal(asked, OptsOut(text));

    /// The figures of a file, per language; misses are listed for the tuned half only (a holdout's misses, once read,
    /// would be tuned on).
    (double Recall, int FalseOptOuts, int Negatives, IReadOnlyList<string> Misses) Measure(string file, bool listMisses)
    {
        var rows = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Signals", file)).Skip(1)
            .Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(f => (Text: f[0], OptOut: f[1] == "optout", Language: f[2]))
            .Where(r => !OptOutRequest.MentionsEMail(r.Text)).ToList();
        foreach (var language in rows.Select(r => r.Language).Distinct().Order())
        {
            var part = rows.Where(r => r.Language == language).ToList();
            output.WriteLine($"{file} {language}: recall {part.Count(r => r.OptOut && OptsOut(r.Text))}/{part.Count(r => r.OptOut)}, " +
                $"false {part.Count(r => !r.OptOut && OptsOut(r.Text))}/{part.Count(r => !r.OptOut)}");
        }
        var misses = rows.Where(r => OptsOut(r.Text) != r.OptOut).Select(r => $"{(r.OptOut ? "missed" : "false ")} [{r.Language}] {r.Text}").ToList();
        if (listMisses) foreach (var m in misses) output.WriteLine("  " + m);
        var positives = rows.Count(r => r.OptOut);
        var recall = (double)rows.Count(r => r.OptOut && OptsOut(r.Text)) / positives;
        return (recall, rows.Count(r => !r.OptOut && OptsOut(r.Text)), rows.Count - positives, misses);
    }

    // A false opt-out silences a customer who wanted an answer: the floors allow far fewer of those than missed requests.
    [Fact]
    public void Nearly_every_request_in_words_is_found_and_no_other_DM_taken_for_one()
    {
        var (recall, falseOptOuts, _, misses) = Measure("opt-out-requests.tsv", listMisses: true);
        Assert.True(recall >= 0.9 && falseOptOuts == 0, string.Join(Environment.NewLine, misses));
    }

    /// Three more tuning sets, written by helpers who saw neither the detector nor the other sets: pleas, typos, hard
    /// negatives (more); indirect forms, withdrawn consent, cancellations among the others (third); bare keywords, repeated
    /// and polite refusals, products that are "fine" beside the request (fourth, session 10: recall 108/136, 1 false
    /// opt-out with the detector and keywords the session began with).
    [Theory]
    [InlineData("opt-out-requests-more.tsv")]
    [InlineData("opt-out-requests-third.tsv")]
    [InlineData("opt-out-requests-fourth.tsv")]
    public void On_the_later_tuning_sets_nearly_every_request_is_found_and_no_other_DM_taken_for_one(string file)
    {
        var (recall, falseOptOuts, _, misses) = Measure(file, listMisses: true);
        Assert.True(recall >= 0.9 && falseOptOuts == 0, string.Join(Environment.NewLine, misses));
    }

    /// Written by someone who never saw the detector, split from the tuned half by the SHA-1 of each text, never read; the
    /// opt-out model (session 15) does not train on it. The frames alone read 41/51 and 1 false opt-out of 57; with the
    /// model 48/51 and 1 (and on ordinary traffic, the clinc150 test split, false opt-outs fall from 5 of 5,500 to none).
    [Fact]
    public void On_DMs_never_tuned_on_most_requests_are_found_and_hardly_any_other_DM_taken_for_one()
    {
        var (recall, falseOptOuts, negatives, _) = Measure("opt-out-requests-holdout.tsv", listMisses: false);
        Assert.True(recall >= 0.92 && falseOptOuts <= 1, $"recall {recall:0.00}, {falseOptOuts} false opt-outs of {negatives}");
    }

    /// A fresh set (session 15: 260 DMs, none about e-mail), written by a helper who saw neither the detector, the model
    /// nor any other set, before the model was built; never read (figures only): the frames alone 102/120 and 1 false
    /// opt-out of 140; with the model 118/120 and none when first read, 115/120 and none once DMs the frames read as a
    /// complaint, DMs of three words (for two of the examples above, not for this set) and DMs without any of the words a
    /// request needs (for speed: the model ran on every DM) were kept from the model.
    [Fact]
    public void On_a_fresh_set_written_before_the_model_nearly_every_request_is_found_and_no_other_DM_taken_for_one()
    {
        var (recall, falseOptOuts, negatives, _) = Measure("fresh3/opt-out-requests.tsv", listMisses: false);
        Assert.True(recall >= 0.95 && falseOptOuts <= 1, $"recall {recall:0.00}, {falseOptOuts} false opt-outs of {negatives}");
    }
}
