using AutoReply.Core.Library;
using AutoReply.Core.Matching;
using AutoReply.Core.Privacy;

namespace AutoReply.Core.Tests;

/// Unanswered DMs grouped by what they ask, across paraphrases and typos, per language; and what of a DM may become an example.
public class GapClusteringTests
{
    static readonly string[] WrappingEn =
    [
        "do you offer gift wrapping?", "can you gift wrap my order", "is giftwrapping possible for a birthday present",
        "could u wrap it as a gift pls", "gift wrap available?? its for my mum", "can I get the parcel wrapped as a present",
    ];
    static readonly string[] WrappingDe =
    [
        "bietet ihr geschenkverpackung an?", "könnt ihr das als geschenk verpacken", "kann man die bestellung als geschenk einpacken lassen",
        "gibts geschenkpapier bei euch", "bitte als geschenk verpackt schicken, ist für meine oma", "geschenkverpackung möglich?",
    ];
    static readonly string[] Unrelated =
    [
        "are you hiring warehouse staff", "my cat loves your instagram", "what's the weather in berlin", "do you have a shop in vienna",
        "can I pay with bitcoin", "I need a receipt for my taxes", "is the jacket waterproof", "wie lange habt ihr samstags offen",
    ];

    [Fact]
    public void Paraphrases_of_a_missing_topic_form_one_group_per_language_and_the_rest_stays_apart()
    {
        var messages = WrappingEn.Select((t, i) => new GapMessage($"en-{i}", t, "en"))
            .Concat(WrappingDe.Select((t, i) => new GapMessage($"de-{i}", t, "de")))
            .Concat(Unrelated.Select((t, i) => new GapMessage($"x-{i}", t, i == Unrelated.Length - 1 ? "de" : "en")))
            .ToList();

        var clusters = GapClustering.Group(messages, new Stemmers());

        foreach (var language in new[] { "en", "de" })
        {
            var wrapping = clusters.Where(c => c.Language == language).OrderByDescending(c => c.Members.Count(m => m.Id.StartsWith(language + "-"))).First();
            var hits = wrapping.Members.Count(m => m.Id.StartsWith(language + "-"));
            Assert.True(hits >= 5, $"{language}: {hits} of 6 paraphrases together; groups: {string.Join(" // ", clusters.Select(c => string.Join(" | ", c.Members.Select(m => m.Text))))}");
            Assert.True(hits / (double)wrapping.Members.Count >= 0.8, $"{language}: purity {hits}/{wrapping.Members.Count}: {string.Join(" | ", wrapping.Members.Select(m => m.Text))}");
        }
        Assert.Equal(clusters.Max(c => c.Members.Count), clusters[0].Members.Count);   // largest first
    }

    [Theory]
    [InlineData("where is order A-7731? mail me at ana.b@example.com", "Ana B", "where is order ? mail me at")]
    [InlineData("call me on +49 151 2345678 pls", null, "call me on pls")]
    [InlineData("Hi, Ana Berg here, see https://shop.example/p/12 @anab", "Ana Berg", "Hi, here, see")]
    public void What_identifies_a_person_is_taken_out_of_an_example(string dm, string? sender, string expected) =>
        Assert.Equal(expected, PersonalData.Strip(dm, sender));
}
