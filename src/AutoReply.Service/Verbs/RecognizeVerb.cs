using System.Diagnostics;
using AutoReply.Core.Recognizers;
using NodaTime;

namespace AutoReply.Service.Verbs;

/// autoreply recognize "text" [--lang de] [--ref 2026-11-22T10:00]    (one JSON line per entity)
/// autoreply recognize --jsonl FILE    (lines {"id","text","culture":"en-us","ref":"2026-11-22T10:00:00"} → {"id","entities":[…]})
/// The shapes are <see cref="RecognitionJson"/>'s. The reference time is local time in BusinessHours:TimeZone.
static class RecognizeVerb
{
    /// The native build of this verb (src/AutoReply.Recognize, published beside the service): a file of lines runs there
    /// when it is present, because compiling the recognizers' regexes at start-up costs the JIT seconds a batch never earns back.
    const string Native = "autoreply-recognize";

    public static int Run(string[] args, IConfiguration config)
    {
        var a = new VerbArgs(args);
        var (zone, region) = RecognitionJson.Settings(config["BusinessHours:TimeZone"], config["Recognizers:PhoneRegion"]);
        var now = SystemClock.Instance.GetCurrentInstant().InZone(zone).LocalDateTime;

        if (a.Get("jsonl") is { } path)
        {
            if (NativeBuild() is { } native) return HandOver(native, args);
            using var input = new StreamReader(path);
            using var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16);
            RecognitionJson.Lines(input, stdout, path, new EntityRecognizer(), zone, region, now);
            return 0;
        }

        var sentence = a.Positional().FirstOrDefault()
            ?? throw new VerbUsageException("usage: autoreply recognize \"text\" [--lang de] [--ref 2026-11-22T10:00] | --jsonl FILE");
        var context = new RecognitionContext(a.Get("lang") ?? "en", a.Get("ref") is { } rf ? RecognitionJson.Reference(rf, "--ref") : now, zone, region);
        foreach (var entity in new EntityRecognizer().Recognize(sentence, context))
            Console.WriteLine(RecognitionJson.Line(entity));
        return 0;
    }

    /// The native build: the path AUTOREPLY_NATIVE_RECOGNIZE names, else autoreply-recognize beside this binary when it is
    /// there; AUTOREPLY_NATIVE_RECOGNIZE=0 keeps the batch in this process.
    static string? NativeBuild()
    {
        var setting = Environment.GetEnvironmentVariable("AUTOREPLY_NATIVE_RECOGNIZE");
        if (setting == "0") return null;
        if (!string.IsNullOrEmpty(setting))
            return File.Exists(setting) ? setting : throw new VerbUsageException($"AUTOREPLY_NATIVE_RECOGNIZE names {setting}, which does not exist");
        var beside = Path.Combine(AppContext.BaseDirectory, Native);
        return File.Exists(beside) ? beside : null;
    }

    static int HandOver(string native, string[] args)
    {
        // Same arguments, same working directory and environment (so the same appsettings.json), same standard streams.
        var info = new ProcessStartInfo(native) { UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new VerbUsageException($"cannot start {native}");
        process.WaitForExit();
        return process.ExitCode;
    }
}
