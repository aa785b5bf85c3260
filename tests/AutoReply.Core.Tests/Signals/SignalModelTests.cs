using AutoReply.Core.Handoffs;
using Xunit.Abstractions;

namespace AutoReply.Core.Tests.Signals;

/// The signal models: thresholds that are the shipped sets' cross-validated quantiles, not figures chosen on a test set;
/// training that gives the same model every time; and what each adds to its rules.
public sealed class SignalModelTests(ITestOutputHelper output)
{
    [Fact]
    public void The_person_request_thresholds_are_the_cross_validated_ones()
    {
        var (accept, veto, ordinaryAbove) = SignalModel.CrossValidate(SignalModel.Shipped("person-requests", "person"), SignalModel.Ordinary, PersonRequest.Read);
        output.WriteLine($"cross-validated: accept {accept:0.000}, veto {veto:0.000}; ordinary DMs above accept {ordinaryAbove:P1}");
        Assert.Equal(accept, SignalModel.PersonRequests.Accept, 0.006f);
        Assert.Equal(veto, SignalModel.PersonRequests.Veto, 0.006f);
        Assert.True(ordinaryAbove < 0.01, $"{ordinaryAbove:P1} of ordinary DMs taken for requests");
    }

    [Fact]
    public void The_anger_threshold_is_the_cross_validated_one_and_its_rules_are_never_overruled()
    {
        var (accept, _, ordinaryAbove) = SignalModel.CrossValidate(SignalModel.Shipped("anger", "angry"), SignalModel.Ordinary, SignalModel.AsWritten);
        output.WriteLine($"cross-validated: accept {accept:0.000}; ordinary DMs above accept {ordinaryAbove:P1}");
        Assert.Equal(accept, SignalModel.Anger.Accept, 0.006f);
        Assert.Equal(0f, SignalModel.Anger.Veto);
        Assert.True(ordinaryAbove < 0.01, $"{ordinaryAbove:P1} of ordinary DMs taken for angry");
    }

    [Fact]
    public void Training_gives_the_same_model_every_time()
    {
        var data = SignalModel.Shipped("person-requests", "person");
        var again = SignalModel.Train([.. data, .. SignalModel.Ordinary], PersonRequest.Read, 0.5f, 0.5f);
        foreach (var dm in data.Take(200)) Assert.Equal(SignalModel.PersonRequests.Score(dm.Text), again.Score(dm.Text));
    }

    /// What the rules decide alone and what the model makes of it: the model finds a request or anger the rules miss, and
    /// overrules a person request the rules found only where it is all but sure.
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
