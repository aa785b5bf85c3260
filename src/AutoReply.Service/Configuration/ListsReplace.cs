using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace AutoReply.Service.Configuration;

/// Configuration sources merge a list element by element: a brand's ./appsettings.json that lists ten holidays over the
/// embedded defaults' fifteen kept the last five of the sample shop's (QA rounds 29–31, all three). With this, a list of
/// values (BusinessHours:Holidays:0, Customers:Tiers:gold:Senders:1) set in a later source — ./appsettings.json, the
/// environment, the command line — replaces the whole list of the sources before it, as anyone writing a list expects; an
/// empty list ("Holidays": []) replaces it with none. A list of objects (Channels:Meta:Pages:0:Id, Escalation:Tiers:1:Email)
/// still merges element by element and key by key: its secrets come from the environment, one key at a time
/// (Channels__Meta__Pages__0__AccessToken beside the page's id in appsettings.json; a review found them wiped).
public static class ListsReplace
{
    /// Wraps every source the builder has so far; call it after the last source is added.
    public static void Apply(IConfigurationBuilder builder)
    {
        var sources = builder.Sources.ToList();
        var order = new Provider?[sources.Count];
        builder.Sources.Clear();
        for (var i = 0; i < sources.Count; i++) builder.Sources.Add(new Source(sources[i], order, i));
    }

    sealed class Source(IConfigurationSource inner, Provider?[] order, int index) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => order[index] = new Provider(inner.Build(builder), order, index);
    }

    sealed class Provider(IConfigurationProvider inner, Provider?[] order, int index) : IConfigurationProvider
    {
        // Whether this source sets the list at a path, once a path: the environment holds hundreds of keys (cleared on load).
        readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> sets = new(StringComparer.OrdinalIgnoreCase);

        public void Load()
        {
            inner.Load();
            sets.Clear();
        }

        public IChangeToken GetReloadToken() => inner.GetReloadToken();

        public void Set(string key, string? value) => inner.Set(key, value);

        public bool TryGet(string key, out string? value)
        {
            value = null;
            return !Hidden(key) && inner.TryGet(key, out value);
        }

        public IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath) =>
            earlierKeys.Concat(inner.GetChildKeys([], parentPath).Where(k => !Hidden(parentPath is null ? k : ConfigurationPath.Combine(parentPath, k))))
                .OrderBy(k => k, ConfigurationKeyComparer.Instance);

        /// Whether the key lies in a list of values that a later source sets too (Escalation:Tiers:1:Email:0 in tier 1's e-mails).
        bool Hidden(string key)
        {
            var segments = key.Split(ConfigurationPath.KeyDelimiter);
            for (var j = 1; j < segments.Length; j++)
            {
                if (!IsIndex(segments[j])) continue;
                var list = string.Join(ConfigurationPath.KeyDelimiter, segments[..j]);
                for (var later = index + 1; later < order.Length; later++)
                    if (order[later] is { } provider && provider.Sets(list)) return true;
            }
            return false;
        }

        /// Whether this source sets the list of values at <paramref name="path"/>: a numbered child with a value, or the list as
        /// empty (a JSON [] is the key with no value). A numbered child with keys of its own is an object's, which merge.
        bool Sets(string path) => sets.GetOrAdd(path, p =>
        {
            var children = inner.GetChildKeys([], p).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (children.Count == 0) return inner.TryGet(p, out var empty) && string.IsNullOrEmpty(empty);
            return children.Any(c => IsIndex(c) && inner.TryGet(ConfigurationPath.Combine(p, c), out var value) && value is not null
                && !inner.GetChildKeys([], ConfigurationPath.Combine(p, c)).Any());
        });

        static bool IsIndex(string segment) => segment.Length > 0 && segment.All(char.IsAsciiDigit);
    }
}
