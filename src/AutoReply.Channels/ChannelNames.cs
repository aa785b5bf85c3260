using AutoReply.Channels.Generic;
using AutoReply.Channels.Meta;
using AutoReply.Channels.X;

namespace AutoReply.Channels;

/// The channels a DM comes in on, by the names threads, consent, conversions and conversation tests use: one list, so
/// that a request naming another ("messanger") is refused with the names, not answered as a channel nobody writes on.
public static class ChannelNames
{
    /// Every channel: the generic JSON one (a brand's own chat widget) and the platforms.
    public static readonly string[] All = [GenericInbound.Channel, MetaWebhook.Messenger, MetaWebhook.Instagram, XWebhook.Channel];

    /// The platforms, where marketing DMs go out.
    public static readonly string[] Platforms = [MetaWebhook.Messenger, MetaWebhook.Instagram, XWebhook.Channel];

    public static bool IsKnown([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? channel) => channel is not null && All.Contains(channel, StringComparer.Ordinal);

    /// "'channel' must be one of generic, messenger, instagram, x" — the words of a refusal.
    public static string OneOf(IReadOnlyList<string> channels) => $"'channel' must be one of {string.Join(", ", channels)}";
}
