namespace AutoReply.Service.Verbs;

/// The same configuration the service reads (embedded defaults, ./appsettings.json, environment, then settings on the
/// command line as --Key=Value, e.g. --ConnectionStrings:AutoReply="Data Source=other.db"), for verbs.
static class VerbConfiguration
{
    public static IConfiguration Load(string[] args)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "defaults", "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(VerbArgs.IsSetting).ToArray());
        // As the service: a list set in a later source replaces the whole list of the sources before it.
        Configuration.ListsReplace.Apply(builder);
        return builder.Build();
    }
}
