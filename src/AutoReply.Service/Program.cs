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
        case "recognize": return RecognizeVerb.Run(args[1..], VerbConfiguration.Load(args[1..]));
    }
}
catch (VerbUsageException e)
{
    Console.Error.WriteLine($"autoreply {args[0]}: {e.Message}");
    return 2;
}

var app = ServiceHost.Build(args);
await app.RunAsync();
return 0;
