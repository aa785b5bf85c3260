using System.Globalization;
using System.Text;

namespace AutoReply.Core.Policies;

/// A set of whole-message keywords such as STOP / stopp / abmelden / lopeta.
/// A message matches only when, apart from case, spaces, punctuation and emoji, it is one of the words:
/// "stop" opts out, "stop sending the wrong size" does not (that is a complaint, and deserves an answer).
public sealed class ConsentWords
{
    readonly HashSet<string> words;

    public ConsentWords(IEnumerable<string> words) =>
        this.words = words.Select(Normalize).Where(w => w.Length > 0).ToHashSet(StringComparer.Ordinal);

    public bool Match(string text) => text.Length <= 64 && words.Contains(Normalize(text));

    static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(c)) { if (space && sb.Length > 0) sb.Append(' '); sb.Append(char.ToLower(c, CultureInfo.InvariantCulture)); space = false; }
            else space = true;
        }
        return sb.ToString();
    }
}
