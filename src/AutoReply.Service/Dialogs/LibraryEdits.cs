using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AutoReply.Service.Dialogs;

/// A change to one library file: the file, its text before and after, and the difference as a unified diff.
public sealed record LibraryEdit(string File, string Before, string After)
{
    public string Diff => UnifiedDiff.Of(File, Before, After);
}

/// A new stock answer drafted from a gap.
public sealed record AnswerDraft(string Id, string Category, string Language, string Title, IReadOnlyList<string> Examples, string Reply);

/// Edits the library's YAML as an editor would: new examples go under the answer's existing list for the language, in
/// the list's own style (a "- item" block or a [flow, list]), a new answer at the end of answers/from-gaps.yaml. The rest
/// of the file — comments, order, quoting — stays as it was, so the diff shows only what was added. Nothing is written
/// here: <see cref="LibraryEditor"/> validates the whole library with the change first.
public static class LibraryEdits
{
    public const string NewAnswersFile = "from-gaps.yaml";

    /// Adds examples to an answer's list for the language; null with why when the answer is not found.
    public static (LibraryEdit? Edit, string? Error) AddExamples(string dialogsDir, string answerId, string language, IReadOnlyList<string> examples)
    {
        foreach (var path in Directory.EnumerateFiles(Path.Combine(dialogsDir, "answers"), "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                     .Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(path);
            if (FindAnswer(text, answerId) is not { } answer) continue;
            if (!answer.Children.TryGetValue("examples", out var examplesNode) || examplesNode is not YamlMappingNode byLanguage)
                return (null, $"answer '{answerId}' in {path} has no examples mapping to add to; add them by hand");
            var after = byLanguage.Children.TryGetValue(language, out var list)
                ? AppendToList(text, list, examples, answerId, path, out var error)
                : AppendLanguage(text, byLanguage, language, examples, out error);
            return after is null ? (null, error) : (new LibraryEdit(path, text, after), null);
        }
        return (null, $"no answer '{answerId}' in {Path.Combine(dialogsDir, "answers")}");
    }

    /// Appends a new answer to answers/from-gaps.yaml (made when missing).
    public static LibraryEdit NewAnswer(string dialogsDir, AnswerDraft draft)
    {
        var path = Path.Combine(dialogsDir, "answers", NewAnswersFile);
        var before = File.Exists(path) ? File.ReadAllText(path) : "";
        var b = new StringBuilder(before.Length == 0
            ? "# Answers drafted from the gaps report (/console/gaps). Edit them like any other answer.\nanswers:\n"
            : before.EndsWith('\n') ? before : before + "\n");
        b.Append('\n');
        b.Append("  - id: ").Append(Quote(draft.Id)).Append('\n');
        b.Append("    category: ").Append(Quote(draft.Category)).Append('\n');
        b.Append("    title: { ").Append(draft.Language).Append(": ").Append(Quote(draft.Title)).Append(" }\n");
        b.Append("    examples:\n      ").Append(draft.Language).Append(":\n");
        foreach (var e in draft.Examples) b.Append("        - ").Append(Quote(e)).Append('\n');
        b.Append("    replies:\n      ").Append(draft.Language).Append(": [").Append(Quote(draft.Reply)).Append("]\n");
        return new LibraryEdit(path, before, b.ToString());
    }

    static YamlMappingNode? FindAnswer(string text, string id)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException) { return null; }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue("answers", out var answers) || answers is not YamlSequenceNode list) return null;
        return list.OfType<YamlMappingNode>().FirstOrDefault(a => a.Children.TryGetValue("id", out var v) && v is YamlScalarNode s && s.Value == id);
    }

    static string? AppendToList(string text, YamlNode list, IReadOnlyList<string> examples, string id, string path, out string? error)
    {
        error = null;
        if (list is not YamlSequenceNode sequence) { error = $"answer '{id}' in {path}: the examples are not a list"; return null; }
        if (sequence.Style == YamlDotNet.Core.Events.SequenceStyle.Flow)
        {
            // [a, b] → [a, b, "new"]: before the closing bracket.
            var close = Closing(text, Offset(text, sequence.Start), '[', ']');
            if (close < 0) { error = $"answer '{id}' in {path}: cannot find the end of the examples list"; return null; }
            var items = string.Join(", ", examples.Select(Quote));
            return text[..close] + (sequence.Children.Count > 0 ? ", " : "") + items + text[close..];
        }
        if (sequence.Children.Count == 0) { error = $"answer '{id}' in {path}: the examples list is empty; add them by hand"; return null; }
        // A block list: new "- item" lines after the last item's line, indented as it is.
        var last = sequence.Children[^1];
        var lines = text.Split('\n').ToList();
        var lastLine = (int)last.End.Line - 1;
        if (last.End.Column == 1 && lastLine > (int)last.Start.Line - 1) lastLine--;   // the mark may sit at the start of the next line
        var itemLine = lines[(int)last.Start.Line - 1];
        var dash = itemLine.IndexOf("- ", StringComparison.Ordinal);
        var prefix = dash >= 0 ? itemLine[..(dash + 2)] : new string(' ', (int)last.Start.Column - 3) + "- ";
        lines.InsertRange(lastLine + 1, examples.Select(e => prefix + Quote(e)));
        return string.Join('\n', lines);
    }

    static string? AppendLanguage(string text, YamlMappingNode byLanguage, string language, IReadOnlyList<string> examples, out string? error)
    {
        error = null;
        var items = string.Join(", ", examples.Select(Quote));
        if (byLanguage.Style == YamlDotNet.Core.Events.MappingStyle.Flow)
        {
            var close = Closing(text, Offset(text, byLanguage.Start), '{', '}');
            if (close < 0) { error = "cannot find the end of the examples mapping"; return null; }
            return text[..close].TrimEnd() + $", {language}: [{items}] " + text[close..];
        }
        // A block mapping: a new "xx: [...]" line after the last language's value, indented as the other languages.
        var lines = text.Split('\n').ToList();
        var lastValue = byLanguage.Children.Values.Last();
        var end = lastValue is YamlSequenceNode { Style: YamlDotNet.Core.Events.SequenceStyle.Block, Children.Count: > 0 } block
            ? block.Children[^1]
            : lastValue;
        var lastLine = (int)end.End.Line - 1;
        if (end.End.Column == 1 && lastLine > (int)end.Start.Line - 1) lastLine--;
        // A [flow, list] may run over lines; its mark says only where it starts.
        if (end is YamlSequenceNode { Style: YamlDotNet.Core.Events.SequenceStyle.Flow }
            && Closing(text, Offset(text, end.Start), '[', ']') is >= 0 and var listEnd)
            lastLine = text[..listEnd].Count(c => c == '\n');
        var indent = new string(' ', (int)byLanguage.Children.Keys.First().Start.Column - 1);
        lines.Insert(lastLine + 1, $"{indent}{language}: [{items}]");
        return string.Join('\n', lines);
    }

    /// The offset of the bracket that closes the one at <paramref name="open"/> (quoted text skipped), or -1. (YamlDotNet's
    /// representation model gives a flow collection's start, not its end.)
    static int Closing(string text, int open, char opening, char closing)
    {
        if (open >= text.Length || text[open] != opening) return -1;
        var depth = 0;
        char? quote = null;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                if (c == '\\' && q == '"') i++;
                else if (c == q) quote = null;
                continue;
            }
            if (c is '"' or '\'') quote = c;
            else if (c == opening) depth++;
            else if (c == closing && --depth == 0) return i;
        }
        return -1;
    }

    /// The character offset of a mark (its line and column, both counted from 1).
    static int Offset(string text, Mark mark)
    {
        var offset = 0;
        for (var line = 1; line < mark.Line && offset >= 0; line++) offset = text.IndexOf('\n', offset) + 1;
        return Math.Max(0, offset + (int)mark.Column - 1);
    }

    /// A YAML double-quoted scalar: safe for any text (quotes, colons, #, leading dashes).
    public static string Quote(string s)
    {
        var b = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': b.Append("\\\\"); break;
                case '"': b.Append("\\\""); break;
                case '\n': b.Append("\\n"); break;
                case '\r': break;
                case '\t': b.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) b.Append($"\\u{(int)c:x4}");
                    else b.Append(c);
                    break;
            }
        }
        return b.Append('"').ToString();
    }
}

