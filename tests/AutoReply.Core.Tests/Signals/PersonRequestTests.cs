using AutoReply.Core.Handoffs;
using Xunit.Abstractions;

namespace AutoReply.Core.Tests.Signals;

/// Requests for a person against labelled DMs in en/de/fi (person-requests.tsv, 40%+ of them negatives full of
/// person, agent, staff and Mitarbeiter words), which ship with Core and train SignalModel.PersonRequests too; the fresh
/// sets, written afterwards by helpers who saw neither, were never read and measure both.
public sealed class PersonRequestTests(ITestOutputHelper output)
{
    public static IReadOnlyList<(string Text, bool Person, string Language)> Read(string file) =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Signals", file)).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split('\t')).Select(f => (f[0], f[1] == "person", f[2])).ToList();

    /// The figures of a file; the misses are listed only for the tuned file (a holdout's misses, once read, would be tuned on).
    (double Recall, int FalseRequests, IReadOnlyList<string> Misses) Measure(string file, bool listMisses = true)
    {
        var rows = Read(file);
        var misses = rows.Where(r => PersonRequest.IsRequested(r.Text) != r.Person).Select(r => $"{(r.Person ? "missed" : "false ")} [{r.Language}] {r.Text}").ToList();
        var positives = rows.Count(r => r.Person);
        var found = rows.Count(r => r.Person && PersonRequest.IsRequested(r.Text));
        var falseRequests = rows.Count(r => !r.Person && PersonRequest.IsRequested(r.Text));
        output.WriteLine($"{file}: {rows.Count} DMs, recall {found}/{positives}, false requests {falseRequests}/{rows.Count - positives}");
        if (listMisses) foreach (var m in misses) output.WriteLine("  " + m);
        return ((double)found / positives, falseRequests, misses);
    }

    [Fact]
    public void Every_request_for_a_person_is_found_and_no_mention_is_taken_for_one()
    {
        var (recall, falseRequests, misses) = Measure("person-requests.tsv");
        Assert.True(recall == 1.0 && falseRequests == 0, string.Join(Environment.NewLine, misses));
    }

    /// Three more tuning sets, written by helpers who saw neither the detector nor the other files: slang, typos and hard
    /// negatives (more); requests buried in long messages, indirect forms, role names (third); refusals ("I don't need a
    /// human"), idioms with contact verbs, technicians and callbacks (fourth, session 10: recall 141/160 and 14 false
    /// requests of 140 before it was read); escalation, callbacks at a time, curiosity about bots, quoted words (fifth,
    /// session 10: 121/140 and 5 of 160 before it was read — tuning on it moved neither fresh set).
    [Theory]
    [InlineData("person-requests-more.tsv")]
    [InlineData("person-requests-third.tsv")]
    [InlineData("person-requests-fourth.tsv")]
    [InlineData("person-requests-fifth.tsv")]
    public void On_the_later_tuning_sets_every_request_is_found_and_no_mention_taken_for_one(string file)
    {
        var (recall, falseRequests, misses) = Measure(file);
        Assert.True(recall == 1.0 && falseRequests == 0, string.Join(Environment.NewLine, misses));
    }

    /// Set aside and never tuned on until session 15; since then the person-request model trains on it like the rest,
    /// and the fresh sets below are the ones it has not seen.
    [Fact]
    public void On_the_set_once_held_aside_nearly_every_request_is_found_and_hardly_any_mention_taken_for_one()
    {
        var (recall, falseRequests, _) = Measure("person-requests-holdout.tsv", listMisses: false);
        Assert.True(recall >= 0.92 && falseRequests <= 2, $"recall {recall:0.00}, {falseRequests} false requests");
    }

    /// Written by someone else after the detector was built, and never read: the honest figure. The rules alone read
    /// 105/121 and 1 false request of 99 on it, with the model (session 15) 111/121 and none.
    [Fact]
    public void On_a_fresh_set_written_after_the_detector_most_requests_are_found_and_few_mentions_taken_for_one()
    {
        var (recall, falseRequests, _) = Measure("fresh/person-requests.tsv", listMisses: false);
        var negatives = Read("fresh/person-requests.tsv").Count(r => !r.Person);
        Assert.True(recall >= 0.9 && falseRequests <= 2, $"recall {recall:0.00}, {falseRequests} false requests of {negatives}");
    }

