using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AutoReply.Core.Library;
using YamlDotNet.RepresentationModel;
using static AutoReply.Core.Library.LibraryLoader;

namespace AutoReply.Core.Dialogs;

/// Reads the flows: section of library files (see README, "Dialog flows"), reporting every problem with its line.
static class FlowReader
{
    static readonly string[] StepKinds = ["say", "ask", "branch", "set", "flow", "lookup", "handoff", "sale", "end"];

    /// A variable a flow text uses that no earlier step of its own flow saves: it may come from a flow it calls,
    /// which is only known once every file is read (see <see cref="CheckVariables"/>).
    public sealed record PendingVariable(string File, int Line, string Flow, string Variable, string What);

    public static void Read(LibraryFile file, YamlNode node, string defaultLanguage, Dictionary<string, Flow> flows, List<LibraryError> errors,
        List<PendingVariable> unresolved)
    {
        if (node is not YamlSequenceNode list) { errors.Add(At(file, node, "'flows' must be a list of flows (- id: ...)")); return; }
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode map) { errors.Add(At(file, item, "a flow must be a mapping with id and steps")); continue; }
            var fields = Fields(map);
            var id = Scalar(fields, "id");
            if (string.IsNullOrWhiteSpace(id)) { errors.Add(At(file, map, "a flow needs an id")); continue; }
            if (flows.TryGetValue(id, out var earlier))
            {
                errors.Add(At(file, fields["id"], $"duplicate flow id '{id}' (first at {earlier.File}:{earlier.Line})"));
                continue;
            }
            foreach (var unknown in fields.Keys.Except(["id", "version", "category", "on_interrupt", "on_lapse", "steps"]))
                errors.Add(At(file, KeyNode(map, unknown), $"flow '{id}': unknown field '{unknown}'"));
            var category = Scalar(fields, "category") ?? "service";
            if (!Answer.Categories.Contains(category)) errors.Add(At(file, fields["category"], $"flow '{id}': unknown category '{category}'"));
            var onInterrupt = Scalar(fields, "on_interrupt") ?? "resume";
            if (onInterrupt is not ("resume" or "end")) errors.Add(At(file, fields["on_interrupt"], $"flow '{id}': on_interrupt is resume or end"));
            var onLapse = Scalar(fields, "on_lapse");
            if (onLapse is not (null or "handoff" or "end")) errors.Add(At(file, fields["on_lapse"], $"flow '{id}': on_lapse is handoff or end"));
            if (!fields.TryGetValue("steps", out var stepsNode) || stepsNode is not YamlSequenceNode stepList || stepList.Children.Count == 0)
            {
                errors.Add(At(file, fields.GetValueOrDefault("steps") ?? map, $"flow '{id}' has no steps"));
                continue;
            }
            var version = Scalar(fields, "version") ?? Hash(file.Text, map);
            var known = new HashSet<string>(Answer.ReplyVariables);
            var steps = new List<FlowStep>();
            foreach (var (stepNode, index) in stepList.Children.Select((s, i) => (s, i)))
                if (ReadStep(file, stepNode, index, id, defaultLanguage, known, errors, unresolved) is { } step) steps.Add(step);

