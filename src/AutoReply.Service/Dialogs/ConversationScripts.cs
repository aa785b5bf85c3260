using System.Globalization;
using AutoReply.Core.Handoffs;
using AutoReply.Core.Library;
using NodaTime;
using NodaTime.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AutoReply.Service.Dialogs;

/// A conversation test of the library, as a content editor writes it in dialogs/tests/*.yaml: a start time in a zone,
/// a channel, stubbed flow lookups, and steps — what the customer writes and what the bot must answer, time jumps,
/// an agent's reply. Each step keeps its line, so a failure or a mistake in the file points at it.
public sealed record ConversationScript(string Name, string File, int Line, Instant Start, string Channel,
    IReadOnlyDictionary<string, LookupStub> Lookups, IReadOnlyList<ScriptStep> Steps);

/// A flow lookup's stubbed answer: found with fields, not found, or failed.
public sealed record LookupStub(Core.Engine.LookupOutcome Outcome, IReadOnlyDictionary<string, string> Fields);

public abstract record ScriptStep(int Line)
{
    /// The customer writes; the bot's replies (null: not checked), the decision's answer, reason and hand-off.
    public sealed record Customer(int Line, string Text, IReadOnlyList<ReplyExpectation>? Bot, string? Answer, string? Reason, HandOffExpectation? HandOff)
        : ScriptStep(Line);

    /// Time passes; the escalations then due for the open hand-off (null: not checked).
    public sealed record Advance(int Line, Duration By, IReadOnlyList<string>? Escalations) : ScriptStep(Line);

    /// A person from the team replies; whether the platform lets it go ("sent") or it is held (Meta's windows).
    public sealed record Agent(int Line, string Text, string? Delivery) : ScriptStep(Line);
}

/// What one reply must be: its kind, its whole text or parts of it, its quick replies.
public sealed record ReplyExpectation(int Line, string? Kind, string? Text, IReadOnlyList<string> Contains, IReadOnlyList<string>? QuickReplies);

/// The hand-off a step must make (or, with <see cref="None"/>, must not).
public sealed record HandOffExpectation(int Line, bool None, string? Reason, string? Category, string? Priority);

