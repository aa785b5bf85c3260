using System.Text.RegularExpressions;
using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Messages;

namespace AutoReply.Core.Policies;

/// "Are you a bot?" gets an honest answer: an automated assistant, and how to reach a person (EU AI Act Art. 50).
/// The text is the library's bot.question message, or a built-in one in en/de/fi when the library has none —
/// a brand cannot forget to be honest. A DM that also asks for a person is handed off before this stage.
/// The word for a bot must end the question ("is this a bot?"), so "is this machine washable?" is a product question.
sealed partial class AnswerBotQuestion : ITurnStage
{
    static readonly Dictionary<string, string> BuiltIn = new()
    {
        ["en"] = "I'm an automated assistant. Write \"agent\" any time and a person from our team will take over.",
        ["de"] = "Ich bin ein automatischer Assistent. Schreib jederzeit „Mitarbeiter“, dann übernimmt ein Mensch aus unserem Team.",
        ["fi"] = "Olen automaattinen avustaja. Kirjoita milloin tahansa ”ihminen”, niin joku tiimistämme jatkaa.",
    };

    public TurnDecision? Decide(Turn turn)
    {
        if (!Asks(turn.Text)) return null;
        var text = TurnVariables.OptionalMessage(turn, MessageKeys.BotQuestion, BuiltIn);
        return TurnDecision.Reply(Reason.AnsweredBotQuestion, Reply.Of(ReplyKind.Answer, text)) with { Detail = "asked whether it is a bot" };
    }

    /// Whether the answer exists in the turn's language (the library's bot.question has it, or the built-in text):
    /// only then can it stand in for the disclosure.
    internal static bool SpeaksIn(Turn turn) =>
        turn.Library.Messages.TryGetValue(MessageKeys.BotQuestion, out var message) ? message.ByLanguage.ContainsKey(turn.Language)
            : BuiltIn.ContainsKey(turn.Language);

    /// Whether the DM asks if it is talking to a bot (or a person).
    internal static bool Asks(string text) => Question().IsMatch(Matching.TextFolding.Fold(text));

    [GeneratedRegex(
        @"(?:\b(?:are|r) (?:you|u) (?:a |an )?(?:real |actual )?(?:bot|robot|chat ?bot|ai|machine|human|real person|person|automated)\b" +
        @"|\b(?:is|am i talking to|am i chatting with|am i speaking to|is this|this is) (?:a |an )?(?:bot|robot|chat ?bot|automated|ai|machine)\b" +
        @"|\bbist du (?:ein |eine )?(?:bot|roboter|chatbot|ki|mensch|maschine)\b" +
        @"|\b(?:ist das|bin ich hier|schreibe ich (?:mit|hier mit)|rede ich mit|spreche ich mit) (?:ein|einem|einer)? ?" +
        @"(?:bot|roboter|chatbot|ki|maschine|mensch)\b" +
        @"|\boletko (?:sina )?(?:botti|robotti|ihminen|tekoaly|kone)\b|\bonko (?:tama|tassa) (?:botti|robotti|tekoaly|kone)\b" +
        @"|\bpuhunko (?:botin|robotin|ihmisen|koneen))" +
        @"(?=\s*(?:[?.!,;]|$|or\b|oder\b|tai\b|vai\b|kanssa\b))",
        RegexOptions.CultureInvariant)]
    private static partial Regex Question();
}
