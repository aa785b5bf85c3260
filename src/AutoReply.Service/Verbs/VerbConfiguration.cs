namespace AutoReply.Service.Verbs;

/// The same configuration the service reads (embedded defaults, ./appsettings.json, environment), for verbs.
static class VerbConfiguration
{
    public static IConfiguration Load(string[] args) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "defaults", "appsettings.json"), optional: true)
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();
}
