using AutoReply.Core.Answers;
using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Messages;
using AutoReply.Core.Threads;
using NodaTime;

namespace AutoReply.Core.Tests;

/// A DM whose likeliest answer the judge found likely but not likely enough to send is handed to a person, and the
/// acknowledgement suggests that answer: its title as a quick reply. Choosing it in the next DM sends the answer while the
/// hand-off waits for its person; anything else is read as any DM of a held thread.
public sealed class SuggestionTests
{
    // "tyres" is a word the library does not know: the bike service is the likely answer, not a sure one. With the answer
    // threshold above every judged figure, it is handed off.
    const string Unsure = "can you fix my tyres and brakes";
    const string Line = "If your question is about \"Bike service\", choose it";

    sealed class Thread(float suggestFrom = 0.2f, DialogLibrary? library = null)
    {
        readonly ConversationEngine engine = new(new EngineSettings(BusinessHoursTests.Shop(), ["stop"], ["start"], Duration.FromHours(2),
            Duration.FromMinutes(30), Matching: new MatchingSettings { AnswerThreshold = 0.99f, SuggestFrom = suggestFrom }, Disclosure: Conversation.NoDisclosure));
        public ConversationState State = ConversationState.New(new ThreadKey("test", "t"));
        int sequence;

        public TurnDecision Says(string text, string sender = "u-1")
        {
            var now = BusinessHoursTests.At("2026-11-24T10:00:00").Plus(Duration.FromMinutes(sequence));
            var result = engine.Handle(new Turn(new InboundMessage(State.Key, $"m-{++sequence}", new Sender(sender, null), text, now, now), State,
                ContactState.New("test", sender), library ?? OwnWordsTests.Library, now));
            State = result.Thread;
            return result.Decision;
        }
    }

    [Fact]
    public void A_likely_answer_is_suggested_under_the_acknowledgement_and_choosing_it_sends_it_while_the_hand_off_waits()
    {
        var thread = new Thread();
        var handedOff = thread.Says(Unsure);
        Assert.Equal(DecisionKind.HandOff, handedOff.Kind);
        Assert.Equal(Reason.NoConfidentAnswer, handedOff.Reason);
        Assert.NotNull(handedOff.HandOffRequest);
        var ack = Assert.Single(handedOff.Replies);
        Assert.Equal(ReplyKind.Ack, ack.Kind);
        Assert.Contains(Line, ack.Text);
        Assert.Equal(["Bike service"], ack.QuickReplies);
        Assert.Contains("suggested bike-service", handedOff.Detail);

        var chosen = thread.Says("Bike service");
        Assert.Equal(DecisionKind.Reply, chosen.Kind);
        Assert.Equal(Reason.AnsweredChoice, chosen.Reason);
        Assert.Equal("bike-service", chosen.AnswerId);
        Assert.StartsWith("Our workshop", Assert.Single(chosen.Replies).Text);
        // The promise of a person stands: only an agent closes the hand-off.
        Assert.True(thread.State.HeldByPerson);

        var next = thread.Says("Bike service");
        Assert.Equal(Reason.HumanHoldsThread, next.Reason);
        Assert.Null(next.AnswerId);
    }

    /// A DM joining the open hand-off is recorded as what it is: the hand-off's line said NoConfidentAnswer, the
    /// acknowledgement's own reason, for a DM the bot never tried to answer (QA round 14).
    [Fact]
    public void A_DM_joining_the_open_hand_off_is_recorded_as_held_by_a_person()
    {
        var thread = new Thread();
        thread.Says(Unsure);
        var joined = thread.Says("also the chain is rusty");
        Assert.Equal(Reason.HumanHoldsThread, joined.Reason);
        Assert.StartsWith(nameof(Reason.HumanHoldsThread), joined.HandOffRequest!.Reason);
    }

    /// Only the option's words choose it: a number is no option here (X lists options by their words).
    [Fact]
    public void A_number_does_not_choose_the_suggestion()
    {
        var thread = new Thread();
        thread.Says(Unsure);
        Assert.Equal(Reason.HumanHoldsThread, thread.Says("1").Reason);
    }

