using System.Reflection;

namespace AutoReply.Service.Configuration;

/// Settings this service does not read, found at start and warned about: a misspelt section ("Chanels:Generic:Secret"
/// left the webhook unsigned without a word) or key ("BusinessHours:TimeZon" left the zone at its default). Every options
/// class is bound through one table (ServiceHost.AddOptions), which tells this what each section may hold; a section of
/// configuration with children that no class reads, and a key of a bound section that its class has no property for, is
/// named. Only sections are looked at at the top: environment variables (PATH, HOME …) are top-level keys too.
static class SettingsSpelling
{
    static readonly Dictionary<string, Type> bound = new(StringComparer.OrdinalIgnoreCase);

    /// Sections read by the framework or by code outside the table.
    static readonly HashSet<string> Others = new(StringComparer.OrdinalIgnoreCase)
    {
        "Logging", "ConnectionStrings", "Kestrel", "AllowedHosts", "Tracing", "Channels", "Customers", "Lookups", "Quartz",
        "ASPNETCORE", "DOTNET", "Microsoft",
    };

    /// Settings an earlier version read, with what took their place.
    static readonly Dictionary<string, string> Retired = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Matching:CoveredShare"] = "the answer judge weighs the answer's own words itself (see Matching in the README)",
        ["Matching:CoveredThreshold"] = "the answer judge weighs the answer's own words itself (see Matching in the README)",
    };

    public static void Bound(string section, Type options)
    {
        lock (bound) bound[section] = options;
    }

    public static IEnumerable<string> Warnings(IConfiguration config)
    {
        Dictionary<string, Type> table;
        lock (bound) table = new(bound, StringComparer.OrdinalIgnoreCase);
        var tops = table.Keys.Select(k => k.Split(':')[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var section in config.GetChildren().Where(c => c.GetChildren().Any()))
            if (!tops.Contains(section.Key) && !Others.Contains(section.Key))
                yield return $"The setting section '{section.Key}' is not one this service reads (a misspelling of {Nearest(section.Key, tops)}?): its values are ignored";
        foreach (var (name, type) in table)
        {
            if (type.IsGenericType) continue;   // lists and dictionaries: any key
            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var key in config.GetSection(name).GetChildren())
                if (Retired.TryGetValue($"{name}:{key.Key}", out var instead))
                    yield return $"The setting '{name}:{key.Key}' is no longer read: {instead}";
                else if (!properties.Contains(key.Key))
                    yield return $"The setting '{name}:{key.Key}' is not one this service reads (a misspelling of {name}:{Nearest(key.Key, properties)}?): it is ignored";
        }
        // Channels holds the channel sections only.
        foreach (var channel in config.GetSection("Channels").GetChildren())
            if (!table.ContainsKey("Channels:" + channel.Key))
                yield return $"The setting section 'Channels:{channel.Key}' is not one this service reads (Generic, Meta, X, PublicReplies): its values are ignored";
    }

    static string Nearest(string word, IEnumerable<string> candidates) =>
        candidates.OrderBy(c => Core.Matching.EditDistance.Of(word.ToLowerInvariant(), c.ToLowerInvariant())).FirstOrDefault() ?? "?";
}
