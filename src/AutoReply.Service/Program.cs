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
    }
}
catch (Exception e) when (e is VerbUsageException or IOException or FormatException or UnauthorizedAccessException)
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
catch (InvalidOperationException e)
{
    // Configuration that cannot work (a broken dialogs library, bad business hours, an exposed address without a
    // secret): say what and stop, without a stack trace for the operator to dig through.
    Console.Error.WriteLine($"autoreply: cannot start: {e.Message}");
    return 1;
}
var exposure = app.Services.GetRequiredService<AutoReply.Service.Security.ExposureGuard>();   // before the run: the provider is gone after it
await app.RunAsync();
if (exposure.Refusal is { } refusal)
{
    Console.Error.WriteLine($"autoreply: cannot start: {refusal}");
    return 1;
}
return 0;