    /// A second fresh set (session 10), written by a helper who saw neither the detector nor any other set, after the
    /// fourth tuning set was tuned on; never read. Session 10 began at recall 112/131 and 9 false requests of 109 on it; the
    /// rules alone read 115/131 and 7, with the model (session 15) 124/131 and none.
    [Fact]
    public void On_a_second_fresh_set_most_requests_are_found_and_few_mentions_taken_for_one()
    {
        var (recall, falseRequests, _) = Measure("fresh2/person-requests.tsv", listMisses: false);
        Assert.True(recall >= 0.92 && falseRequests <= 2, $"recall {recall:0.00}, {falseRequests} false requests");
    }

    /// A third fresh set (session 15: 280 DMs, 130 of them negatives), written by a helper who saw neither the rules, the
    /// model nor any other set, before the model was built; never read: the rules alone 131/150 and 2 false requests; with
    /// the model 146/150 and 4 when first measured, 147/150 and none once a sixth tuning set was added to its training
    /// (the set was read only for these figures, never for its misses).
    [Fact]
    public void On_a_third_fresh_set_written_before_the_model_nearly_every_request_is_found_and_few_mentions_taken_for_one()
    {
        var (recall, falseRequests, _) = Measure("fresh3/person-requests.tsv", listMisses: false);
        Assert.True(recall >= 0.95 && falseRequests <= 2, $"recall {recall:0.00}, {falseRequests} false requests");
    }

    /// A fifth fresh set (session 44: 209 DMs, 84 of them negatives; 11 rows that were in training sets word for word taken
    /// out), written by a helper who saw no code and no other set; never read. At the session's start build 123/125 and 3
    /// false requests; with the seventh tuning set 123/125 and 2.
    [Fact]
    public void On_a_fifth_fresh_set_nearly_every_request_is_found_and_few_mentions_taken_for_one()
    {
        var (recall, falseRequests, _) = Measure("fresh5/person-requests.tsv", listMisses: false);
        Assert.True(recall >= 0.97 && falseRequests <= 3, $"recall {recall:0.00}, {falseRequests} false requests");
    }

    [Theory]
    [InlineData("I need a human now: my parcel arrived crushed", true)]
    [InlineData("HUMAN PLEASE. the size guide is wrong, I ordered M and it fits like XS", true)]
    [InlineData("connect me with support staff, my account is locked", true)]
    [InlineData("wo ist meine Bestellung? bitte einen echten Mitarbeiter, kein Bot", true)]
    [InlineData("voinko puhua ihmisen kanssa?", true)]
    [InlineData("my husband is the person who placed the order, can he change the address?", false)]
    [InlineData("your staff in the Hamburg store were lovely", false)]
    [InlineData("Ihr Mitarbeiter hat mir gestern geholfen, danke!", false)]
    // found by reading the detector (session 10): refusals and idioms are no requests; two roles joined by "or" are one
    [InlineData("Bitte mich nicht anrufen, schreiben Sie mir lieber", false)]
    [InlineData("En tarvitse soittoa, viesti riittää", false)]
    [InlineData("en saa kantta kiinni", false)]
    [InlineData("I can't get hold of the tracking number", false)]
    [InlineData("I don't need a human, just tell me where my order is", false)]
    [InlineData("can't get hold of anyone on the phone, can you get me someone?", true)]
    [InlineData("Is it possible to speak to a manager or supervisor?", true)]
    [InlineData("is this a human or a bot?", false)]
    [InlineData("is this a real person? if not pls connect me to one", true)]
    [InlineData("The app says \"speak to your advisor\" but I just want the interest rate", false)]
    public void The_issues_examples(string text, bool person) => Assert.Equal(person, PersonRequest.IsRequested(text));

    /// "can someone design a logo for me?" asks whether the brand does a thing, not for someone to talk to (QA round 57: it went
    /// to a person, and the library's "we don't design from scratch" was never sent); someone asked to reach, answer, help or
    /// look into something is still asked for.
    [Theory]
    [InlineData("can someone design a logo for me? i have nothing yet", false)]
    [InlineData("could somebody bind my thesis by tomorrow?", false)]
    [InlineData("can someone come and fix my leaking tap?", false)]   // (the session-51 review)
    [InlineData("can someone call me back about my order?", true)]
    [InlineData("Wie lang habts ihr am Samstag offen? und kann mich bitte die Chefin zurückrufen wegen Maßanzügen für unsere Firma", true)]   // QA round 76
    [InlineData("could anyone please check my booking", true)]
    [InlineData("can someone senior look at this complaint", true)]
    [InlineData("can someone from your team get back to me", true)]
    public void Someone_asked_to_do_a_service_is_no_person_asked_for(string text, bool person) =>
        Assert.Equal(person, PersonRequest.IsRequested(text));

