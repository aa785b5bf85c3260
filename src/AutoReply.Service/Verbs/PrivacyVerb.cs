using System.Text.Json;
using AutoReply.Service.Configuration;
using AutoReply.Service.Privacy;
using AutoReply.Storage;
using AutoReply.Storage.Privacy;

namespace AutoReply.Service.Verbs;

/// autoreply privacy export --channel C --sender S     (everything held about the person, as JSON on stdout)
/// autoreply privacy erase --channel C --sender S      (erases it; what was removed, as JSON on stdout)
/// On the database the service's configuration names (ConnectionStrings:AutoReply, Storage:Provider), beside a running
/// service or without one; recorded in the privacy log as done by "cli:USER".
static class PrivacyVerb
{
    static readonly JsonSerializerOptions Output = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<int> Run(string[] args, IConfiguration config)
    {
        var action = args.FirstOrDefault() ?? throw new VerbUsageException("usage: autoreply privacy export|erase --channel C --sender S");
        var a = new VerbArgs(args[1..]);
        var channel = a.Required("channel");
        var sender = a.Required("sender");
        var database = ServiceHost.OpenDatabase(ServiceHost.Options<StorageOptions>(config), config);
        try
        {
            database.Migrate();
            await using var writes = new WriteQueue(database);
            using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            var privacy = new PrivacyActions(writes, new PrivacyStore(), database, TimeProvider.System, logging.CreateLogger<PrivacyActions>());
            var actor = "cli:" + Environment.UserName;
            object result = action switch
            {
                "export" => await privacy.Export(channel, sender, actor, CancellationToken.None),
                "erase" => await privacy.Erase(channel, sender, actor, CancellationToken.None),
                _ => throw new VerbUsageException($"unknown action '{action}' (export, erase)"),
            };
            Console.WriteLine(JsonSerializer.Serialize(result, Output));
            return 0;
        }
        finally
        {
            (database as IDisposable)?.Dispose();
        }
    }
}
