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
        return words.Contains(said) || words.Contains(plain) || (Repeated(plain) is { } once && words.Contains(once));
    }

    /// Whether the DM opens with one of the phrases of two words or more, set apart by punctuation, and asks nothing: "no
    /// thanks, I found it in my mailbox 😅", "nein danke, hat sich erledigt!" (QA round 16: the flow asked its question
    /// again). A single word does not open so ("cancel, my order is wrong" is no "cancel").
    public bool Opens(string text)
    {
        if (text.Length > 200 || text.Contains('?')) return false;
        var end = text.IndexOfAny(ClauseMarks);
        if (end <= 0) return false;
        var said = Normalize(text[..end]);
        var plain = WithoutCourtesy(said);
        return said.Contains(' ') && words.Contains(said) || plain.Contains(' ') && words.Contains(plain);
    }

    /// Whether every clause of the DM is one of the phrases, after fillers ("actually never mind, cancel", "ach nein,
    /// abbrechen bitte", "no wait, cancel that"): nothing in it but leaving (QA round 18: "actually never mind, cancel" mid-flow got
    /// the order-cancellation answer, and an order was handed to the team to cancel).
    public bool OnlyOf(string text)
    {
        if (text.Length > 120 || text.Contains('?')) return false;
        var any = false;
        foreach (var clause in text.Split(ClauseMarks, StringSplitOptions.RemoveEmptyEntries))
        {
            var said = Normalize(clause).Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(Fillers.Contains).ToArray();
            if (said.Length == 0) continue;
            var phrase = WithoutCourtesy(string.Join(' ', said));
            if (!words.Contains(phrase)) return false;
            any = true;
        }
        return any;
    }

    /// What ends a clause of a DM.
    static readonly char[] ClauseMarks = [',', '.', '!', ';', ':', '–', '—'];

    /// What opens a clause and says nothing: "actually", "oh", "ach", "eigentlich", "no wait", "siis".
    static readonly HashSet<string> Fillers = ["actually", "oh", "ah", "um", "hmm", "well", "so", "no", "wait", "sorry", "ok", "okay", "ach", "also",
        "eigentlich", "doch", "nein", "na", "naja", "ne", "nee", "warte", "ei", "siis", "itse", "asiassa", "oikeastaan", "hetkinen", "ai"];

    /// A word said again and again ("stop stop stop") is the word once; anything else is null. Every DM comes here, so
    /// the check allocates only for a repetition.
    static string? Repeated(string said)
    {
        var space = said.IndexOf(' ');
        if (space <= 0) return null;
        var word = said.AsSpan(0, space);
        if ((said.Length + 1) % (space + 1) != 0) return null;
        for (var at = space + 1; at < said.Length; at += space + 1)
            if (!said.AsSpan(at, space).SequenceEqual(word) || (at + space < said.Length && said[at + space] != ' ')) return null;
        return word.ToString();
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