    /// A question for a number to call asks for what a contact answer says (QA round 59: "onko teillä joku numero mihin vois
    /// soittaa" was handed off as a request, the shop's number never sent); a number to reach a person by, or a request
    /// after it, still asks for one.
    [Theory]
    [InlineData("onko teillä joku numero mihin vois soittaa", false)]
    [InlineData("do you have a number I can call?", false)]
    [InlineData("gibt es eine nummer wo ich anrufen kann", false)]
    [InlineData("habt ihr eine Nummer, unter der ich euch anrufen kann?", false)]   // (a review of this session)
    [InlineData("gibt es eine Nummer, unter der ich mit einem Mitarbeiter sprechen kann?", true)]
    [InlineData("hi, what's your phone number? want to call before I come by", false)]
    [InlineData("is there a number I can call to speak to a human?", true)]
    [InlineData("give me a number to call, I need to talk to a manager", true)]
    [InlineData("can someone call me back on my number?", true)]
    // the customer's own call after it (QA round 61: the callback flow asked when to call them)
    [InlineData("do u have a phone number? id rather just call someone 📞", false)]
    [InlineData("habt ihr eine Telefonnummer? ich würde lieber anrufen", false)]
    [InlineData("onko teillä puhelinnumeroa? soittaisin mieluummin", false)]
    [InlineData("do you have a phone number? i'd rather someone called me", true)]
    // the customer's own call beside a question for the hours (QA round 62); someone to call them, or to talk to, still asks
    [InlineData("hi what are ur support hours, need to call someone tmrw morning", false)]
    [InlineData("when are you open? we'll call you tomorrow", false)]
    [InlineData("whats your phone number? need to call someone tmrw morning about the keys", false)]   // (the review)
    [InlineData("Habt ihr eine Telefonnummer? Würd lieber kurz anrufen", false)]   // QA round 76
    [InlineData("whats ur phone number, id rather call someone than text", false)]   // QA round 77
    [InlineData("what are your hours? need someone to call me tomorrow morning", true)]
    [InlineData("what are your hours? i need to talk to someone tomorrow", true)]
    public void A_number_to_call_asked_for_is_no_person_asked_for(string text, bool person) =>
        Assert.Equal(person, PersonRequest.IsRequested(text));

    /// A question of who does a task asks whether the brand does it, not for a person (QA round 64: "who handles the
    /// paperwork with the grid operator" was handed off as a request, and the answer that says "we do" never sent). One that
    /// names a talk or a call beside it still asks.
    [Theory]
    [InlineData("who handles the paperwork with the grid operator", false)]
    [InlineData("wer kümmert sich um die Anmeldung beim Netzbetreiber?", false)]
    [InlineData("kuka hoitaa ilmoituksen verkkoyhtiölle?", false)]
    [InlineData("and who pays for the scaffolding?", false)]
    [InlineData("who handles complaints? I want to speak to them", true)]
    [InlineData("who is responsible for my account, can someone from there call me?", true)]
    [InlineData("wer ist zuständig? ich will mit jemandem sprechen", true)]
    public void Who_does_a_task_is_no_person_asked_for(string text, bool person) =>
        Assert.Equal(person, PersonRequest.IsRequested(text));

    /// The model alone must find someone asked for: an appointment is booked, not a person (QA round 47: "Ich möchte einen
    /// Termin" scored 0.71 and went to reception as a request for a person), nor is a stop (QA round 44). An appointment with
    /// someone, or a callback, still asks for a person.
    [Theory]
    [InlineData("Ich möchte einen Termin", false)]
    [InlineData("ich würde gerne einen Termin vereinbaren", false)]
    [InlineData("unsubscribe me from your messages pls", false)]
    [InlineData("Ich würde gern einen Termin für ein Beratungsgespräch mit einem Finanzberater vereinbaren.", true)]
    [InlineData("Pyydän takaisinsoittoa lennon peruutuksesta, numero on profiilissa.", true)]
    // a reply asked for, and who should give it (the review)
    [InlineData("Schreiben Sie mir bitte zurück, ich habe eine Frage zu meiner Rechnung", true)]
    [InlineData("please get back to me asap about my order", true)]
    [InlineData("Can the mechanic get back to me about the quote?", true)]
    // a consultation booked is an appointment, an instruction manual no manager (the session-46 review: "beratung" and
    // "leit" in the words of someone took them for one)
    [InlineData("Ich möchte einen Beratungstermin für Aligner", false)]
    [InlineData("Ich möchte mit der Filialleitung sprechen", true)]   // found by the frames
    [InlineData("leiten Sie das bitte an die Geschäftsleitung weiter", true)]   // by the model alone: the leadership words name someone
    public void The_model_alone_must_find_someone_asked_for(string text, bool person) => Assert.Equal(person, PersonRequest.IsRequested(text));
}