/// A minimal unified diff of two versions of a file: the changed lines with three lines of context around each change.
public static class UnifiedDiff
{
    public static string Of(string file, string before, string after)
    {
        var a = before.Length == 0 ? [] : before.Split('\n');
        var b = after.Split('\n');
        // Longest common subsequence of lines (the files are small: a library file is hundreds of lines).
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var ops = new List<(char Op, string Line, int A, int B)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { ops.Add((' ', a[x], x, y)); x++; y++; }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y])) { ops.Add(('+', b[y], x, y)); y++; }
            else { ops.Add(('-', a[x], x, y)); x++; }
        }
        var output = new StringBuilder($"--- {file}\n+++ {file}\n");
        const int context = 3;
        var changed = Enumerable.Range(0, ops.Count).Where(k => ops[k].Op != ' ').ToList();
        for (var c = 0; c < changed.Count;)
        {
            // A hunk: changes less than two contexts apart, with the context around them.
            var last = c;
            while (last + 1 < changed.Count && changed[last + 1] - changed[last] <= 2 * context) last++;
            var from = Math.Max(0, changed[c] - context);
            var to = Math.Min(ops.Count, changed[last] + context + 1);
            var hunk = ops.Skip(from).Take(to - from).ToList();
            output.Append($"@@ -{hunk[0].A + 1},{hunk.Count(o => o.Op != '+')} +{hunk[0].B + 1},{hunk.Count(o => o.Op != '-')} @@\n");
            foreach (var o in hunk) output.Append(o.Op).Append(o.Line).Append('\n');
            c = last + 1;
        }
        return output.ToString();
    }
}
