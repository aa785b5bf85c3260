using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AutoReply.Core.Matching;

/// Case and accent folding, the same for library examples and DMs: "Rückgabe", "RUECKGABE" and "ruckgabe"
/// all come close. ß becomes ss; other letters lose their marks. It does not stem (see <see cref="Stemmers"/>).
public static partial class TextFolding
{
    /// The text with quoted passages (3–80 characters in "…", “…”, „…“ or «…») blanked out: words in quotes are someone
    /// else's ("my friend said \"worst service ever\"", the app says "speak to your advisor"), not the customer's own.
    public static string WithoutQuotes(string text) => Quoted().Replace(text, " ");

    [GeneratedRegex("[\"“„«][^\"“”„«»]{3,80}[\"”“»]")]
    private static partial Regex Quoted();

    /// A DM's letters said three times or more in a row said once ("hiii", "thaaanks", "pleeease", "sooo"), for the matcher
    /// and the vocabulary to read (QA round 19: "hiii 👋" went to a person as out of scope). The library's texts are read as
    /// written: the few words spelt with three letters ("Schifffahrt", "AAA") stay theirs. The text itself when it has no
    /// such run, as nearly every DM.
    public static string Unstretched(string text)
    {
        var first = -1;
        for (var i = 2; i < text.Length && first < 0; i++)
            if (IsStretch(text, i)) first = i;
        if (first < 0) return text;
        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, first - 2);   // up to the first run
        for (var i = first - 2; i < text.Length;)
        {
            var lower = char.ToLowerInvariant(text[i]);
            var end = i + 1;
            if (lower is >= 'a' and <= 'z')
                while (end < text.Length && char.ToLowerInvariant(text[end]) == lower) end++;
            if (end - i >= 3) sb.Append(text[i]);
            else sb.Append(text, i, end - i);
            i = end;
        }
        return sb.ToString();
    }

    static bool IsStretch(string text, int at) =>
        at >= 2 && char.ToLowerInvariant(text[at]) is var c and >= 'a' and <= 'z'
        && char.ToLowerInvariant(text[at - 1]) == c && char.ToLowerInvariant(text[at - 2]) == c;

    public static string Fold(ReadOnlySpan<char> text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (c < 128 || char.IsSurrogate(c)) { sb.Append(c); continue; }   // half an emoji cannot be normalised alone
            switch (c)
            {
                case 'ß': sb.Append("ss"); continue;
                case 'æ': sb.Append("ae"); continue;
                case 'ø': sb.Append('o'); continue;
                case 'œ': sb.Append("oe"); continue;
                // Phones type "don’t": the rules and the models know "don't".
                case '\u2019' or '\u2018' or '\u02BC': sb.Append('\''); continue;
            }
            var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            foreach (var d in decomposed)
                if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark) sb.Append(d);
        }
        return sb.ToString();
    }

    /// The words of a text, each folded as <see cref="Fold(ReadOnlySpan{char})"/> folds it: what phrase matches compare.
    public static List<string> FoldedWords(string text) => Words(text).Select(w => Fold(w)).ToList();

    /// Words of a text: runs of letters and digits, lower-cased, marks kept (stemmers want "ü", not "u").
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length
                && (char.IsLetterOrDigit(text[i]) || (IsApostrophe(text[i]) && start >= 0 && i + 1 < text.Length && char.IsLetter(text[i + 1])));
            if (isWord && start < 0) start = i;
            else if (!isWord && start >= 0)
            {
                words.Add(WithoutApostrophes(text[start..i].ToLowerInvariant()));
                start = -1;
            }
        }
        return words;
    }

    static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u02BC';

    static string WithoutApostrophes(string word) => word.Replace("'", "").Replace("\u2019", "").Replace("\u02BC", "");
}
