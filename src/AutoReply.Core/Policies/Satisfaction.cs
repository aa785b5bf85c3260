using System.Text.RegularExpressions;
using AutoReply.Core.Engine;
using AutoReply.Core.Library;
using AutoReply.Core.Matching;
using AutoReply.Core.Messages;
using NodaTime;

namespace AutoReply.Core.Policies;

/// Reads an answer to "How satisfied are you, 1 to 5?": a digit ("4", "4/5", "4 stars"), stars (⭐⭐⭐⭐), or words in
/// English, German or Finnish ("great", "sehr gut", "huono"), with or without thanks ("great, thanks", "4 danke", "hyvä,
/// kiitos!"). Anything else is not an answer.
public static partial class SatisfactionAnswer
{
    /// The question and the thanks in the customer's language when the library has no text of its own (csat.question,
    /// csat.thanks): a German thread was asked in English (QA round 19).
    static readonly IReadOnlyDictionary<string, string> QuestionBuiltIn = new Dictionary<string, string>
    {
        ["en"] = "How happy are you with the help you got from our team? Reply with 1 (not at all) to 5 (very happy).",
        ["de"] = "Wie zufrieden bist du mit der Hilfe unseres Teams? Antworte mit 1 (gar nicht) bis 5 (sehr zufrieden).",
        ["fi"] = "Kuinka tyytyväinen olet tiimimme apuun? Vastaa 1 (en lainkaan) – 5 (erittäin tyytyväinen).",
    };

    public static readonly IReadOnlyDictionary<string, string> ThanksBuiltIn = new Dictionary<string, string>
    {
        ["en"] = "Thank you for your feedback!",
        ["de"] = "Danke für deine Rückmeldung!",
        ["fi"] = "Kiitos palautteestasi!",
    };

    /// The question a thread in <paramref name="language"/> (null: the library's default) is asked: the library's own text,
    /// else the built-in one in that language, the default language, or English.
    public static string Question(DialogLibrary library, string? language)
    {
        if (library.Messages.TryGetValue(MessageKeys.CsatQuestion, out var own)) return own.In(language).Render(_ => null);
        return QuestionBuiltIn.GetValueOrDefault(language ?? library.DefaultLanguage)
            ?? QuestionBuiltIn.GetValueOrDefault(library.DefaultLanguage) ?? QuestionBuiltIn["en"];
    }

    static readonly Dictionary<string, int> Words = new()
    {
        ["terrible"] = 1, ["awful"] = 1, ["very bad"] = 1, ["bad"] = 2, ["poor"] = 2, ["not good"] = 2, ["ok"] = 3, ["okay"] = 3, ["fine"] = 3, ["average"] = 3,
        ["good"] = 4, ["very good"] = 5, ["great"] = 5, ["excellent"] = 5, ["perfect"] = 5, ["amazing"] = 5,
        ["sehr schlecht"] = 1, ["furchtbar"] = 1, ["schlecht"] = 2, ["mies"] = 2, ["nicht gut"] = 2, ["geht so"] = 3, ["mittel"] = 3, ["gut"] = 4,
        ["sehr gut"] = 5, ["super"] = 5, ["toll"] = 5, ["ausgezeichnet"] = 5, ["perfekt"] = 5,
        ["huono"] = 2, ["tosi huono"] = 1, ["ihan ok"] = 3, ["hyva"] = 4, ["tosi hyva"] = 5, ["erinomainen"] = 5,
    };