            foreach (var duplicate in steps.GroupBy(s => s.Id).Where(g => g.Count() > 1))
                errors.Add(new LibraryError(file.Path, duplicate.Last().Line, $"flow '{id}': duplicate step id '{duplicate.Key}'"));
            var ids = steps.Select(s => s.Id).ToHashSet();
            foreach (var lookup in steps.OfType<FlowStep.Lookup>().Where(l => l.OnFailure is not null && !ids.Contains(l.OnFailure)))
                errors.Add(new LibraryError(file.Path, lookup.Line, $"flow '{id}': on_failure goes to unknown step '{lookup.OnFailure}'"));
            foreach (var branch in steps.OfType<FlowStep.Branch>())
                foreach (var target in branch.Cases.Select(c => c.Goto).Append(branch.Otherwise).OfType<string>())
                    if (target != "end" && !ids.Contains(target))
                        errors.Add(new LibraryError(file.Path, branch.TargetLines.GetValueOrDefault(target, branch.Line),
                            $"flow '{id}': branch goes to unknown step '{target}'"));
            flows[id] = new Flow(id, version, category, onInterrupt == "resume", steps, file.Path, Line(fields["id"]))
            {
                HandsOffWhenLapsed = onLapse is null ? Flow.OnlyAPersonEnds(steps) : onLapse == "handoff",
            };
        }
    }

    static FlowStep? ReadStep(LibraryFile file, YamlNode node, int index, string flow, string defaultLanguage, HashSet<string> known,
        List<LibraryError> errors, List<PendingVariable> unresolved)
    {
        LocalizedText? Text(YamlNode textNode, string what) => FlowReader.Text(file, textNode, defaultLanguage, known, what, flow, errors, unresolved);
        if (node is not YamlMappingNode map) { errors.Add(At(file, node, $"flow '{flow}': a step is a mapping (say:, ask:, branch: …)")); return null; }
        var fields = Fields(map);
        var kinds = fields.Keys.Intersect(StepKinds).ToArray();
        if (kinds.Length != 1)
        {
            errors.Add(At(file, map, $"flow '{flow}': a step needs exactly one of {string.Join(", ", StepKinds)}"));
            return null;
        }
        var kind = kinds[0];
        var id = Scalar(fields, "id") ?? $"step-{index + 1}";
        var line = Line(map);
        var what = $"flow '{flow}' step '{id}'";
        switch (kind)
        {
            case "say":
                return Text(fields["say"], what) is { } say ? new FlowStep.Say(id, line, say) : null;
            case "ask":
            {
                var kindName = Scalar(fields, "ask") ?? "";
                if (!TryKind(kindName, out var valueKind))
                {
                    errors.Add(At(file, fields["ask"],
                        $"{what}: unknown value kind '{kindName}' (text, number, choice, yesno, datetime, phone, email, order_number, attachment)"));
                    return null;
                }
                var save = Scalar(fields, "save") ?? id;
                var prompt = fields.TryGetValue("prompt", out var p) ? Text(p, what + " prompt") : Missing(file, map, what + " needs a prompt", errors);
                var retry = fields.TryGetValue("retry", out var r) ? Text(r, what + " retry") : null;
                var attempts = int.TryParse(Scalar(fields, "attempts") ?? "3", out var n) && n is >= 1 and <= 10
                    ? n
                    : Bad(file, fields["attempts"], $"{what}: attempts is 1 to 10", errors);
                Regex? pattern = null;
                if (valueKind == ValueKind.OrderNumber)
                {
                    try { pattern = new Regex(Scalar(fields, "pattern") ?? @"\b[A-Za-z]{0,3}-?\d{4,10}\b", DialogRuntime.PatternOptions); }
                    catch (ArgumentException e) { errors.Add(At(file, fields["pattern"], $"{what}: pattern does not compile: {e.Message}")); }
                    catch (NotSupportedException e)
                    {
                        errors.Add(At(file, fields["pattern"],
                            $"{what}: pattern needs backtracking ({e.Message}); write it without, so that it runs in time linear in the DM"));
                    }
                }
                var choices = new Dictionary<string, IReadOnlyList<string>>();
                if (fields.TryGetValue("choices", out var c) && c is YamlMappingNode byLanguage)
                    foreach (var (k, v) in byLanguage.Children)
                        choices[((YamlScalarNode)k).Value!] = v is YamlSequenceNode s ? s.Children.Select(x => ((YamlScalarNode)x).Value ?? "").ToList() : [];
                if (valueKind == ValueKind.Choice && !choices.ContainsKey(defaultLanguage))
                    errors.Add(At(file, map, $"{what}: a choice needs choices in the default language '{defaultLanguage}'"));
                var within = Scalar(fields, "within");
                if (within is not null && (within != "business_hours" || valueKind != ValueKind.DateTime))
                    errors.Add(At(file, fields["within"], $"{what}: within is 'business_hours', and only for a datetime"));
                known.Add(save);
                return prompt is null ? null : new FlowStep.Ask(id, line, valueKind, prompt, retry, attempts, save, pattern, choices, within is not null);
            }
            case "branch":
            {
                if (fields["branch"] is not YamlSequenceNode cases)
                {
                    errors.Add(At(file, fields["branch"], $"{what}: branch is a list of {{ if: \"slot == value\", goto: step }} and {{ else: step }}"));
                    return null;
                }
                var list = new List<(string, string, string)>();
                var targetLines = new Dictionary<string, int>();
                string? otherwise = null;
                foreach (var caseNode in cases.Children.OfType<YamlMappingNode>())
                {
                    var f = Fields(caseNode);
                    if (Scalar(f, "else") is { } e) { otherwise = e; targetLines.TryAdd(e, Line(caseNode)); continue; }
                    var condition = Scalar(f, "if") ?? "";
                    var parts = condition.Split("==", 2, StringSplitOptions.TrimEntries);
                    if (parts.Length != 2 || Scalar(f, "goto") is not { } target)
                    {
                        errors.Add(At(file, caseNode, $"{what}: a case is {{ if: \"slot == value\", goto: step }}"));
                        continue;
                    }
                    if (!known.Contains(parts[0]) && !known.Contains(parts[0].Split('.')[0]))
                        errors.Add(At(file, caseNode, $"{what}: '{parts[0]}' is not saved by an earlier step"));
                    list.Add((parts[0], parts[1].Trim('"', '\''), target));
                    targetLines.TryAdd(target, Line(caseNode));
                }
                return new FlowStep.Branch(id, line, list, otherwise) { TargetLines = targetLines };
            }
            case "set":
            {
                if (fields["set"] is not YamlMappingNode values) { errors.Add(At(file, fields["set"], $"{what}: set maps variables to values")); return null; }
                var set = values.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? "", kv => (kv.Value as YamlScalarNode)?.Value ?? "");
                foreach (var k in set.Keys) known.Add(k);
                return new FlowStep.Set(id, line, set);
            }
            case "flow":
                return new FlowStep.Call(id, line, Scalar(fields, "flow") ?? "");
            case "lookup":
            {
                var name = Scalar(fields, "lookup");
                if (string.IsNullOrWhiteSpace(name))
                {
                    errors.Add(At(file, fields["lookup"], $"{what}: lookup names a configured lookup (Lookups:NAME:Url)"));
                    return null;
                }
                var save = Scalar(fields, "save") ?? name;
                known.Add(save);
                return new FlowStep.Lookup(id, line, name, save, Scalar(fields, "on_failure"));
            }
            case "sale":
            {
                var sale = fields["sale"] is YamlMappingNode sm ? Fields(sm) : [];
                var (orderId, value, currency) = (Scalar(sale, "order_id"), Scalar(sale, "value"), Scalar(sale, "currency"));
                if (string.IsNullOrWhiteSpace(orderId) || string.IsNullOrWhiteSpace(value) || string.IsNullOrWhiteSpace(currency))
                {
                    errors.Add(At(file, fields["sale"], $"{what}: sale needs order_id, value and currency (templates of the flow's variables allowed)"));
                    return null;
                }
                return new FlowStep.Sale(id, line, orderId, value, currency);
            }
            case "handoff":
            {
                var h = fields["handoff"] is YamlMappingNode hm ? Fields(hm) : [];
                var text = h.TryGetValue("say", out var sayNode) ? Text(sayNode, what + " handoff") : null;
                return new FlowStep.HandOff(id, line, text, Scalar(h, "reason") ?? flow, Scalar(h, "priority"));
            }
            default:
            {
                var text = fields["end"] is YamlMappingNode ? Text(fields["end"], what + " end") : null;
                return new FlowStep.End(id, line, text);
            }
        }
    }

    static LocalizedText? Text(LibraryFile file, YamlNode node, string defaultLanguage, HashSet<string> known, string what, string flow,
        List<LibraryError> errors, List<PendingVariable> unresolved)
    {
        if (node is not YamlMappingNode map) { errors.Add(At(file, node, $"{what} must map languages to texts (en: ..., de: ...)")); return null; }
        var texts = new Dictionary<string, Template>();
        foreach (var (k, v) in map.Children)
        {
            var language = ((YamlScalarNode)k).Value ?? "";
            if (!IsLanguageCode(language)) { errors.Add(At(file, k, $"'{language}' is not a language code")); continue; }
            var template = ReadTemplate(file, v, null, $"{what} ({language})", errors);
            if (template is null) continue;
            foreach (var variable in template.Variables.Select(x => x.Split(':', 2)[0]).Where(x => !known.Contains(x) && !known.Contains(x.Split('.')[0])))
                unresolved.Add(new PendingVariable(file.Path, Line(v), flow, variable, $"{what} ({language})"));
            texts[language] = template;
        }
        if (!texts.ContainsKey(defaultLanguage)) { errors.Add(At(file, map, $"{what} has no text in the default language '{defaultLanguage}'")); return null; }
        return new LocalizedText(texts, defaultLanguage);
    }

    /// Reports each pending variable that neither its flow nor a flow it calls (at any depth) saves or sets.
    public static void CheckVariables(IReadOnlyDictionary<string, Flow> flows, IEnumerable<PendingVariable> unresolved, List<LibraryError> errors)
    {
        HashSet<string> Provided(string id, HashSet<string> seen)
        {
            var names = new HashSet<string>();
            if (!seen.Add(id) || !flows.TryGetValue(id, out var flow)) return names;
            foreach (var step in flow.Steps)
            {
                if (step is FlowStep.Ask ask) names.Add(ask.Save);
                if (step is FlowStep.Lookup lookup) names.Add(lookup.Save);
                if (step is FlowStep.Set set) names.UnionWith(set.Values.Keys);
                if (step is FlowStep.Call call) names.UnionWith(Provided(call.Flow, seen));
            }
            return names;
        }
        foreach (var p in unresolved.Where(p => !Provided(p.Flow, []).Contains(p.Variable) && !Provided(p.Flow, []).Contains(p.Variable.Split('.')[0])))
            errors.Add(new LibraryError(p.File, p.Line,
                $"{p.What}: unknown variable '{{{p.Variable}}}' (not saved by a step of the flow or of a flow it calls, " +
                $"nor one of {string.Join(", ", Answer.ReplyVariables)})"));
    }

    static LocalizedText? Missing(LibraryFile file, YamlNode node, string reason, List<LibraryError> errors)
    {
        errors.Add(At(file, node, reason));
        return null;
    }

    static int Bad(LibraryFile file, YamlNode node, string reason, List<LibraryError> errors) { errors.Add(At(file, node, reason)); return 3; }

    static bool TryKind(string name, out ValueKind kind) => Enum.TryParse(name.Replace("_", ""), ignoreCase: true, out kind) && name.Length > 0;

    static Dictionary<string, YamlNode> Fields(YamlMappingNode map) => map.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? "", kv => kv.Value);

    static YamlNode KeyNode(YamlMappingNode map, string key) => map.Children.First(kv => ((YamlScalarNode)kv.Key).Value == key).Key;

    static string? Scalar(Dictionary<string, YamlNode> fields, string name) => fields.TryGetValue(name, out var n) && n is YamlScalarNode s ? s.Value : null;

    /// The flow's own text, hashed: any edit to it is a new version.
    static string Hash(string text, YamlNode node)
    {
        var start = (int)node.Start.Index;
        var end = Math.Min(text.Length, (int)node.End.Index);
        var slice = end > start ? text[start..end] : text;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(slice)))[..12];
    }
}
