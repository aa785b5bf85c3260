using AutoReply.Core.Handoffs;
using Xunit.Abstractions;

namespace AutoReply.Core.Tests.Signals;

/// The signal models: thresholds that are the shipped sets' cross-validated quantiles, not figures chosen on a test set;
/// training that gives the same model every time; and what each adds to its rules.
public sealed class SignalModelTests(ITestOutputHelper output)
{
    /// Each model's constants are its training sets' cross-validated quantiles (the anger model's veto is asked only about the
    /// mild marks "!!" and "???", EscalationSignals.SaysCalm), and few ordinary DMs reach its threshold unseen.
    [Theory]
    [InlineData("person requests", 0.01)]
    [InlineData("anger", 0.01)]
    [InlineData("opt-outs", 0.005)]
    public void The_thresholds_are_the_cross_validated_ones(string signal, double ordinaryAtMost)
    {
        var (data, model) = signal switch
        {
            "person requests" => (SignalModel.PersonRequestData, SignalModel.PersonRequests),
            "anger" => (SignalModel.AngerData, SignalModel.Anger),
            _ => (SignalModel.OptOutData, SignalModel.OptOuts),
        };
        var (accept, veto, ordinaryAbove) = SignalModel.CrossValidate(data);
        output.WriteLine($"cross-validated: accept {accept:0.000}, veto {veto:0.000}; ordinary DMs above accept {ordinaryAbove:P1}");
        Assert.Equal(accept, model.Accept, 0.006f);
        if (model.Veto > 0) Assert.Equal(veto, model.Veto, 0.006f);
        Assert.True(ordinaryAbove < ordinaryAtMost, $"{ordinaryAbove:P1} of ordinary DMs taken for {signal}");
    }

    /// The anger words and signs stand whatever the model scores: "!!!" after a calm question is the words' call.
    [Theory]
    [InlineData("Question about the carbon figures in your annual report!!!")]
    public void The_anger_words_stand_whatever_the_model_scores(string text)
    {
        var score = SignalModel.Anger.Score(text);
        output.WriteLine($"score {score:0.000}");
        Assert.True(score < SignalModel.Anger.Accept);
        Assert.True(EscalationSignals.Default.AngryByWords(text));
        Assert.True(EscalationSignals.Default.Angry(text));
    }

    [Fact]
    public void A_DM_of_a_word_or_two_is_left_to_the_rules()
    {
        output.WriteLine($"'absolutely': anger {SignalModel.Anger.Score("absolutely"):0.000}");
        Assert.False(EscalationSignals.Default.Angry("absolutely"));
        foreach (var text in new[] { "human pls", "agent", "Kundenservice" })
        {
            var finding = PersonRequest.Judge(text);
            Assert.True(finding.Asks, text);
            Assert.Null(finding.Score);   // the model was not asked, so it cannot overrule
        }
    }

    /// The frames find "call me" in a DM about a name; the model, all but sure it is no request, overrules them.
    [Fact]
    public void The_model_overrules_a_frame_where_it_is_all_but_sure()
    {
        const string text = "from now on call me Bob";
        var finding = PersonRequest.Judge(text);
        output.WriteLine(finding.Why);
        Assert.True(PersonRequest.FoundByRules(text));
        Assert.False(finding.Asks);
        Assert.StartsWith("a frame, overruled by the model", finding.Why);
    }

    /// A refusal of contact is kept from the model; a complaint that nobody called is not.
    [Theory]
    [InlineData("please don't call me, just email me the label", false)]
    [InlineData("please don\u2019t call me, just email me the label", false)]   // a phone's apostrophe
    [InlineData("I don't need a callback, the tracking link is enough", false)]
    [InlineData("I don\u2019t need a callback, the tracking link is enough", false)]
    [InlineData("Bitte mich nicht anrufen, schreiben Sie mir lieber", false)]
    [InlineData("en tarvitse soittoa, sähköposti riittää", false)]
    [InlineData("you never call back when you promise", true)]
    [InlineData("ihr habt mich nicht zurückgerufen wie versprochen", true)]
    public void Refusals_of_contact_are_kept_from_the_model_and_complaints_about_it_are_not(string text, bool modelAsked)
    {
        var finding = PersonRequest.Judge(text);
        output.WriteLine(finding.Why);
        Assert.Equal(modelAsked, finding.Score is not null);
        if (!modelAsked) Assert.False(finding.Asks);
    }

