using System.Text.Json;
using AutoReply.Channels.Platforms;
using AutoReply.Core.Messages;
using NodaTime;

namespace AutoReply.Channels.Meta;

/// Reads a Messenger Platform webhook delivery (Messenger: object "page"; Instagram messaging: object
/// "instagram"). Entries are batched, each with messaging events and/or field changes:
///   message (text, quick reply, attachments, stickers, is_unsupported; is_deleted: a deletion; is_echo: a message the
///   page sent — our own send is skipped, one another app sent (a person in Meta Business Suite or the Page Inbox) is a
///   <see cref="PersonReplied"/> event when the app's own id is configured), postback (a button: its title is the text), message_edit, reaction, read, delivery — and, as changes, page feed comments
///   and Instagram comments (for the public-to-private invite).
/// The signature has been checked before this runs, so the body is Meta's: a malformed event is skipped (and
/// counted) rather than failing the delivery, which Meta would retry with the good events in it for hours.
public static class MetaWebhook
{
    public const string Messenger = "messenger";
    public const string Instagram = "instagram";
    public const string Sticker = Attachment.Sticker, Unsupported = Attachment.Unsupported, StoryReply = "story_reply";
    /// The event of a message a person of the brand sent from another app (see <see cref="Parse"/>).
    public const string PersonReplied = ChannelEvent.PersonReplied;
    const int MaxAttachments = 10;

    /// <paramref name="ownAppId"/>: the Meta app this service sends as. An echo naming another app is a person's reply
    /// from it; without the id, or an echo without an app_id, every echo is taken for our own send (skipped), as a wrong
    /// guess the other way would silence the bot after its own first reply.
    public static ParsedBatch Parse(ReadOnlySpan<byte> body, int maxTextLength, Instant receivedAt, string? ownAppId = null)
    {
        if (!Json.TryParse(body, out var doc, out var error)) return ParsedBatch.Invalid(error!);
        using (doc)
        {
            var root = doc!.RootElement;
            // Meta's reference pages show some notifications (Instagram mentions) as an array of deliveries: each is read.
            if (root.ValueKind != JsonValueKind.Array) return Delivery(root, maxTextLength, receivedAt, ownAppId);
            var parts = new List<PlatformBatch>();
            foreach (var item in root.EnumerateArray())
            {
                var part = Delivery(item, maxTextLength, receivedAt, ownAppId);
                if (part.Batch is not { } batch) return part;
                parts.Add(batch);
            }
            return new ParsedBatch(new PlatformBatch(parts.SelectMany(p => p.Messages).ToList(), parts.SelectMany(p => p.Events).ToList(),
                parts.SelectMany(p => p.Comments).ToList(), parts.Sum(p => p.Skipped)), null);
        }
    }

    static ParsedBatch Delivery(JsonElement root, int maxTextLength, Instant receivedAt, string? ownAppId)
    {
        var channel = root.Str("object") switch
        {
            "page" => Messenger,
            "instagram" => Instagram,
            null => null,
            var other => "",
        };
        if (channel is null) return ParsedBatch.Invalid("'object' is required: \"page\" or \"instagram\"");
        if (channel == "") return ParsedBatch.Invalid($"'object' \"{root.Str("object")}\" is not one this endpoint takes (page, instagram)");
        if (root.Arr("entry") is not { } entries) return ParsedBatch.Invalid("'entry' is required: an array");

        var messages = new List<InboundMessage>();
        var events = new List<ChannelEvent>();
        var comments = new List<PublicComment>();
        var skipped = 0;
        foreach (var entry in entries)
        {
            if (entry.Id("id") is not { } account) { skipped++; continue; }
            foreach (var e in entry.Arr("messaging") ?? default)
                if (!Messaging(channel, account, e, entry.Long("time"), maxTextLength, receivedAt, ownAppId, messages, events)) skipped++;
            foreach (var change in entry.Arr("changes") ?? default)
                if (Comment(channel, account, change, maxTextLength, receivedAt) is { } c) comments.Add(c);
                else skipped++;
            // "standby": messages of a thread another app holds (hand-over protocol); that app answers them.
            skipped += entry.Arr("standby")?.Count() ?? 0;
        }
        return new ParsedBatch(new PlatformBatch(messages, events, comments, skipped), null);
    }

