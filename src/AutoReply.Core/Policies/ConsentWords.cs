using System.Globalization;
using System.Text;

namespace AutoReply.Core.Policies;

/// A set of whole-message keywords such as STOP / stopp / abmelden / lopeta.
/// A message matches only when, apart from case, spaces, punctuation, emoji and courtesy ("please", "bitte", "ok"), it
/// is one of the words: "stop" and "STOP please" opt out, "stop sending the wrong size" does not (that is a complaint,
/// and deserves an answer).
public sealed class ConsentWords
{
    readonly HashSet<string> words;

    public ConsentWords(IEnumerable<string> words) =>
        this.words = words.Select(Normalize).Where(w => w.Length > 0).ToHashSet(StringComparer.Ordinal);

    public bool Match(string text)
    {
        if (text.Length > 64) return false;
        var said = Normalize(text);
        var plain = WithoutCourtesy(said);
        return words.Contains(said) || words.Contains(plain) || words.Contains(WithoutRepeats(plain));
    }

    /// A keyword said again and again is still the keyword: "STOP STOP STOP".
    static string WithoutRepeats(string said)
    {
        var words = said.Split(' ');
        return string.Join(' ', words.Where((w, i) => i == 0 || w != words[i - 1]));
    }

    /// Words of courtesy around a keyword say nothing more: "cancel that please", "ok STOP", "bitte abbrechen".
    static readonly HashSet<string> Courtesy = ["please", "pls", "plz", "thanks", "thx", "ok", "okay", "now", "just",
        "bitte", "danke", "jetzt", "kiitos", "nyt"];

    static string WithoutCourtesy(string said)
    {
        var words = said.Split(' ');
        int first = 0, last = words.Length - 1;
        while (first <= last && Courtesy.Contains(words[first])) first++;
        while (last >= first && Courtesy.Contains(words[last])) last--;
        return string.Join(' ', words[first..(last + 1)]);
    }

    static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && sb.Length > 0) sb.Append(' ');
                sb.Append(char.ToLower(c, CultureInfo.InvariantCulture));
                space = false;
            }
            else space = true;
        }
        return sb.ToString();
    }
}
