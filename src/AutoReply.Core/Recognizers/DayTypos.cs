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

    static readonly HashSet<string> RealWords = ["montage", "sundae", "sundaes", "mourning", "morgan", "evenings", "mornings", "sundar"];

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
    public static (string Text, Edits? Edits) Correct(string text)
    {
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
            if (Distance(word, day) > allowed) continue;
            if (only is not null) return null;   // near two day words: no telling which
            only = day;
        }
        return only;
    }

    /// Edits between two words: insertions, deletions, substitutions, and swaps of neighbours (optimal string alignment).
    static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}
