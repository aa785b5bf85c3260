using AutoReply.Core.Engine;
using AutoReply.Core.Messages;
using AutoReply.Core.Threads;
using NodaTime;

namespace AutoReply.Core.Tests;

/// The customer is told they talk to an automated system before the first automated message, again after a day
/// without, and after a person hands the thread back; payment details get one notice per thread.
public sealed class DisclosureTests
{
    static readonly EngineSettings Settings = new(BusinessHoursTests.Shop(), ["stop"], ["start"], Duration.FromHours(2), Duration.FromMinutes(30));
    static readonly ConversationEngine Engine = new(Settings);
    static readonly Instant Tuesday10 = BusinessHoursTests.At("2026-11-24T10:00:00");

    ConversationState thread = ConversationState.New(new ThreadKey("test", "t-1"));
    ContactState contact = ContactState.New("test", "u-1");
    int sequence;
    bool told;   // the last turn told the customer (TurnResult.Disclosed: only then is the thread's disclosure time saved)

    IReadOnlyList<Reply> Say(string text, Instant now)
    {
        var message = new InboundMessage(thread.Key, $"m-{++sequence}", new Sender("u-1", "Ana"), text, now, now).WithPaymentDataMasked();
        var result = Engine.Handle(new Turn(message, thread, contact, SampleLibrary.Shop, now));
        thread = result.Thread;
        contact = result.Contact;
        told = result.Disclosed;
        return result.Replies;
    }

    /// "Are you a bot?" as the first DM: its honest answer is the disclosure, not a second message after one that says
    /// the same; the thread counts as told.
    [Fact]
    public void The_answer_to_are_you_a_bot_is_the_disclosure_not_a_repeat_of_it()
    {
        var first = Say("are you a bot?", Tuesday10);
        var answer = Assert.Single(first);
        Assert.Equal(ReplyKind.Answer, answer.Kind);
        Assert.Contains("automated assistant", answer.Text);
        Assert.Equal(Tuesday10, thread.DisclosedAt);
        Assert.True(told);
        Assert.Equal([ReplyKind.Answer], Say("what are your opening hours?", Tuesday10 + Duration.FromMinutes(1)).Select(r => r.Kind));
    }

    [Fact]
    public void The_first_automated_message_of_a_thread_is_preceded_by_the_disclosure_and_again_after_a_day()
    {
        var first = Say("what are your opening hours?", Tuesday10);
        Assert.Equal([ReplyKind.Disclosure, ReplyKind.Answer], first.Select(r => r.Kind));
        Assert.Contains("automated assistant", first[0].Text);
        Assert.True(told);

        Assert.Equal([ReplyKind.Answer], Say("are you open on saturday?", Tuesday10 + Duration.FromHours(3)).Select(r => r.Kind));
        Assert.False(told);
        Assert.Equal([ReplyKind.Disclosure, ReplyKind.Answer], Say("what are your opening hours?", Tuesday10 + Duration.FromHours(24)).Select(r => r.Kind));
    }

    [Fact]
    public void A_thread_handed_back_by_a_person_hears_the_disclosure_again()
    {
        Say("what are your opening hours?", Tuesday10);
        thread = thread with { HandedBackAt = Tuesday10 + Duration.FromHours(1) };   // an agent released the thread
        var after = Say("what are your opening hours?", Tuesday10 + Duration.FromHours(2));
        Assert.Equal(ReplyKind.Disclosure, after[0].Kind);
        Assert.DoesNotContain(Say("what are your opening hours?", Tuesday10 + Duration.FromHours(3)), r => r.Kind == ReplyKind.Disclosure);
    }

    [Fact]
    public void A_silent_turn_brings_no_disclosure_and_german_threads_get_it_in_german()
    {
        Say("STOP", Tuesday10);
        Assert.Empty(Say("where is my order?", Tuesday10 + Duration.FromMinutes(1)));

        thread = ConversationState.New(new ThreadKey("test", "t-2"));
        contact = ContactState.New("test", "u-2");
        var replies = Say("Wie sind eure Öffnungszeiten?", Tuesday10);
        Assert.Equal(ReplyKind.Disclosure, replies[0].Kind);
        Assert.Contains("automatische Assistent", replies[0].Text);
    }

    [Fact]
    public void Payment_details_are_masked_and_the_customer_told_once_per_thread()
    {
        var replies = Say("please charge my card 4111 1111 1111 1111 for the order", Tuesday10);
        Assert.Equal(ReplyKind.Disclosure, replies[0].Kind);
        Assert.Equal(ReplyKind.Notice, replies[1].Kind);
        Assert.Contains("card or bank details", replies[1].Text);
        Assert.DoesNotContain(Say("IBAN DE89 3704 0044 0532 0130 00", Tuesday10 + Duration.FromMinutes(5)), r => r.Text.Contains("card or bank details"));
    }

    [Fact]
    public void Disclosure_can_be_turned_off()
    {
        var engine = new ConversationEngine(Settings with { Disclosure = Conversation.NoDisclosure });
        var message = new InboundMessage(thread.Key, "m-1", new Sender("u-1", null), "what are your opening hours?", Tuesday10, Tuesday10);
        Assert.Equal([ReplyKind.Answer], engine.Handle(new Turn(message, thread, contact, SampleLibrary.Shop, Tuesday10)).Replies.Select(r => r.Kind));
    }
}
