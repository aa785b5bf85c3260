using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AutoReply.Channels.Platforms;
using AutoReply.Core.Messages;
using NodaTime;

namespace AutoReply.Channels.X;

/// The X Account Activity webhook: the CRC challenge, and deliveries of direct_message_events (DMs to the
/// subscribed account; the account's own sends come back too and are skipped), tweet_create_events (mentions,
/// for the public-to-private invite) and user_event revoke (the account withdrew the app's access). "users" gives the
/// senders' names. Typing and read indicators, likes, follows, blocks, mutes and deletes are answered 200 and left.
public static class XWebhook
{
    public const string Channel = "x";

    public const int MaxCrcTokenLength = 256;

    /// Whether a crc_token has the shape of X's: a short random string from the base64 alphabets (letters, digits,
    /// + / - _ =). The CRC answer is an HMAC under the same secret that signs deliveries, so signing any caller-chosen
    /// string would sign forged deliveries too. A delivery the webhook accepts is a JSON object, which starts with "{"
    /// — a character no token of this shape holds — so no CRC answer can ever be a valid delivery signature.
    public static bool IsCrcToken(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxCrcTokenLength) return false;
        foreach (var c in token)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_' or '=')) return false;
        return true;
    }

    /// The answer to GET ?crc_token=…: {"response_token":"sha256=&lt;base64 HMAC-SHA256(consumer secret, token)&gt;"}.
    /// Refuses (throws) a token not of X's shape: see <see cref="IsCrcToken"/>.
    public static string ResponseToken(string consumerSecret, string crcToken)
    {
        if (!IsCrcToken(crcToken))
            throw new ArgumentException("not a CRC token of X's shape; signing it would make the CRC a signing oracle", nameof(crcToken));
        return "sha256=" + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(consumerSecret), Encoding.UTF8.GetBytes(crcToken)));
    }

    /// <paramref name="ownAppId"/>: the X app this service sends as. A DM of the account's sent by another app (X's own
    /// clients: a person of the brand) is a person's reply; without the id, or without source_app_id, the account's DMs are
    /// taken for our own sends (skipped).
    public static ParsedBatch Parse(ReadOnlySpan<byte> body, int maxTextLength, Instant receivedAt, string? ownAppId = null)
    {
        if (!Json.TryParse(body, out var doc, out var error)) return ParsedBatch.Invalid(error!);
        using (doc)
        {
            var root = doc!.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return ParsedBatch.Invalid("the body must be a JSON object");
            // An account that withdrew the app's access: the only event without for_user_id (the app no longer has one).
            if (root.Obj("user_event")?.Obj("revoke") is { } revoke)
            {
                if (revoke.Obj("source")?.Id("user_id") is not { } revoked)
                    return ParsedBatch.Invalid("'user_event.revoke.source.user_id' is required: the account that revoked access");
                var at = DateTimeOffset.TryParse(revoke.Str("date_time"), System.Globalization.CultureInfo.InvariantCulture,
                        System.Globalization.DateTimeStyles.AssumeUniversal, out var when)
                    ? Instant.FromDateTimeOffset(when) : receivedAt;
                if (at > receivedAt) at = receivedAt;   // not revoked in the future: a clock ahead, or a forged date
                return new ParsedBatch(new PlatformBatch([], [], [], 0) { Revoked = [new AccountRevoked(Channel, revoked, at)] }, null);
            }
            // Every delivery of X's names its subscribed account; older fixtures' DMs without it name it as their recipient.
            var account = root.Id("for_user_id");
            if (account is null && root.Arr("direct_message_events") is null)
                return ParsedBatch.Invalid("'for_user_id' is required: the subscribed account");
            var names = new Dictionary<string, string>();
            if (root.Obj("users") is { } users)
                foreach (var u in users.EnumerateObject())
                    // HTML-escaped like the text ("Tom &amp; Jerry"): the name the customer chose is "Tom & Jerry".
                    if (u.Value.Str("name") is { } name) names[u.Name] = Printable.Neutralise(System.Net.WebUtility.HtmlDecode(name));

            var messages = new List<InboundMessage>();
            var events = new List<ChannelEvent>();
            var comments = new List<PublicComment>();
            var skipped = 0;
            foreach (var e in root.Arr("direct_message_events") ?? default)
            {
                if (account is not null && ownAppId is not null && PersonReply(account, ownAppId, e, maxTextLength, receivedAt) is { } reply) events.Add(reply);
                else if ((account ?? e.Obj("message_create")?.Obj("target")?.Id("recipient_id")) is { } to
                    && Dm(to, e, names, maxTextLength, receivedAt) is { } m) messages.Add(m);
                else skipped++;
            }
            foreach (var t in root.Arr("tweet_create_events") ?? default)
            {
                var author = t.Obj("user")?.Id("id_str");
                var id = t.Id("id_str");
                var text = t.Text("text");
                if (account is null || author is null || id is null || text is null
                    || author == account) { skipped++; continue; }
                comments.Add(new PublicComment(Channel, account, id, author,
                    t.Obj("user")?.Str("screen_name") is { } screen ? Printable.Neutralise(screen) : null, PlatformText.Within(text, maxTextLength), receivedAt));
            }
            return new ParsedBatch(new PlatformBatch(messages, events, comments, skipped), null);
        }
    }

    /// The account's own DM to a customer, sent by an app that is not this service's: a person wrote it.
    static ChannelEvent? PersonReply(string account, string ownAppId, JsonElement e, int maxText, Instant receivedAt)
    {
        if (e.Str("type") != "message_create" || e.Id("id") is not { } id || e.Obj("message_create") is not { } mc) return null;
        if (mc.Id("sender_id") != account || mc.Id("source_app_id") is not { } app || app == ownAppId) return null;
        if (mc.Obj("target")?.Id("recipient_id") is not { } customer || customer == account) return null;
        var text = PlatformText.Within(System.Net.WebUtility.HtmlDecode(mc.Obj("message_data")?.Text("text") ?? ""), maxText);
        var at = e.Long("created_timestamp") is { } ms && ms > 0 && ms < 32503680000000 ? Instant.FromUnixTimeMilliseconds(ms) : receivedAt;
        return new ChannelEvent(PlatformThreads.Of(Channel, account, customer), ChannelEvent.PersonReplied, id, text.Trim().Length == 0 ? "[media]" : text, at);
    }

    static InboundMessage? Dm(string account, JsonElement e, Dictionary<string, string> names, int maxText, Instant receivedAt)
    {
        if (e.Str("type") != "message_create" || e.Id("id") is not { } id || e.Obj("message_create") is not { } mc) return null;
        if (mc.Id("sender_id") is not { } sender || sender == account) return null;   // our own send, reflected back
        var data = mc.Obj("message_data");
        // X sends the text HTML-escaped ("&amp;", "&lt;"): the customer wrote "&" and "<".
        var text = PlatformText.Within(System.Net.WebUtility.HtmlDecode(data?.Text("text") ?? ""), maxText);
        var attachments = new List<Attachment>();
        if (data?.Obj("attachment") is { } attachment && attachment.Obj("media") is { } media)
        {
            var url = media.Str("media_url_https");
            attachments.Add(new Attachment(media.Str("type") ?? attachment.Str("type") ?? "image",
                url is not null && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme == "https" ? url : ""));
        }
        if (text.Trim().Length == 0 && attachments.Count == 0) return null;
        var at = e.Long("created_timestamp") is { } ms && ms > 0 && ms < 32503680000000 ? Instant.FromUnixTimeMilliseconds(ms) : receivedAt;
        return new InboundMessage(PlatformThreads.Of(Channel, account, sender), id, new Sender(sender, names.GetValueOrDefault(sender)), text, at, receivedAt)
        {
            Attachments = attachments,
        };
    }
}
