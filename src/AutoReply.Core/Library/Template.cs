using System.Text;

namespace AutoReply.Core.Library;

/// A reply text with {variables}, parsed once when the library loads.
/// Rendering is a single pass: a value put in (a customer's name, say) is never read as a template,
/// so "{reply_by}" typed by a customer stays those letters. "{{" and "}}" stand for literal braces.
public sealed class Template
{
    readonly IReadOnlyList<(string? Literal, string? Variable)> parts;

    public string Source { get; }
    public IReadOnlyList<string> Variables { get; }

    Template(string source, List<(string?, string?)> parts)
    {
        Source = source;
        this.parts = parts;
        Variables = parts.Where(p => p.Item2 is not null).Select(p => p.Item2!).Distinct().ToArray();
    }

    /// Parses <paramref name="source"/>; on a syntax error returns null with the reason.
    public static Template? TryParse(string source, out string? error)
    {
        var parts = new List<(string?, string?)>();
        var literal = new StringBuilder();
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c == '{' && i + 1 < source.Length && source[i + 1] == '{') { literal.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < source.Length && source[i + 1] == '}') { literal.Append('}'); i++; continue; }
            if (c == '}') { error = $"unmatched '}}' at position {i + 1}"; return null; }
            if (c != '{') { literal.Append(c); continue; }
            var close = source.IndexOf('}', i + 1);
            if (close < 0) { error = $"unclosed '{{' at position {i + 1}"; return null; }
            var name = source[(i + 1)..close].Trim();
            if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '.' or ':' or ' ' or '-'))
            {
                error = $"bad variable '{{{name}}}' at position {i + 1}";
                return null;
            }
            if (literal.Length > 0) { parts.Add((literal.ToString(), null)); literal.Clear(); }
            parts.Add((null, name));
            i = close;
        }
        if (literal.Length > 0) parts.Add((literal.ToString(), null));
        error = null;
        return new Template(source, parts);
    }

    public static Template Parse(string source) =>
        TryParse(source, out var error) ?? throw new FormatException(error);

    /// Fills in variables; one the lookup does not know stays visible as {name} rather than vanishing. A value that is
    /// empty ("Hi {name}!" without a name) takes the space before it along (and a comma before that) when punctuation,
    /// a space or the end follows, so it reads "Hi!", not "Hi !".
    public string Render(Func<string, string?> lookup)
    {
        var sb = new StringBuilder(Source.Length + 32);
        var openedEmpty = false;
        for (var i = 0; i < parts.Count; i++)
        {
            var (literal, variable) = parts[i];
            if (literal is not null)
            {
                // "{name}, thanks for waiting" without a name: "Thanks for waiting", not ", thanks for waiting" (a review)
                if (openedEmpty && literal.TrimStart() is var rest && rest.StartsWith(','))
                    literal = rest[1..].TrimStart() is { Length: > 0 } after ? char.ToUpperInvariant(after[0]) + after[1..] : "";
                openedEmpty = false;
                sb.Append(literal);
                continue;
            }
            var value = lookup(variable!) ?? "{" + variable + "}";
            openedEmpty = value.Length == 0 && sb.Length == 0;
            if (value.Length == 0 && sb.Length > 0 && sb[^1] == ' ' && EndsPhrase(i + 1 < parts.Count ? parts[i + 1] : null))
            {
                sb.Length--;
                // "Glad I could help, {name}!" → "Glad I could help!": the comma went with the name.
                if (sb.Length > 0 && sb[^1] == ',') sb.Length--;
            }
            sb.Append(value);
        }
        return sb.ToString();
    }

    /// What follows an empty value ends its phrase: the text's end, punctuation or a space; another variable does not.
    static bool EndsPhrase((string? Literal, string? Variable)? next) =>
        next is not { } part || part.Literal is { Length: > 0 } literal && literal[0] is ',' or '.' or '!' or '?' or ';' or ':' or ' ';

    public override string ToString() => Source;
}
