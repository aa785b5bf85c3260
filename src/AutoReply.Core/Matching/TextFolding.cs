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

    /// A DM's words with a letter said three times or more in a row said once ("hiii", "thaaanks", "pleeease"), for the
    /// matcher, the vocabulary and the language detector to read (QA round 19: "hiii 👋" went to a person as out of scope).
    /// Only words of letters alone and not in capitals: an order number ("XXX-4521"), an e-mail address
    /// ("kapitaen@schifffahrt-kiel.de"), a link ("www.") or a size ("XXXL") is read as written, and nothing here changes
    /// what the customer gave (a review of session 35). The text itself when nothing is stretched, as nearly every DM.
    public static string Unstretched(string text)
    {
        if (!HasRun(text)) return text;
        return StretchedWord().Replace(text, m =>
        {
            var word = m.Value;
            if (!HasRun(word) || word.All(char.IsUpper)) return word;
            var sb = new StringBuilder(word.Length);
            for (var i = 0; i < word.Length;)
            {
                var lower = char.ToLowerInvariant(word[i]);
                var end = i + 1;
                while (end < word.Length && char.ToLowerInvariant(word[end]) == lower) end++;
                if (end - i >= 3) sb.Append(word[i]);
                else sb.Append(word, i, end - i);
                i = end;
            }
            return sb.ToString();
        });
    }

    static bool HasRun(string text)
    {
        for (var i = 2; i < text.Length; i++)
            if (char.IsLetter(text[i]) && char.ToLowerInvariant(text[i]) == char.ToLowerInvariant(text[i - 1])
                && char.ToLowerInvariant(text[i]) == char.ToLowerInvariant(text[i - 2])) return true;
        return false;
    }

    /// A word of letters alone, not joined to digits, "@", "-", "." or "_" (an id, an address, a link).
    [GeneratedRegex(@"(?<![\p{L}\p{N}@._-])\p{L}+(?![\p{L}\p{N}@_-]|\.\p{L})")]
    private static partial Regex StretchedWord();

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
