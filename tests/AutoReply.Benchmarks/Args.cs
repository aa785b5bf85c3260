namespace AutoReply.Benchmarks;

/// "--name value" pairs from the command line.
sealed class Args(string[] args)
{
    public string? Get(string name)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v) : fallback;
    public double Double(string name, double fallback) => Get(name) is { } v ? double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
