namespace AutoReply.Benchmarks;

/// CPU seconds spent, for comparing builds on a busy machine: throughput moves by 15% between identical runs here, the CPU
/// a run costs much less. Linux only (/proc); elsewhere the figures are null.
static class HostCpu
{
    /// The CPU seconds of this process.
    public static double Process() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// The CPU seconds of the PostgreSQL server on this host: its live processes, and the backends that have ended (counted
    /// in the postmaster's children's times). Null without /proc or a PostgreSQL server here.
    public static double? Postgres()
    {
        if (!Directory.Exists("/proc")) return null;
        var processes = new Dictionary<int, (int Parent, long Own, long Children)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            // pid (comm) state ppid … utime stime cutime cstime: fields 14-17, counted after the closing parenthesis.
            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < open || stat[(open + 1)..close] != "postgres") continue;
            var f = stat[(close + 2)..].Split(' ');
            processes[pid] = (int.Parse(f[1]), long.Parse(f[11]) + long.Parse(f[12]), long.Parse(f[13]) + long.Parse(f[14]));
        }
        if (processes.Count == 0) return null;
        // The postmaster is the one whose parent is not a postgres process; its children are the server's other processes.
        var ticks = processes.Values.Sum(p => p.Own + (processes.ContainsKey(p.Parent) ? 0 : p.Children));
        return ticks / 100.0;   // USER_HZ
    }
}
