namespace AutoReply.Service.Verbs;

/// The same configuration the service reads (embedded defaults, ./appsettings.json, environment, then settings on the
/// command line as --Key=Value, e.g. --ConnectionStrings:AutoReply="Data Source=other.db"), for verbs.
static class VerbConfiguration
{
    public static IConfiguration Load(string[] args) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "defaults", "appsettings.json"), optional: true)
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args.Where(VerbArgs.IsSetting).ToArray())
        .Build();
}
