using AutoReply.Service;
using AutoReply.Service.Verbs;

// autoreply [verb]: with no verb, runs the service.
try
{
    switch (args.FirstOrDefault())
    {
        case "eval": return EvalVerb.Run(args[1..]);
        case "check": return LibraryVerbs.Check(args[1..], VerbConfiguration.Load(args[1..]));
        case "ask": return LibraryVerbs.Ask(args[1..], VerbConfiguration.Load(args[1..]));
        case "test": return TestVerb.Run(args[1..], VerbConfiguration.Load(args[1..]), Console.Out);
        case "recognize": return RecognizeVerb.Run(args[1..], VerbConfiguration.Load(args[1..]));
        case "token": return TokenVerb.Run();
        case "backup": return BackupVerb.Backup(args[1..], VerbConfiguration.Load(args[1..]));
        case "restore": return BackupVerb.Restore(args[1..], VerbConfiguration.Load(args[1..]));
        case "privacy": return await PrivacyVerb.Run(args[1..], VerbConfiguration.Load(args[1..]));
        case "help": Console.WriteLine(Usage); return 0;
        // Not a verb and not a setting ("--urls …", "Urls=…"): say what there is instead of starting the service.
        case { } word when !word.StartsWith('-') && !word.Contains('='):
            Console.Error.WriteLine($"autoreply: unknown verb '{word}'{Environment.NewLine}{Usage}");
            return 2;
    }
}
catch (Exception e) when (e is VerbUsageException or IOException or FormatException or UnauthorizedAccessException or AutoReply.Service.Configuration.SettingsException)
{
    // A verb's bad input (a missing file, a malformed line) is said in one line, not as a stack trace.
    Console.Error.WriteLine($"autoreply {args[0]}: {e.Message}");
    return 2;
}

WebApplication app;
try
{
    app = ServiceHost.Build(args);
}
catch (Exception e) when (AutoReply.Service.Configuration.StartupFailures.IsExpected(e))
{
    // Configuration that cannot work (a broken dialogs library, bad business hours, an exposed address without a
    // secret, a database that cannot be opened, a malformed appsettings.json): say what and stop, without a stack trace
    // for the operator to dig through.
    Console.Error.WriteLine($"autoreply: cannot start: {AutoReply.Service.Configuration.StartupFailures.Describe(e)}");
    return 1;
}
var exposure = app.Services.GetRequiredService<AutoReply.Service.Security.ExposureGuard>();   // before the run: the provider is gone after it
var started = false;
app.Lifetime.ApplicationStarted.Register(() => started = true);
try
{
    await app.RunAsync();
}
catch (Exception e) when (AutoReply.Service.Configuration.StartupFailures.IsExpected(e))
{
    // Listening failed (the port is taken, an address of this machine's that is not), or the database went at start.
    Console.Error.WriteLine($"autoreply: {(started ? "stopped" : "cannot start")}: {AutoReply.Service.Configuration.StartupFailures.Describe(e)}");
    return 1;
}
if (exposure.Refusal is { } refusal)
{
    Console.Error.WriteLine($"autoreply: cannot start: {refusal}");
    return 1;
}
return 0;

static partial class Program
{
    const string Usage = """
        usage: autoreply [--setting=value …]            run the service (settings as in appsettings.json, e.g. --urls http://127.0.0.1:6000)
               autoreply check [DIR] [--detail all]     check a dialogs library (all: every overlap, each answer's held-out misses)
               autoreply ask "text" [DIR] [--lang xx]   how the library answers one DM
               autoreply test [DIR]                     run the library's conversation tests
               autoreply recognize "text" | --jsonl FILE   entities in a sentence or a file of them
               autoreply eval …                         measure the matcher on a labelled data set
               autoreply token                          make an API token and its Api:TokenSha256
               autoreply backup --to FILE | restore --from FILE
               autoreply privacy …                      export or erase a customer's data
        """;
}
