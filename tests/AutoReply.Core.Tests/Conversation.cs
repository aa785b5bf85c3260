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
    int sequence;

    Conversation(ConversationEngine engine, DialogLibrary library, Instant start)
    {
        this.engine = engine;
        this.library = library;
        now = start;
    }

    public static Conversation With(EngineSettings settings, DialogLibrary library, string berlinLocal) =>
        new(new ConversationEngine(settings), library, BusinessHoursTests.At(berlinLocal));

    public Conversation Customer(string text)
    {
        steps.Add(() =>
        {
            var message = new InboundMessage(thread.Key, $"m-{++sequence}", new Sender("u-1", "Ana Example"), text, now, now);
            var result = engine.Handle(new Turn(message, thread, contact, library, now));
            thread = result.Thread;
            contact = result.Contact;
            lastReplies = result.Replies;
        });
        return this;
    }

    public Conversation BotSays(string containing, ReplyKind? kind = null)
    {
        steps.Add(() =>
        {
            var reply = Assert.Single(lastReplies);
            Assert.Contains(containing, reply.Text);
            if (kind is { } k) Assert.Equal(k, reply.Kind);
        });
        return this;
    }

    public Conversation BotOffers(params string[] quickReplies)
    {
        steps.Add(() => Assert.Equal(quickReplies, Assert.Single(lastReplies).QuickReplies));
        return this;
    }

    public Conversation BotIsSilent()
    {
        steps.Add(() => Assert.Empty(lastReplies));
        return this;
    }

    public Conversation After(Duration duration)
    {
        steps.Add(() => now += duration);
        return this;
    }

    public void Run()
    {
        foreach (var step in steps) step();
    }
}
