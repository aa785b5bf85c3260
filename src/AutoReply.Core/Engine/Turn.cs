using AutoReply.Core.Library;
using AutoReply.Core.Messages;
using AutoReply.Core.Threads;
using NodaTime;

namespace AutoReply.Core.Engine;

/// Everything the engine may look at to decide one inbound message: nothing else, so a turn can be replayed.
public sealed record Turn(InboundMessage Message, ConversationState Thread, ContactState Contact, DialogLibrary Library, Instant Now)
{
    public string Text => Message.Text;

    (string Text, Handoffs.PersonRequestFinding Finding)? personRequest;

    /// Whether the DM asks for a person (<see cref="Handoffs.PersonRequest"/>), worked out once per text: several
    /// stages ask.
    public bool AsksForPerson => PersonRequest.Asks;

    /// What <see cref="Handoffs.PersonRequest.Judge"/> found in the DM, and why.
    public Handoffs.PersonRequestFinding PersonRequest
    {
        get
        {
            if (personRequest is not { } known || !ReferenceEquals(known.Text, Text)) personRequest = known = (Text, Handoffs.PersonRequest.Judge(Text));
            return known.Finding;
        }
    }

    /// The language to answer in: set by the engine from the DM (when it can tell), else the thread's, else the default.
    public string Language { get; init; } = Thread.Language ?? Library.DefaultLanguage;

    /// The turn as a text in <paramref name="language"/> reads it: its variables (times, days, choices) in that language.
    public Turn SpeakingIn(string language) => language == Language ? this : this with { Language = language };
}
