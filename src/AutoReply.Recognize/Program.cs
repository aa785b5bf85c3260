using AutoReply.Core.Recognizers;
using Microsoft.Extensions.Configuration;
using NodaTime;

// autoreply-recognize --jsonl FILE | "text" [--lang de] [--ref 2026-11-22T10:00]: `autoreply recognize`, compiled ahead of
// time. Reads the settings the service reads (defaults beside the binary, ./appsettings.json, the environment).
try
{
    var config = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "defaults", "appsettings.json"), optional: true)
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();
    var (zone, region) = RecognitionJson.Settings(config["BusinessHours:TimeZone"], config["Recognizers:PhoneRegion"]);
    var now = SystemClock.Instance.GetCurrentInstant().InZone(zone).LocalDateTime;
    var jsonl = Option("--jsonl");
    if (jsonl is not null)
    {
        using var input = new StreamReader(jsonl);
        using var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16);
        RecognitionJson.Lines(input, stdout, jsonl, new EntityRecognizer(), zone, region, now);
        return 0;
    }
    var sentence = Positional() ?? throw new RecognitionInputException(
        "usage: autoreply-recognize \"text\" [--lang de] [--ref 2026-11-22T10:00] | --jsonl FILE");
    var reference = Option("--ref") is { } r ? RecognitionJson.Reference(r, "--ref") : now;
    var context = new RecognitionContext(Option("--lang") ?? "en", reference, zone, region);
    foreach (var entity in new EntityRecognizer().Recognize(sentence, context))
        Console.WriteLine(RecognitionJson.Line(entity));
    return 0;
}
catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
{
    // Said as the service's verb says it: one line, no stack trace.
    Console.Error.WriteLine($"autoreply recognize: {e.Message}");
    return 2;
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

string? Positional()
{
    for (var i = 0; i < args.Length; i++)
    {
        if (args[i].StartsWith("--", StringComparison.Ordinal)) { i++; continue; }
        return args[i];
    }
    return null;
}
