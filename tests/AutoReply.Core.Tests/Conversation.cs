using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Messages;
using AutoReply.Core.Threads;
using NodaTime;

namespace AutoReply.Core.Tests;

/// A transcript test in the spirit of Bot Builder's TestFlow: the customer says something, the bot answers
/// (or stays silent), with the clock frozen and moved by hand. Runs the pure engine; no host, no database.
sealed class Conversation
{
    readonly ConversationEngine engine;
    readonly DialogLibrary library;
    readonly List<Action> steps = [];
    ConversationState thread = ConversationState.New(new ThreadKey("test", "t-1"));
    ContactState contact = ContactState.New("test", "u-1");
    Instant now;
    IReadOnlyList<Reply> lastReplies = [];
    TurnDecision? lastDecision;
    DialogLibrary? nextLibrary;
    int sequence;

    Conversation(ConversationEngine engine, DialogLibrary library, Instant start)
    {
        this.engine = engine;
        this.library = library;
        now = start;
    }

    /// For tests about something else: no disclosure before the replies they look at (DisclosureTests cover it).
    public static readonly Privacy.DisclosureSettings NoDisclosure = new(false, Duration.FromHours(24));

    public static Conversation With(EngineSettings settings, DialogLibrary library, string berlinLocal) =>
        new(new ConversationEngine(settings), library, BusinessHoursTests.At(berlinLocal));

    /// A DM from the customer; <paramref name="name"/> is the name the platform sent with it (none: null).
    public Conversation Customer(string text, string? name = "Ana Example")
    {
        steps.Add(() =>
        {
            var message = new InboundMessage(thread.Key, $"m-{++sequence}", new Sender("u-1", name), text, now, now);
            var result = engine.Handle(new Turn(message, thread, contact, nextLibrary ?? library, now));
            thread = result.Thread;
            contact = result.Contact;
            lastReplies = result.Replies;
            lastDecision = result.Decision;
            LastLapse = result.Lapse;
        });
        return this;
    }

    public Conversation BotSays(string containing, ReplyKind? kind = null)
    {
        steps.Add(() =>
        {
            Assert.NotEmpty(lastReplies);
            var reply = lastReplies.FirstOrDefault(r => r.Text.Contains(containing))
                ?? throw new Xunit.Sdk.XunitException($"no reply contains \"{containing}\"; the bot said: {string.Join(" | ", lastReplies.Select(r => r.Text))}");
            if (kind is { } k) Assert.Equal(k, reply.Kind);
        });
        return this;
    }

    /// The bot's replies this turn, in order, each containing the given text.
    public Conversation BotSaysAll(params string[] containing)
    {
        steps.Add(() =>
        {
            Assert.Equal(containing.Length, lastReplies.Count);
            for (var i = 0; i < containing.Length; i++) Assert.Contains(containing[i], lastReplies[i].Text);
        });
        return this;
    }

    /// The turn handed the thread to a person, with these values in the summary.
    public Conversation HandsOff(string category, params (string Key, string Value)[] summary)
    {
        steps.Add(() =>
        {
            Assert.Equal(DecisionKind.HandOff, lastDecision!.Kind);
            var request = lastDecision.HandOffRequest!;
            Assert.Equal(category, request.Category);
            foreach (var (key, value) in summary) Assert.Equal(value, request.Summary[key]);
        });
        return this;
    }

    /// The turn opened no hand-off.
    public Conversation NoHandOff()
    {
        steps.Add(() => Assert.Null(lastDecision!.HandOffRequest));
        return this;
    }

    /// The turn's hand-off has this priority, and its reason holds <paramref name="reason"/>.
    public Conversation HandOffIs(string priority, string reason)
    {
        steps.Add(() =>
        {
            var request = lastDecision!.HandOffRequest!;
            Assert.Equal(priority, request.Priority);
            Assert.Contains(reason, request.Reason);
        });
        return this;
    }

    /// The turn's hand-off is first due at this local time (Europe/Berlin, "2026-11-24T11:00:00").
    public Conversation DueAt(string local)
    {
        steps.Add(() => Assert.Equal(BusinessHoursTests.At(local), lastDecision!.HandOffRequest!.FirstResponseDue));
        return this;
    }

    /// The turn's hand-off warns at this local time.
    public Conversation WarnAt(string local)
    {
        steps.Add(() => Assert.Equal(BusinessHoursTests.At(local), lastDecision!.HandOffRequest!.WarnAt));
        return this;
    }

    public Conversation InFlow(bool expected = true)
    {
        steps.Add(() => Assert.Equal(expected, thread.Memory.InDialog));
        return this;
    }

    /// From here on, turns see this library (a reload while the conversation goes on).
    public Conversation LibraryBecomes(DialogLibrary changed)
    {
        steps.Add(() => nextLibrary = changed);
        return this;
    }

    public Conversation BotOffers(params string[] quickReplies)
    {
        steps.Add(() => Assert.Equal(quickReplies, lastReplies[^1].QuickReplies));
        return this;
    }

    public Conversation BotIsSilent()
    {
        steps.Add(() => Assert.Empty(lastReplies));
        return this;
    }

    /// A person resolves the thread's hand-off: the bot answers it again (as the store's hold does on resolve).
    /// The satisfaction question was sent now (the CSAT job does it after a resolve).
    public Conversation SatisfactionAsked()
    {
        steps.Add(() => thread = thread with { CsatAskedAt = now });
        return this;
    }

    /// The last DM was recorded as this satisfaction score (null: as none).
    public Conversation Rated(int? score)
    {
        steps.Add(() => Assert.Equal(score, lastDecision!.Satisfaction));
        return this;
    }

    public Conversation PersonResolves()
    {
        steps.Add(() => thread = thread with { HeldByPerson = false, PersonAnswered = false });
        return this;
    }

    public Conversation After(Duration duration)
    {
        steps.Add(() => now += duration);
        return this;
    }

    /// The lapse check runs now, as the service's job does (<see cref="ConversationEngine.Lapse"/>): its decision is the last,
    /// with no replies; none when nothing lapsed.
    public Conversation LapseCheck()
    {
        steps.Add(() =>
        {
            var result = engine.Lapse(thread, contact, "u-1", nextLibrary ?? library, now);
            lastDecision = result?.Decision;
            lastReplies = result?.Replies ?? [];
            LastLapse = result?.Lapse;
            if (result is not null) thread = result.Thread;
        });
        return this;
    }

    /// Nothing lapsed at the last <see cref="LapseCheck"/>.
    public Conversation NothingLapsed()
    {
        steps.Add(() => Assert.Null(lastDecision));
        return this;
    }

    /// What the last turn changed about the thread's lapse: due at this Berlin local time, or (null) nothing due any more.
    public Conversation LapseDue(string? berlinLocal)
    {
        steps.Add(() =>
        {
            Assert.NotNull(LastLapse);
            Assert.Equal(berlinLocal is null ? null : BusinessHoursTests.At(berlinLocal), LastLapse.At);
        });
        return this;
    }

    /// The last turn left the thread's lapse as it was (no flow that goes to a person, before or after).
    public Conversation NoLapseChange()
    {
        steps.Add(() => Assert.Null(LastLapse));
        return this;
    }

    FlowLapseChange? LastLapse { get; set; }

    public void Run()
    {
        foreach (var step in steps) step();
    }
}
