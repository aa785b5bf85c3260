using AutoReply.Benchmarks;

// Benchmarks print figures; nothing here asserts. Run in Release:
//   dotnet run -c Release --project tests/AutoReply.Benchmarks -- load --dms 50000 --threads 1000
//   dotnet run -c Release --project tests/AutoReply.Benchmarks -- load --dms 15000 --rate 500
return args.FirstOrDefault() switch
{
    "load" => await LoadBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: AutoReply.Benchmarks load [--dms N] [--threads N] [--rate DMs/s] [--concurrency N] [--durability Full|Normal]");
    return 2;
}