    /// The model finds an opt-out the frames miss ("could you stop sending me those offers", in Finnish); e-mail is the
    /// library's newsletter answer, not the chat's opt-out, and a complaint stays one.
    [Theory]
    [InlineData("voisitteko lopettaa noiden tarjousten lähettelyn minulle", false, true)]
    [InlineData("please take me off the newsletter, I get too many mails", false, false)]
    [InlineData("stop sending me the wrong size!!", false, false)]
    public void Opt_outs_the_frames_miss_are_found_but_not_about_e_mail(string text, bool byFrames, bool optOut)
    {
        output.WriteLine($"frames {Policies.OptOutRequest.FoundByRules(text)}, score {SignalModel.OptOuts.Score(text):0.000}");
        Assert.Equal(byFrames, Policies.OptOutRequest.FoundByRules(text));
        Assert.Equal(optOut, Policies.OptOutRequest.IsAsked(text));
    }

    /// A frame's finding the model lets stand without being sure of it itself is not called the model's finding.
    [Fact]
    public void The_why_says_the_model_agreed_only_when_it_would_have_found_the_request_itself()
    {
        var frameOnly = new PersonRequestFinding(true, true, 0.35f);   // between the veto (0.28) and accept (0.53) thresholds
        var both = new PersonRequestFinding(true, true, 0.93f);
        Assert.Equal("a frame, not overruled by the model (0.35)", frameOnly.Why);
        Assert.Equal("a frame and the model (0.93)", both.Why);
    }

    /// The shipped training files hold only DMs labelled for their signal: a row of another label would teach a model
    /// the opposite without a word (the loader stops the start-up on one, naming its file and line).
    [Fact]
    public void Every_shipped_training_row_is_labelled_for_its_signal()
    {
        Assert.NotEmpty(SignalModel.PersonRequestData.Labelled);
        Assert.NotEmpty(SignalModel.AngerData.Labelled);
        Assert.NotEmpty(SignalModel.OptOutData.Labelled);
        Assert.All(SignalModel.Ordinary, dm => Assert.False(dm.Shows));
    }

    /// A mislabelled or misshapen row stops the loading, naming its file and line, instead of training as the other class.
    [Theory]
    [InlineData("I want a human\tperosn\ten")]   // a typo in the label
    [InlineData("I want a human\tperson")]        // no language column
    [InlineData("\tperson\ten")]                  // no DM
    public void A_row_of_another_shape_or_label_stops_the_loading(string row)
    {
        var file = $"text\tlabel\tlang\nplease let me talk to someone\tperson\ten\n{row}\n";
        var e = Assert.Throws<InvalidOperationException>(() => SignalModel.Read("person-requests-x.tsv", new StringReader(file), "person", "none").ToList());
        Assert.StartsWith("person-requests-x.tsv:3:", e.Message);
        Assert.Equal([true], SignalModel.Read("ok.tsv", new StringReader("text\tlabel\tlang\nplease let me talk to someone\tperson\ten\n"), "person", "none")
            .Select(d => d.Shows));
    }

    [Fact]
    public void Training_gives_the_same_model_every_time()
    {
        var again = SignalModel.Train(SignalModel.PersonRequestData, 0.5f, 0.5f);
        foreach (var dm in SignalModel.PersonRequestData.Labelled.Take(200)) Assert.Equal(SignalModel.PersonRequests.Score(dm.Text), again.Score(dm.Text));
    }

    /// Everyday DMs (that an earlier model took for requests), a question about a bot and a refusal are no request with the
    /// model beside the frames; the issue's own requests still are.
    [Theory]
    [InlineData("where is my order?", false)]
    [InlineData("thanks a lot", false)]
    [InlineData("I want a refund", false)]
    [InlineData("ich will mein Geld zurück", false)]
    [InlineData("please transfer 50 euros to my savings account", false)]
    [InlineData("is this a human or a bot?", false)]
    [InlineData("Bitte mich nicht anrufen, schreiben Sie mir lieber", false)]
    [InlineData("voinko puhua ihmisen kanssa?", true)]
    [InlineData("I need a human now: my parcel arrived crushed", true)]
    public void Ordinary_DMs_are_not_taken_for_requests_and_the_issues_requests_are(string text, bool requested)
    {
        output.WriteLine($"rules {PersonRequest.FoundByRules(text)}, score {SignalModel.PersonRequests.Score(text):0.000}");
        Assert.Equal(requested, PersonRequest.IsRequested(text));
    }

    [Theory]
    [InlineData("where is my order?")]
    [InlineData("thanks a lot")]
    [InlineData("Danke, das ging ja schnell!")]
    [InlineData("kiitos nopeasta vastauksesta")]
    [InlineData("I would like a refund on the extra pound I was charged.")]
    public void Ordinary_DMs_are_not_taken_for_anger(string text)
    {
        output.WriteLine($"score {SignalModel.Anger.Score(text):0.000}");
        Assert.False(EscalationSignals.Default.Angry(text));
    }
}