    [GeneratedRegex(@"^\s*([1-5])\s*(?:/\s*5|stars?|sterne?|tähteä|⭐\uFE0F?|★)?\s*[.!]*\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Digit();

    /// Thanks said with a score, before or after it: the score is still the answer (before, "great, thanks" was thanked
    /// for as a thank-you and no rating was kept).
    [GeneratedRegex(@"^\s*(?:(?:many |vielen |tausend )?(?:thanks?(?: you)?(?: so much| a lot)?|thx|ty|danke(?: schön| sehr)?|dank|kiitos|kiitti|kiitoksia)\s*[,.!:;-]*\s*)?(.*?)\s*[,.!:;-]*\s*(?:(?:and |und |ja )?(?:many |vielen |tausend )?(?:thanks?(?: you)?(?: so much| a lot)?|thx|ty|danke(?: schön| sehr)?|dank|kiitos|kiitti|kiitoksia)\s*[.!🙂😊🙏]*\s*)?$",
        RegexOptions.IgnoreCase)]
    private static partial Regex WithThanks();

    static readonly HashSet<string> Lukewarm = ["ok", "okay", "fine", "ok ok", "okei", "alright", "all right"];

    /// A score that opens a longer DM: "2 - she needed stitches", "4/5, but the delivery was slow", "5 stars! …".
    [GeneratedRegex(@"^\s*([1-5])\s*(?:/\s*5|stars?|sterne?|tähteä)?\s*(?:[-–—:,.!)]+\s*|\s+(?:but|aber|mutta|because|weil|koska)\b)\S", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingScore();

    /// The score that opens a DM which says more after it; null when the DM does not open with one.
    public static int? Leading(string text) => LeadingScore().Match(text) is { Success: true } m ? m.Groups[1].Value[0] - '0' : null;

    /// "actually 5", "eigentlich 4", "sorry, 5": a score said again in other words.
    [GeneratedRegex(@"^\s*(?:actually|i mean|sorry|make (?:it|that)|eigentlich|ich meine|doch|oikeastaan|siis|tarkoitin)\b[\s,:-]*", RegexOptions.IgnoreCase)]
    private static partial Regex Correcting();

    /// The score in an answer to the question; <paramref name="digitsOnly"/>: only a digit or stars count (a score sent
    /// again: "ok" or "super" after the thanks closes the exchange, it does not change the rating).
    public static int? Parse(string text, bool digitsOnly = false)
    {
        if (text.Length > 40) return null;
        if (digitsOnly && !text.Any(c => c is >= '1' and <= '5' or '⭐' or '★')) return null;
        // Emojis with the score ("5/5 🙏", "4 👍") say no more than it (stars excepted, which are the score).
        text = WithoutEmoji(text);
        if (text.Length == 0) return null;
        if (Score(text) is { } score) return score;
        var rest = WithThanks().Match(text).Groups[1].Value;
        // "ok thanks", "fine, danke" close the exchange; they rate nothing ("great, thanks" does)
        if (rest.Length > 0 && rest.Length < text.Trim().Length && !Lukewarm.Contains(string.Join(' ', TextFolding.FoldedWords(rest)))
            && Score(rest) is { } thanked) return thanked;
        var corrected = Correcting().Match(text);
        return corrected.Success && corrected.Length < text.Length ? Parse(text[corrected.Length..], digitsOnly) : null;
    }

    /// The text without emoji and other pictographs, stars kept.
    static string WithoutEmoji(string text)
    {
        var kept = new System.Text.StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is '⭐' or '★' or '☆') { kept.Append(rune.ToString()); continue; }
            var category = System.Text.Rune.GetUnicodeCategory(rune);
            if (category is System.Globalization.UnicodeCategory.OtherSymbol or System.Globalization.UnicodeCategory.ModifierSymbol
                || rune.Value is 0xFE0F or 0x200D || rune.Value is >= 0x1F3FB and <= 0x1F3FF) continue;
            kept.Append(rune.ToString());
        }
        return kept.ToString().Trim();
    }

    static int? Score(string text)
    {
        if (Digit().Match(text) is { Success: true } m) return m.Groups[1].Value[0] - '0';
        var stars = text.Count(c => c == '⭐') + text.Count(c => c == '★');
        if (stars is >= 1 and <= 5 && text.Trim().All(c => c is '⭐' or '★' or ' ' or '\uFE0F')) return stars;
        var folded = string.Join(' ', TextFolding.FoldedWords(text));
        return Words.TryGetValue(folded, out var score) ? score : null;
    }
}

/// The DM after the satisfaction question: a score is recorded on the thread and thanked for, once; any other DM
/// drops the question (a later "5" about something else is not a rating) and goes on through the pipeline. A score sent
/// again as the very next DM within the hour ("4/5" twice, "4" then "5") replaces the one recorded, without a word: before,
/// it was handed to a person as a DM nothing answered.
sealed class RecordSatisfaction(Duration answerWithin) : ITurnStage
{
    static readonly Duration CorrectionWithin = Duration.FromHours(1);

    public TurnDecision? Decide(Turn turn)
    {
        if (turn.Thread.Memory.RatedFor == turn.Thread.Turns && turn.Thread.LastInboundAt is { } rated && turn.Now - rated < CorrectionWithin
            && SatisfactionAnswer.Parse(turn.Text, digitsOnly: true) is { } again)
            return TurnDecision.Silence(Reason.SatisfactionRecorded) with { Satisfaction = again, Detail = "the rating just given, given again" };
        if (turn.Thread.CsatAskedAt is not { } asked) return null;
        if (turn.Now - asked > answerWithin || SatisfactionAnswer.Parse(turn.Text) is not { } score) return null;
        var thanks = TurnVariables.OptionalMessage(turn, MessageKeys.CsatThanks, SatisfactionAnswer.ThanksBuiltIn);
        var thread = turn.Thread with { CsatAskedAt = null, Memory = turn.Thread.Memory with { RatedFor = turn.Thread.Turns + 1 } };
        return TurnDecision.Reply(Reason.SatisfactionRecorded, Reply.Of(ReplyKind.Notice, thanks), thread) with { Satisfaction = score };
    }
}
