using AutoReply.Core.Engine;
using AutoReply.Core.Messages;
using AutoReply.Core.Threads;
using NodaTime;

namespace AutoReply.Core.Tests;

/// Every DM of the signal sets (some 5,000, en/de/fi, angry, calm, requests, stops, bot questions) is decided without the
/// engine throwing, on the sample library and on a QA round's: the session-51 review found a DM ending in "… vai ei" threw
/// (a complaint phrase read past the last word). The service hands such a DM to a person after the failure; `ask` crashed.
public sealed class EngineRobustnessTests
{
    public static TheoryData<string> Libraries => ["", "qa56-cottages", "qa57-print-shop"];

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Every_dm_of_the_signal_sets_is_decided_without_throwing(string name)
    {
        var library = name == "" ? SampleLibrary.Shop : SampleLibrary.Judgement(name);
        var engine = new ConversationEngine(FlowTests.Settings);
        var now = BusinessHoursTests.At("2026-11-24T10:00:00");
        var texts = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Signals"), "*.tsv", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadLines(f).Skip(1)).Select(l => l.Split('\t')[0]).Where(t => t.Length > 0).Distinct().ToList();
        Assert.True(texts.Count > 3000, $"{texts.Count} DMs");
        var failed = new List<string>();
        foreach (var text in texts)
        {
            var key = new ThreadKey("test", "t");
            try
            {
                engine.Handle(new Turn(new InboundMessage(key, "m", new Sender("u", null), text, now, now), ConversationState.New(key),
                    ContactState.New("test", "u"), library, now));
            }
            catch (Exception e)
            {
                failed.Add($"{text} → {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(failed.Count == 0, string.Join("\n", failed.Take(10)));
    }
}