/// A mistake in a test file, at its line: the file cannot be run as written.
public sealed record ScriptError(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

/// Reads conversation test files. Every mistake is reported with its file and line, and nothing of a file with a
/// mistake runs: a test that silently checks less than its author meant is worse than none.
public static class ConversationScriptReader
{
    static readonly string[] TestKeys = ["name", "start", "channel", "lookups", "steps"];
    static readonly string[] CustomerKeys = ["customer", "bot", "answer", "reason", "handoff"];
    static readonly string[] ReplyKeys = ["kind", "text", "contains", "quick_replies"];
    static readonly string[] HandOffKeys = ["reason", "category", "priority"];
    static readonly string[] Kinds = ["answer", "ack", "dialog", "notice", "disclosure"];

    public static (IReadOnlyList<ConversationScript> Scripts, IReadOnlyList<ScriptError> Errors) Read(string file, string text, DateTimeZone defaultZone)
    {
        var errors = new List<ScriptError>();
        var scripts = new List<ConversationScript>();
        YamlStream stream = new();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            return ([], [new ScriptError(file, (int)e.Start.Line, "YAML syntax: " + e.Message)]);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue("tests", out var testsNode) || testsNode is not YamlSequenceNode tests)
            return ([], [new ScriptError(file, 1, "a test file is a mapping with 'tests:', a list of conversations")]);
        foreach (var node in tests)
        {
            var reader = new NodeReader(file, errors);
            if (reader.Test(node, defaultZone) is { } script) scripts.Add(script);
        }
        return (errors.Count > 0 ? [] : scripts, errors);
    }

    sealed class NodeReader(string file, List<ScriptError> errors)
    {
        int Line(YamlNode n) => (int)n.Start.Line;

        void Error(YamlNode at, string message) => errors.Add(new ScriptError(file, Line(at), message));

        YamlMappingNode? Mapping(YamlNode node, string what, string[] keys)
        {
            if (node is not YamlMappingNode map) { Error(node, $"{what}: expected a mapping ({string.Join(", ", keys)})"); return null; }
            foreach (var key in map.Children.Keys)
                if (!keys.Contains(key.ToString())) Error(key, $"{what}: unknown key '{key}' (expected {string.Join(", ", keys)})");
            return map;
        }

        string? Scalar(YamlMappingNode map, string key, string what, bool required = false)
        {
            if (!map.Children.TryGetValue(key, out var value))
            {
                if (required) Error(map, $"{what}: '{key}' is required");
                return null;
            }
            if (value is YamlScalarNode s && s.Value is { } v) return v;
            Error(value, $"{what}: '{key}' must be a single value");
            return null;
        }

        IReadOnlyList<string>? Strings(YamlMappingNode map, string key, string what)
        {
            if (!map.Children.TryGetValue(key, out var value)) return null;
            if (value is YamlScalarNode one && one.Value is { } v) return [v];
            if (value is YamlSequenceNode list && list.All(i => i is YamlScalarNode { Value: not null }))
                return list.Select(i => ((YamlScalarNode)i).Value!).ToList();
            Error(value, $"{what}: '{key}' must be a text or a list of texts");
            return null;
        }

        public ConversationScript? Test(YamlNode node, DateTimeZone defaultZone)
        {
            var before = errors.Count;
            if (Mapping(node, "test", TestKeys) is not { } map) return null;
            var name = Scalar(map, "name", "test", required: true) ?? $"test at line {Line(node)}";
            var what = $"test \"{name}\"";
            var start = Scalar(map, "start", what, required: true) is { } s ? Start(map.Children["start"], s, defaultZone, what) : null;
            var channel = Scalar(map, "channel", what) ?? "generic";
            if (!Channels.ChannelNames.IsKnown(channel)) Error(map.Children["channel"], $"{what}: channel '{channel}' is not one of {string.Join(", ", Channels.ChannelNames.All)}");
            var lookups = map.Children.TryGetValue("lookups", out var l) ? Lookups(l, what) : new Dictionary<string, LookupStub>();
            var steps = new List<ScriptStep>();
            if (!map.Children.TryGetValue("steps", out var stepsNode) || stepsNode is not YamlSequenceNode stepList || stepList.Children.Count == 0)
                Error(map, $"{what}: 'steps' is required: a list of customer, advance and agent steps");
            else
                foreach (var step in stepList) if (Step(step, what) is { } parsed) steps.Add(parsed);
            return errors.Count > before || start is null ? null : new ConversationScript(name, file, Line(node), start.Value, channel, lookups, steps);
        }

        /// "2026-11-24 10:00 Europe/Berlin" (the zone is optional: the business hours' zone).
        Instant? Start(YamlNode at, string value, DateTimeZone defaultZone, string what)
        {
            var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var zone = defaultZone;
            if (parts.Length == 3 || (parts.Length == 2 && !parts[1].Contains(':')))
            {
                zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(parts[^1])!;
                if (zone is null) { Error(at, $"{what}: unknown time zone '{parts[^1]}'"); return null; }
                parts = parts[..^1];
            }
            var local = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm").Parse(string.Join(' ', parts).Replace('T', ' '));
            if (!local.Success) { Error(at, $"{what}: start '{value}' is not a time like 2026-11-24 10:00 Europe/Berlin"); return null; }
            return local.Value.InZoneLeniently(zone).ToInstant();
        }

        Dictionary<string, LookupStub> Lookups(YamlNode node, string what)
        {
            var stubs = new Dictionary<string, LookupStub>();
            if (node is not YamlMappingNode map)
            {
                Error(node, $"{what}: 'lookups' maps a lookup's name to found: {{fields}}, not_found or failed");
                return stubs;
            }
            foreach (var (key, value) in map.Children)
            {
                var name = key.ToString();
                if (value is YamlScalarNode { Value: "not_found" })
                    stubs[name] = new LookupStub(Core.Engine.LookupOutcome.NotFound, new Dictionary<string, string>());
                else if (value is YamlScalarNode { Value: "failed" })
                    stubs[name] = new LookupStub(Core.Engine.LookupOutcome.Failed, new Dictionary<string, string>());
                else if (value is YamlMappingNode found && found.Children.Count == 1 && found.Children.TryGetValue("found", out var fields)
                         && fields is YamlMappingNode f && f.Children.All(kv => kv.Value is YamlScalarNode { Value: not null }))
                    stubs[name] = new LookupStub(Core.Engine.LookupOutcome.Found,
                        f.Children.ToDictionary(kv => kv.Key.ToString(), kv => ((YamlScalarNode)kv.Value).Value!));
                else Error(value, $"{what}: lookup '{name}' must be found: {{field: value, …}}, not_found or failed");
            }
            return stubs;
        }

        ScriptStep? Step(YamlNode node, string what)
        {
            if (node is not YamlMappingNode map) { Error(node, $"{what}: a step is a mapping: customer:, advance: or agent:"); return null; }
            var line = Line(node);
            if (map.Children.ContainsKey("customer"))
            {
                if (Mapping(node, $"{what} step", CustomerKeys) is null) return null;
                var text = Scalar(map, "customer", what) ?? "";
                IReadOnlyList<ReplyExpectation>? bot = null;
                if (map.Children.TryGetValue("bot", out var b))
                {
                    if (b is YamlScalarNode { Value: "silence" }) bot = [];
                    else if (b is YamlSequenceNode replies) bot = replies.Select(r => Reply(r, what)).OfType<ReplyExpectation>().ToList();
                    else Error(b, $"{what}: 'bot' is 'silence' or a list of replies");
                }
                HandOffExpectation? handOff = null;
                if (map.Children.TryGetValue("handoff", out var h))
                {
                    if (h is YamlScalarNode { Value: "none" or "false" or "no" }) handOff = new HandOffExpectation(Line(h), true, null, null, null);
                    else if (Mapping(h, $"{what} handoff", HandOffKeys) is { } hm)
                    {
                        var priority = Scalar(hm, "priority", what);
                        if (priority is not null && !PriorityNames.All.Contains(priority))
                            Error(hm.Children["priority"], $"{what}: priority '{priority}' is not one of {string.Join(", ", PriorityNames.All)}");
                        handOff = new HandOffExpectation(Line(h), false, Scalar(hm, "reason", what), Scalar(hm, "category", what), priority);
                    }
                }
                var reason = Scalar(map, "reason", what);
                if (reason is not null && !Enum.TryParse<Core.Engine.Reason>(reason, ignoreCase: true, out _))
                    Error(map.Children["reason"], $"{what}: reason '{reason}' is not one of {string.Join(", ", Enum.GetNames<Core.Engine.Reason>())}");
                return new ScriptStep.Customer(line, text, bot, Scalar(map, "answer", what), reason, handOff);
            }
            if (map.Children.ContainsKey("advance"))
            {
                if (Mapping(node, $"{what} step", ["advance", "escalations"]) is null) return null;
                var by = Scalar(map, "advance", what) is { } d ? Duration(map.Children["advance"], d, what) : null;
                var escalations = map.Children.TryGetValue("escalations", out var e)
                    ? e is YamlScalarNode { Value: "none" } ? [] : Strings(map, "escalations", what)
                    : null;
                return by is { } duration ? new ScriptStep.Advance(line, duration, escalations) : null;
            }
            if (map.Children.ContainsKey("agent"))
            {
                if (Mapping(node, $"{what} step", ["agent", "delivery"]) is null) return null;
                var delivery = Scalar(map, "delivery", what);
                if (delivery is not null and not ("sent" or "held")) Error(map.Children["delivery"], $"{what}: delivery is 'sent' or 'held'");
                return new ScriptStep.Agent(line, Scalar(map, "agent", what) ?? "", delivery);
            }
            Error(node, $"{what}: a step is customer:, advance: or agent:");
            return null;
        }

        ReplyExpectation? Reply(YamlNode node, string what)
        {
            if (node is YamlScalarNode { Value: { } contains }) return new ReplyExpectation(Line(node), null, null, [contains], null);
            if (Mapping(node, $"{what} reply", ReplyKeys) is not { } map) return null;
            var kind = Scalar(map, "kind", what);
            if (kind is not null && !Kinds.Contains(kind)) Error(map.Children["kind"], $"{what}: reply kind '{kind}' is not one of {string.Join(", ", Kinds)}");
            return new ReplyExpectation(Line(node), kind, Scalar(map, "text", what), Strings(map, "contains", what) ?? [], Strings(map, "quick_replies", what));
        }

        /// "3h", "30m", "2d", "1d 4h", "45s".
        Duration? Duration(YamlNode at, string value, string what)
        {
            var total = NodaTime.Duration.Zero;
            var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var part in parts)
            {
                if (part.Length < 2 || !int.TryParse(part[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    Error(at, $"{what}: advance '{value}' is not a duration like 3h, 30m, 2d or 1d 4h");
                    return null;
                }
                switch (part[^1])
                {
                    case 'd': total += NodaTime.Duration.FromDays(n); break;
                    case 'h': total += NodaTime.Duration.FromHours(n); break;
                    case 'm': total += NodaTime.Duration.FromMinutes(n); break;
                    case 's': total += NodaTime.Duration.FromSeconds(n); break;
                    default: Error(at, $"{what}: advance '{value}': unit '{part[^1]}' is not d, h, m or s"); return null;
                }
            }
            if (parts.Length == 0) { Error(at, $"{what}: advance needs a duration"); return null; }
            return total;
        }
    }
}
