using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace AutoReply.Service.Configuration;

/// Configuration sources merge a list element by element: a brand's ./appsettings.json that lists ten holidays over the
/// embedded defaults' fifteen kept the last five of the sample shop's (QA rounds 29–31, all three). With this, a list set in
/// a later source — ./appsettings.json, the environment, the command line — replaces the whole list of the sources before
/// it, as anyone writing a list expects; an empty list ("Holidays": []) replaces it with none. Objects still merge key by key.
/// A list is a key whose children are numbered (BusinessHours:Holidays:0, Escalation:Tiers:1:Name).
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
        public void Load() => inner.Load();

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

        /// Whether the key lies in a list that a later source sets too.
        bool Hidden(string key)
        {
            var segments = key.Split(ConfigurationPath.KeyDelimiter);
            for (var j = 1; j < segments.Length; j++)
            {
                if (!IsIndex(segments[j])) continue;
                var list = string.Join(ConfigurationPath.KeyDelimiter, segments[..j]);
                for (var later = index + 1; later < order.Length; later++)
                    if (order[later] is { } provider && provider.Sets(list)) return true;
                return false;
            }
            return false;
        }

        /// Whether this source sets the list at <paramref name="path"/>: numbered children, or the list as empty (a JSON [] is
        /// the key with no value).
        bool Sets(string path) =>
            inner.GetChildKeys([], path).Any(IsIndex) || inner.TryGet(path, out var value) && string.IsNullOrEmpty(value) && !inner.GetChildKeys([], path).Any();

        static bool IsIndex(string segment) => segment.Length > 0 && segment.All(char.IsAsciiDigit);
    }
}