    /// Once the hand-off is resolved or released (a person's word may stand in the thread), the old suggestion is gone; and in
    /// a thread others write in too, only the customer it was offered to can take it (a review of session 32).
    [Fact]
    public void A_suggestion_is_taken_only_while_its_hand_off_is_open_and_only_by_whom_it_was_offered_to()
    {
        var thread = new Thread();
        thread.Says(Unsure);
        thread.State = thread.State with { HeldByPerson = false, HandedBackAt = BusinessHoursTests.At("2026-11-24T10:00:30") };
        Assert.NotEqual(Reason.AnsweredChoice, thread.Says("Bike service").Reason);

        var shared = new Thread();
        shared.Says(Unsure);
        Assert.Equal(Reason.HumanHoldsThread, shared.Says("Bike service", sender: "u-2").Reason);
    }

    /// No suggestion to a complaint (its person is the answer), nor of a greeting or thanks answer.
    [Fact]
    public void A_complaint_and_small_talk_get_no_suggestion()
    {
        var complaint = new Thread().Says("I want to make a complaint: can you fix my tyres and brakes");
        Assert.Equal("complaint", complaint.HandOffRequest?.Category);
        Assert.Null(complaint.Thread?.Memory.Suggested);
        var greeting = LibraryLoader.Load([new LibraryFile("m.yaml", LibraryLoaderTests.Complete), new LibraryFile("a.yaml", """
            answers:
              - id: hello
                title: { en: "Hello" }
                examples: { en: [hi, hello, hey there, good morning, hi there] }
                replies: { en: ["How can we help?"] }
              - id: bike-service
                title: { en: "Bike service" }
                examples: { en: [can you service my bike, my bike needs a repair, how much is a bike service, bike service price, do you repair e-bikes] }
                replies: { en: ["Our workshop services every bike within two weeks."] }
            """)], "en").Library!;
        Assert.Null(new Thread(library: greeting).Says("hello there, I have a question about something").Thread?.Memory.Suggested);
    }

    /// The title chooses the suggestion while its hand-off is open, also after another DM; a plain yes only in the very next
    /// DM (QA round 15: "yes", "ja", "joo" and the title a DM later all went unanswered).
    [Fact]
    public void The_title_chooses_while_the_hand_off_is_open_and_a_plain_yes_in_the_very_next_DM()
    {
        var later = new Thread();
        later.Says(Unsure);
        Assert.Equal(Reason.HumanHoldsThread, later.Says("also the chain is rusty").Reason);
        Assert.Equal("bike-service", later.Says("Bike service").AnswerId);

        foreach (var yes in new[] { "yes", "Ja!", "joo" })
        {
            var thread = new Thread();
            thread.Says(Unsure);
            Assert.Equal("bike-service", thread.Says(yes).AnswerId);
        }
        // The usual replies to "we'll reply by …" are no choice (a review of session 32).
        foreach (var acknowledged in new[] { "ok thanks", "sure", "gerne", "joo kiitos" })
        {
            var ok = new Thread();
            ok.Says(Unsure);
            Assert.Equal(Reason.HumanHoldsThread, ok.Says(acknowledged).Reason);
        }
        var lateYes = new Thread();
        lateYes.Says(Unsure);
        lateYes.Says("also the chain is rusty");
        Assert.Equal(Reason.HumanHoldsThread, lateYes.Says("yes").Reason);
    }

    [Fact]
    public void Once_a_person_has_written_in_the_thread_the_choice_is_theirs_to_answer()
    {
        var thread = new Thread();
        thread.Says(Unsure);
        thread.State = thread.State with { PersonAnswered = true };
        var decision = thread.Says("Bike service");
        Assert.Equal(Reason.HumanHoldsThread, decision.Reason);
        Assert.Empty(decision.Replies);
    }

    [Fact]
    public void Nothing_is_suggested_below_SuggestFrom_nor_when_it_is_off_nor_for_a_DM_of_words_the_library_does_not_know()
    {
        Assert.Equal([], Assert.Single(new Thread(suggestFrom: 0.99f).Says(Unsure).Replies).QuickReplies);
        Assert.Equal([], Assert.Single(new Thread(suggestFrom: 0).Says(Unsure).Replies).QuickReplies);
        var unknown = new Thread().Says("do you sell skateboards and rollerblades");
        Assert.Null(unknown.Thread?.Memory.Suggested);
        Assert.DoesNotContain("choose it", unknown.Replies[^1].Text);
    }

    [Fact]
    public void A_DM_that_asks_for_a_person_gets_no_suggestion()
    {
        var decision = new Thread().Says("can a person fix my tyres and brakes, I want to talk to a human");
        Assert.Equal(Reason.CustomerAskedForPerson, decision.Reason);
        Assert.Null(decision.Thread?.Memory.Suggested);
    }
}
