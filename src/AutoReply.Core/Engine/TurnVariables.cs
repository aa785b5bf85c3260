namespace AutoReply.Core.Engine;

/// The variables every reply template may use. A value is inserted as it is, never read as a template.
static class TurnVariables
{
    /// An optional service message in the DM's language, with the common variables; the built-in text (by language,
    /// English when the language has none) when the library does not have the message.
    public static string OptionalMessage(Turn turn, string key, IReadOnlyDictionary<string, string> builtIn) =>
        turn.Library.Messages.ContainsKey(key)
            ? turn.Library.Message(key, turn.Language).Render(v => Common(turn, v))
            : builtIn.GetValueOrDefault(turn.Language, builtIn["en"]);

    /// Whether an optional service message has a text in the turn's language: the library's own when it has the message,
    /// else a built-in one (whose fallback would be English under a reply in another language).
    public static bool HasOptionalMessage(Turn turn, string key, IReadOnlyDictionary<string, string> builtIn) =>
        turn.Library.Messages.TryGetValue(key, out var own) ? own.ByLanguage.ContainsKey(turn.Language) : builtIn.ContainsKey(turn.Language);

    public static string? Common(Turn turn, string variable) => variable switch
    {
        // An unknown name renders as nothing rather than as "{name}"; templates are written to read well either way.
        "name" => FirstName(!string.IsNullOrWhiteSpace(turn.Message.Sender.Name) ? turn.Message.Sender.Name
            : turn.Thread.Memory.SenderNameOf is null || turn.Thread.Memory.SenderNameOf == turn.Message.Sender.Id ? turn.Thread.Memory.SenderName : null),
        _ => null,
    };

    static string FirstName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "";
        var trimmed = name.Trim();
        var space = trimmed.IndexOf(' ');
        return space > 0 ? trimmed[..space] : trimmed;
    }
}
