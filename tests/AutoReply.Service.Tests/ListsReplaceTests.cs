using System.Text;
using AutoReply.Service.Configuration;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace AutoReply.Service.Tests;

/// A list set in a later configuration source replaces the list of the sources before it, instead of overwriting it
/// element by element (QA rounds 29–31: a brand's ten holidays over the shipped fifteen kept five of the sample shop's).
public class ListsReplaceTests
{
    const string Defaults = """
        {
          "BusinessHours": { "TimeZone": "Europe/Berlin", "Holidays": [ "2026-12-24", "2026-12-25", "2026-12-26" ] },
          "Escalation": { "Tiers": [ { "Name": "team", "Team": "support" }, { "Name": "lead" }, { "Name": "head" } ] }
        }
        """;

    static IConfiguration Build(string brand, params (string Key, string Value)[] commandLine)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Defaults)))
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(brand)))
            .AddInMemoryCollection(commandLine.ToDictionary(c => c.Key, c => (string?)c.Value));
        ListsReplace.Apply(builder);
        return builder.Build();
    }

    static string[] Holidays(IConfiguration config) => config.GetSection("BusinessHours:Holidays").Get<string[]>() ?? [];

    [Fact]
    public void A_shorter_list_in_a_later_source_replaces_the_whole_list()
    {
        var config = Build("""{ "BusinessHours": { "Holidays": [ "2026-12-06" ] } }""");
        Assert.Equal(["2026-12-06"], Holidays(config));
        // objects still merge key by key
        Assert.Equal("Europe/Berlin", config["BusinessHours:TimeZone"]);
    }

    [Fact]
    public void An_empty_list_replaces_the_list_with_none()
    {
        Assert.Empty(Holidays(Build("""{ "BusinessHours": { "Holidays": [] } }""")));
    }

    [Fact]
    public void A_list_of_objects_is_replaced_whole_and_an_untouched_list_stays()
    {
        var config = Build("""{ "Escalation": { "Tiers": [ { "Name": "owner" } ] } }""");
        var tiers = config.GetSection("Escalation:Tiers").GetChildren().ToList();
        Assert.Equal(["owner"], tiers.Select(t => t["Name"] ?? "").ToArray());
        Assert.Null(tiers[0]["Team"]);
        Assert.Equal(["2026-12-24", "2026-12-25", "2026-12-26"], Holidays(config));
    }

    [Fact]
    public void The_last_source_that_sets_a_list_wins()
    {
        var config = Build("""{ "BusinessHours": { "Holidays": [ "2026-12-06", "2026-12-08" ] } }""", ("BusinessHours:Holidays:0", "2027-01-06"));
        Assert.Equal(["2027-01-06"], Holidays(config));
    }
}
