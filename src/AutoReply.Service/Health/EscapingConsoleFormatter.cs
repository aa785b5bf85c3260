using System.Text;
using AutoReply.Core.Messages;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace AutoReply.Service.Health;

/// The console log format: one line per entry, "time level category: message", with every control character in the
/// message escaped (\n, \r, \u001b …). Values in a log line come from outside — thread ids, names, a platform's error
/// text — and must not forge another line or drive the terminal of whoever tails the log. An exception follows on
/// indented lines, escaped the same way except for its own line breaks; the same exception again within a minute on one
/// line, without its stack trace. A line written inside a trace ends with its
/// trace id (`trace=…`), to find the spans of what it says.
public sealed class EscapingConsoleFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "autoreply";

    public override void Write<TState>(in LogEntry<TState> entry, Microsoft.Extensions.Logging.IExternalScopeProvider? scopes, TextWriter writer)
    {
        var message = entry.Formatter(entry.State, entry.Exception);
        if (string.IsNullOrEmpty(message) && entry.Exception is null) return;
        var line = new StringBuilder(64 + message.Length);
        line.Append(DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture)).Append(' ')
            .Append(Level(entry.LogLevel)).Append(' ').Append(Escape(entry.Category)).Append(": ").Append(Escape(message));
        if (System.Diagnostics.Activity.Current is { } activity) line.Append(" trace=").Append(activity.TraceId.ToHexString());
        writer.WriteLine(line.ToString());
        if (entry.Exception is not { } e) return;
        // The same failure again within a minute (a database away: every worker and every request fails the same way, many
        // times a second) gets its first line only; its stack trace was printed with the first.
        var key = $"{entry.Category}|{e.GetType().FullName}|{e.Message}";
        var now = DateTimeOffset.UtcNow;
        if (lastTrace.TryGetValue(key, out var printed) && now - printed < TimeSpan.FromMinutes(1))
        {
            writer.WriteLine("    " + Escape($"{e.GetType().FullName}: {e.Message}") + " (stack trace as above)");
            return;
        }
        if (lastTrace.Count > 1000) lastTrace.Clear();
        lastTrace[key] = now;
        foreach (var exceptionLine in e.ToString().Split('\n'))
            writer.WriteLine("    " + Escape(exceptionLine.TrimEnd('\r')));
    }

    readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> lastTrace = new();

    /// Control characters as \n, \r, \t or \uXXXX; everything else as it is.
    public static string Escape(string value)
    {
        if (Printable.IsClean(value)) return value;
        var b = new StringBuilder(value.Length + 16);
        foreach (var c in value)
            b.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when !Printable.IsClean(c.ToString()) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return b.ToString();
    }

    static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce", LogLevel.Debug => "dbug", LogLevel.Information => "info",
        LogLevel.Warning => "warn", LogLevel.Error => "fail", LogLevel.Critical => "crit", _ => "none",
    };
}
