using System.Text.RegularExpressions;
using AutoReply.Core.Library;
using AutoReply.Core.Privacy;
using AutoReply.Storage.Transcript;
using NodaTime;

namespace AutoReply.Service.Dialogs;

/// One group of unanswered DMs: their language and count, the ids to add them by, a few of them as examples (personal
/// data taken out, none from X), the answer they came closest to, and what agents answered them.
public sealed record GapClusterView(string Language, int Size, IReadOnlyList<string> MessageIds, IReadOnlyList<string> Examples,
    string? NearestAnswer, IReadOnlyList<string> AgentReplies);

public sealed record GapsReport(string From, string To, int Unanswered, IReadOnlyList<GapClusterView> Clusters);

/// What the library misses: the period's DMs the bot did not answer — no confident answer, out of scope, a repeated miss;
/// not an angry DM, which a person answers whatever the library holds —
/// and the DM a bot answered just before the customer asked for a person (the answer did not help), grouped by what
/// they ask (Core.Library.GapClustering), largest first.
public sealed partial class LibraryGaps(Storage.Database database, GapReads reads, LibrarySource library)
{
    /// At most this many DMs of a period are read: the newest. Enough to see what is missing; bounded work per request.
    public const int MaxMessages = 5_000;
    const int MaxExamples = 8, MaxAgentReplies = 3, MaxClusters = 100;

    static readonly HashSet<string> Missed = ["NoConfidentAnswer", "OutOfScope", "RepeatedMiss", "PartlyAnswered"];

    /// X's developer rules forbid training on X content: its DMs count in a gap, but never become examples.
    public const string NoExamplesFrom = "x";

    public GapsReport Report(Instant from, Instant to, string? language, string fromDate, string toDate)
    {
        var lib = library.Current;
        List<(DecidedDm Dm, string Text, string Language)> gaps = [];
        var seen = new HashSet<long>();
        using var db = database.Open();
        foreach (var dm in reads.Decided(from, to, MaxMessages, db))
        {
            var reason = ReasonOf(dm.Decision);
            // An angry DM goes to a person whatever the library holds (QA round 18 found them listed as gaps).
            var gap = Missed.Contains(reason) && !dm.Decision.Contains($"({Core.Handoffs.EscalationSignals.AngerHandOff}", StringComparison.Ordinal) ? dm
                : reason == "CustomerAskedForPerson" && reads.Previous(dm, db) is { } before && ReasonOf(before.Decision) == "Answered" ? before
                : null;
            if (gap is null || !seen.Add(gap.Seq)) continue;
            var text = Words(gap.Text);
            if (text.Length == 0) continue;
            var (detected, sure) = lib.Detector.Detect(text);
            var lang = sure >= 0.5 ? detected : lib.DefaultLanguage;
            if (language is not null && lang != language) continue;
            gaps.Add((gap, text, lang));
        }

        var byId = gaps.ToDictionary(g => g.Dm.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var clusters = GapClustering.Group(
            gaps.Select(g => new GapMessage(g.Dm.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), g.Text, g.Language)).ToList(),
            new Core.Matching.Stemmers());
        var views = clusters.Take(MaxClusters).Select(c =>
        {
            var members = c.Members.Select(m => byId[m.Id]).ToList();
            var examples = Examples(members.Select(m => (m.Dm, m.Text))).Take(MaxExamples).ToList();
            var agentReplies = members.Take(20).Select(m => reads.AgentReplyAfter(m.Dm, db)).OfType<string>().Distinct().Take(MaxAgentReplies).ToList();
            return new GapClusterView(c.Language, members.Count,
                members.Select(m => m.Dm.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
                examples, Nearest(lib, members.Select(m => (m.Text, m.Language))), agentReplies);
        }).ToList();
        return new GapsReport(fromDate, toDate, gaps.Count, views);
    }

    /// The texts of DMs as library examples: personal data out, none from X, no duplicates, none left empty.
    public static IEnumerable<string> Examples(IEnumerable<(DecidedDm Dm, string Text)> dms) =>
        dms.Where(d => d.Dm.Thread.Channel != NoExamplesFrom)
           .Select(d => PersonalData.Strip(d.Text, d.Dm.SenderName))
           .Where(t => t.Length >= 3 && t.Any(char.IsLetter))
           .Distinct(StringComparer.OrdinalIgnoreCase);

    /// The DM's words: its text without the "[image: …]" lines the transcript adds for attachments.
    public static string Words(string shown) =>
        string.Join(' ', shown.Split('\n').Where(l => !AttachmentLine().IsMatch(l))).Trim();

    /// The answer most members came closest to (the matcher's top candidate), when most agree.
    static string? Nearest(DialogLibrary lib, IEnumerable<(string Text, string Language)> members)
    {
        if (lib.Matcher is not { } matcher) return null;
        var tops = members.Take(50).Select(m => matcher.Match(m.Text, m.Language, 1, out _).FirstOrDefault()?.Label).OfType<string>().ToList();
        return tops.Count == 0 ? null : tops.CountBy(t => t).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;
    }

    /// "handoff: NoConfidentAnswer (…)" → "NoConfidentAnswer".
    static string ReasonOf(string decision) => DecisionLine().Match(decision) is { Success: true } m ? m.Groups[1].Value : "";

    [GeneratedRegex(@"^\w+: (\w+)")]
    private static partial Regex DecisionLine();

    [GeneratedRegex(@"^\[[\w-]+(?:: [^\]]*)?\]$")]
    private static partial Regex AttachmentLine();
}
