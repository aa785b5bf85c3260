namespace AutoReply.Core.Handoffs;

/// Where a hand-off is: queued (no one has it yet), assigned (an agent holds it), waiting (an agent answered and waits
/// for the customer: the resolution clock stops), resolved (closed, or handed back to the bot).
/// Stored and written as its <see cref="HandoffStates.Name"/>.
public enum HandoffState { Queued, Assigned, Waiting, Resolved }

/// The one list of hand-off state names, as the database, the API and the console write them.
public static class HandoffStates
{
    static readonly string[] names = ["queued", "assigned", "waiting", "resolved"];

    /// The queue's filter for every hand-off not resolved (queued, assigned or waiting); not a state of its own.
    public const string Open = "open";

    public static IReadOnlyList<string> All => names;

    public static string Name(this HandoffState state) => names[(int)state];

    /// A stored state. One this version does not know (a row written by a newer one) reads as queued: still open, so
    /// it stays in the queue and its escalations go on, rather than failing every read of the queue.
    public static HandoffState Parse(string name) => Array.IndexOf(names, name) is var i and >= 0 ? (HandoffState)i : HandoffState.Queued;
}
