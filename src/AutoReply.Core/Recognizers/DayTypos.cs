using System.Text.RegularExpressions;

namespace AutoReply.Core.Recognizers;

/// The day words customers misspell most ("wendsday", "tuesdy", "tommorow", "Mitwoch", "Dienstg"), put right before the
/// date-time recognizer reads a DM: a misspelt weekday beside a clock time was read as today at that time. A word is put
/// right when it is not a day word itself, starts with the same letter as exactly one day word, and is at most one edit
/// from it (two for words of eight letters or more; a swap of two letters is one edit). Plurals ("mondays", "montags")
/// and the real words next to day words ("Montage", "sundae", "mourning") stay as they are. The spans of what is found are
/// mapped back onto the text as written (<see cref="Edits.Original"/>). Finnish weekdays, inflected, are left alone.
static partial class DayTypos
{
    static readonly string[] DayWords =
    [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tomorrow", "weekend", "afternoon", "evening",
        "morning", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "übermorgen", "nachmittag",
        "vormittag", "wochenende",
    ];

    static readonly HashSet<string> RealWords = ["montage", "sundae", "sundaes", "mourning", "morgan", "evenings", "mornings", "sundar", "monta"];

    /// Where the corrected text differs from the written one: each corrected word's place in the written text, its written
    /// length and its corrected length, in order.
    public sealed class Edits(List<(int At, int Length, int NewLength)> words)
    {
        /// The written position of <paramref name="corrected"/>, a position in the corrected text; one inside a corrected
        /// word maps to the written word's first character (<paramref name="end"/>: its last).
        public int Original(int corrected, bool end)
        {
            var delta = 0;
            foreach (var (at, length, newLength) in words)
            {
                var start = at + delta;
                if (corrected < start) break;
                if (corrected < start + newLength) return end ? at + length - 1 : at;
                delta += newLength - length;
            }
            return corrected - delta;
        }
    }

    /// The text with its misspelt day words put right, and the edits made; null edits when nothing was changed.
    public static (string Text, Edits? Edits) Correct(string text, string language = "en")
    {
        if (language == "fi") return (text, null);   // Finnish words near German or English day words are Finnish words
        List<(int, int, int)>? edits = null;
        System.Text.StringBuilder? corrected = null;
        var copied = 0;
        foreach (Match m in Word().Matches(text))
        {
            if (Fix(m.Value.ToLowerInvariant()) is not { } right) continue;
            corrected ??= new System.Text.StringBuilder(text.Length + 8);
            corrected.Append(text, copied, m.Index - copied).Append(right);
            copied = m.Index + m.Length;
            (edits ??= []).Add((m.Index, m.Length, right.Length));
        }
        if (corrected is null) return (text, null);
        corrected.Append(text, copied, text.Length - copied);
        return (corrected.ToString(), new Edits(edits!));
    }

    static string? Fix(string word)
    {
        if (word.Length < 5 || RealWords.Contains(word)) return null;
        foreach (var day in DayWords)
            if (word == day || (word.Length == day.Length + 1 && word.StartsWith(day, StringComparison.Ordinal) && word[^1] is 's' or 'e'))
                return null;
        string? only = null;
        foreach (var day in DayWords)
        {
            if (day[0] != word[0] || Math.Abs(day.Length - word.Length) > 2) continue;
            var allowed = Math.Min(day.Length, word.Length) >= 8 ? 2 : 1;
            if (Matching.EditDistance.Of(word, day) > allowed) continue;
            if (only is not null) return null;   // near two day words: no telling which
            only = day;
        }
        return only;
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}
