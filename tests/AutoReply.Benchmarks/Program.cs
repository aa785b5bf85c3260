using AutoReply.Benchmarks;

// Benchmarks print figures; nothing here asserts. Run in Release:
//   dotnet run -c Release --project tests/AutoReply.Benchmarks -- load --dms 50000 --threads 1000
//   dotnet run -c Release --project tests/AutoReply.Benchmarks -- load --dms 15000 --rate 500
//   dotnet run -c Release --project tests/AutoReply.Benchmarks -- matcher --train ../shared/datasets/clinc150/train.tsv --test ../shared/datasets/clinc150/test.tsv
//   dotnet run -c Release --project tests/AutoReply.Benchmarks -- engine
//   dotnet run -c Release --project tests/AutoReply.Benchmarks -- escalation --open 100000 --due 1000
//   dotnet run -c Release --project tests/AutoReply.Benchmarks -- judgement [--dir tests/judgement] [--show]
//   dotnet run -c Release --project tests/AutoReply.Benchmarks -- signals [--sets fresh,fresh2,fresh3]
return args.FirstOrDefault() switch
{
    "load" => await LoadBenchmark.Run(args[1..]),
    "matcher" => MatcherBenchmark.Run(args[1..]),
    "engine" => MatcherBenchmark.Engine(args[1..]),
    "recognizers" => RecognizerBenchmark.Run(args[1..]),
    "escalation" => await EscalationBenchmark.Run(args[1..]),
    "judgement" => JudgementBenchmark.Run(args[1..]),
    "signals" => SignalsBenchmark.Run(args[1..]),
    "simulate" => SimulateBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: AutoReply.Benchmarks load [--dms N] [--threads N] [--rate DMs/s] [--concurrency N] [--durability Full|Normal] [--prime N] [--warmup N] [--runs N] [--provider sqlite|postgres --connection CS [--instances N] [--compare none]]");
    Console.Error.WriteLine("       AutoReply.Benchmarks matcher --train FILE.tsv --test FILE.tsv");
    Console.Error.WriteLine("       AutoReply.Benchmarks engine [--dialogs DIR]");
    Console.Error.WriteLine("       AutoReply.Benchmarks recognizers");
    Console.Error.WriteLine("       AutoReply.Benchmarks escalation [--open N] [--due N]");
    Console.Error.WriteLine("       AutoReply.Benchmarks judgement [--dir tests/judgement] [--show]");
    Console.Error.WriteLine("       AutoReply.Benchmarks simulate [--libraries 80] [--seed 1001 | --fit [--seed 1]] [--dir tests/judgement] [--set Key=Value]");
    Console.Error.WriteLine("       AutoReply.Benchmarks signals [--sets fresh,fresh2,fresh3] [--dir tests/AutoReply.Core.Tests/Signals]");
    return 2;
}
