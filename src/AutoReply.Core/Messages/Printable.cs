using System.Globalization;

namespace AutoReply.Core.Messages;

/// Text that reaches an operator's terminal or an agent's screen from outside: an id never holds control
/// characters (a CR/LF forges a log line, an ESC sequence drives a terminal), and a name shown to a person never
/// carries bidirectional controls (U+202E turns "Ana‮gnp.exe" into "Ana" + "exe.png"). This does not sanitise
/// for HTML: the console never puts customer text into markup.
public static class Printable
{
    /// True when every character is printable: no C0/C1 controls, no bidi or other invisible format characters.
    public static bool IsClean(string value)
    {
        foreach (var c in value)
            if (IsUnsafe(c)) return false;
        return true;
    }

    /// The value with every control and bidi/format character replaced by U+FFFD, so a person sees that something
    /// was there.
    public static string Neutralise(string value)
    {
        if (IsClean(value)) return value;
        return string.Create(value.Length, value, (span, v) =>
        {
            for (var i = 0; i < v.Length; i++) span[i] = IsUnsafe(v[i]) ? '\uFFFD' : v[i];
        });
    }

    static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029'   // line and paragraph separators break lines in many log viewers
        || (c > 0x7F && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format && c != '\u200D');   // ZWJ joins emoji
}