    static bool Messaging(string channel, string account, JsonElement e, long? entryTime, int maxText, Instant receivedAt, string? ownAppId,
        List<InboundMessage> messages, List<ChannelEvent> events)
    {
        var sender = e.Obj("sender")?.Id("id");
        var recipient = e.Obj("recipient")?.Id("id");
        if (sender is null || recipient is null) return false;
        // The page or Instagram account writing to itself is the brand, never a customer: nothing of it is answered or
        // handed off.
        if (sender == account && recipient == account) return false;
        var at = e.Long("timestamp") is { } ms && ms > 0 && ms < 32503680000000 ? Instant.FromUnixTimeMilliseconds(ms) : receivedAt;

        if (e.Obj("message") is { } m)
        {
            if (m.True("is_echo"))
            {
                // The page's message to the customer (the recipient). Sent by another app: a person of the brand wrote it.
                if (ownAppId is null || m.Id("app_id") is not { } app || app == ownAppId || recipient == account || m.Id("mid") is not { } echoMid)
                    return false;   // our own send, reflected back
                var said = PlatformText.Within(m.Text("text") ?? "", maxText);
                var sent = Attachments(m);
                if (said.Trim().Length == 0) said = sent.Count == 0 ? "" : $"[{string.Join(", ", sent.Select(a => a.Kind))}]";
                events.Add(new ChannelEvent(PlatformThreads.Of(channel, account, recipient), PersonReplied, echoMid, said, at));
                return true;
            }
            var thread = PlatformThreads.Of(channel, account, sender);
            if (m.Id("mid") is not { } mid) return false;
            if (m.True("is_deleted")) { events.Add(new ChannelEvent(thread, "deleted", mid, null, at)); return true; }
            // A tapped quick reply of ours: its payload is the whole option we offered, where the text is its title cut to
            // Meta's 20 characters ("Umtausch in eine and" would match no option). Another payload (a token of the page's
            // own) is no text: the title stands.
            var text = PlatformText.Within(m.Text("text") ?? "", maxText);
            if (m.Obj("quick_reply")?.Str("payload") is { } payload && text.Length > 0 && payload.Length > text.Length
                && payload.StartsWith(text, StringComparison.Ordinal))
                text = PlatformText.Within(payload, maxText);
            var attachments = Attachments(m);
            if (text.Trim().Length == 0 && attachments.Count == 0) return false;
            messages.Add(new InboundMessage(thread, mid, new Sender(sender, null), text, at, receivedAt) { Attachments = attachments });
            return true;
        }
        if (e.Obj("postback") is { } p)
        {
            if ((p.Str("title") ?? p.Str("payload")) is not { } title) return false;
            var text = PlatformText.Within(title, maxText);
            // Without a mid the id is made from what the delivery says, never from when it arrived: a platform's retry of the
            // same delivery must find the DM stored (with the time of arrival, a postback without mid and timestamp was
            // answered once per delivery).
            var mid = p.Id("mid") ?? (e.Long("timestamp") is { } sent
                ? $"postback:{sender}:{sent}"
                : $"postback:{sender}:{entryTime?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}:{Digest(p.Str("payload") + "\n" + title)}");
            messages.Add(new InboundMessage(PlatformThreads.Of(channel, account, sender), mid, new Sender(sender, null), text, at, receivedAt));
            return true;
        }
        if (e.Obj("message_edit") is { } edit)
        {
            if (edit.Id("mid") is not { } mid || edit.Text("text") is not { } text) return false;
            events.Add(new ChannelEvent(PlatformThreads.Of(channel, account, sender), "edited", mid, PlatformText.Within(text, maxText), at));
            return true;
        }
        if (e.Obj("read") is { } read)
        {
            var watermark = read.Long("watermark");
            events.Add(new ChannelEvent(PlatformThreads.Of(channel, account, sender), "read", null,
                watermark is { } w ? $"read up to {Instant.FromUnixTimeMilliseconds(Math.Clamp(w, 0, 32503680000000))}" : "read", at));
            return true;
        }
        if (e.Obj("reaction") is { } reaction)
        {
            // A reaction to a message is the customer's, like a read receipt: recorded, never answered.
            var emoji = reaction.Str("emoji") ?? reaction.Str("reaction");
            var note = reaction.Str("action") == "unreact" ? "removed a reaction" : emoji is null ? "reacted" : $"reacted {Printable.Neutralise(emoji)}";
            events.Add(new ChannelEvent(PlatformThreads.Of(channel, account, sender), "reaction", reaction.Id("mid"), note, at));
            return true;
        }
        if (e.Obj("delivery") is { } delivery)
        {
            var mids = (delivery.Arr("mids") ?? default).Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).Take(20).ToList();
            events.Add(new ChannelEvent(PlatformThreads.Of(channel, account, sender), "delivered", mids.FirstOrDefault(),
                mids.Count == 0 ? "delivered" : $"delivered: {string.Join(", ", mids)}", at));
            return true;
        }
        return false;   // referrals, opt-ins, hand-over protocol, policy notices …: nothing a customer wrote
    }

    /// What came with a message, each recorded as what it is: photos, videos, audio and files with their URL; a sticker
    /// (Messenger's thumbs-up is one) whatever type it is sent as; a location as a geo: URI; shares, story mentions and
    /// reels with their link; and a message the API cannot show (Instagram's is_unsupported) as "unsupported", so it is
    /// kept and answered instead of vanishing. A URL that is not http(s) is left out, never the attachment.
    static List<Attachment> Attachments(JsonElement m)
    {
        var attachments = new List<Attachment>();
        var stickerMessage = m.Id("sticker_id") is not null;
        foreach (var a in m.Arr("attachments") ?? default)
        {
            if (attachments.Count == MaxAttachments) break;
            var payload = a.Obj("payload");
            var kind = a.Str("type") ?? "file";
            // Instagram's heart ("like_heart") is its thumbs-up: a sticker.
            if (stickerMessage || payload?.Id("sticker_id") is not null || kind == "like_heart") kind = Sticker;
            var url = payload?.Str("url") ?? a.Str("url");
            var link = url is not null && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? url : "";
            // A location is its coordinates, when Meta sends them, even beside the map link it also sends.
            if (kind == "location" && payload?.Obj("coordinates") is { } c && c.Double("lat") is { } lat && c.Double("long") is { } lng)
                link = FormattableString.Invariant($"geo:{lat},{lng}");
            attachments.Add(new Attachment(Printable.IsClean(kind) && kind.Length <= 32 ? kind : "file", link));
        }
        if (attachments.Count == 0 && stickerMessage) attachments.Add(new Attachment(Sticker, ""));
        // A reply to the brand's Instagram story: the story it answers is kept beside the text, for the person who reads it
        // ("how much is this?" is about that story).
        if (attachments.Count < MaxAttachments && m.Obj("reply_to")?.Obj("story") is { } story)
        {
            var url = story.Str("url");
            attachments.Add(new Attachment(StoryReply,
                url is not null && Uri.TryCreate(url, UriKind.Absolute, out var s) && s.Scheme is "http" or "https" ? url : ""));
        }
        if (m.True("is_unsupported")) attachments.Add(new Attachment(Unsupported, ""));
        return attachments;
    }

    static string Digest(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];

    /// A new comment by someone else on the account's post (page feed) or media (Instagram comments field).
    static PublicComment? Comment(string channel, string account, JsonElement change, int maxText, Instant receivedAt)
    {
        var field = change.Str("field");
        if (change.Obj("value") is not { } v) return null;
        if (channel == Messenger && field == "feed" && v.Str("item") == "comment" && v.Str("verb") == "add"
            && v.Id("comment_id") is { } id && v.Obj("from") is { } from && from.Id("id") is { } author && author != account
            && v.Text("message") is { } message)
            return new PublicComment(channel, account, id, author,
                from.Str("name") is { } fromName ? Printable.Neutralise(fromName) : null, PlatformText.Within(message, maxText), At(v.Long("created_time"), receivedAt));
        if (channel == Instagram && field == "comments" && v.Id("id") is { } igId && v.Obj("from") is { } igFrom && igFrom.Id("id") is { } igAuthor
            && igAuthor != account && v.Text("text") is { } igText)
            return new PublicComment(channel, account, igId, igAuthor,
                igFrom.Str("username") is { } igName ? Printable.Neutralise(igName) : null, PlatformText.Within(igText, maxText), receivedAt);
        return null;
    }

    static Instant At(long? seconds, Instant fallback) => seconds is { } s && s > 0 && s < 32503680000 ? Instant.FromUnixTimeSeconds(s) : fallback;
}
