namespace AutoReply.Core.Policies;

/// What the platforms allow that their APIs would otherwise reject: how many people a group DM may hold (the
/// brand's account included), and whether a group can be started through the API at all.
public static class PlatformLimits
{
    /// X group DMs: up to 50 participants. Instagram group chats: up to 15 (but the Messenger Platform cannot start
    /// one). Messenger: no group messaging for pages.
    public static int? MaxGroupParticipants(string channel) => channel switch
    {
        "x" => 50,
        "instagram" => 15,
        _ => null,
    };

    public static bool CanStartGroup(string channel) => channel == "x";
}
