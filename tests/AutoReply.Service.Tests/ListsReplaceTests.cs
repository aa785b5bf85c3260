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

    /// A list of objects merges element by element and key by key: a page's access token from the environment beside its
    /// id in appsettings.json (a review found the id wiped when lists of objects were replaced too).
    [Fact]
    public void A_list_of_objects_merges_key_by_key_and_an_untouched_list_stays()
    {
        var config = Build("""{ "Escalation": { "Tiers": [ { "Name": "owner" } ] } }""", ("Escalation:Tiers:2:Email:0", "head@example.com"));
        var tiers = config.GetSection("Escalation:Tiers").GetChildren().ToList();
        Assert.Equal(["owner", "lead", "head"], tiers.Select(t => t["Name"] ?? "").ToArray());
        Assert.Equal(("support", "head@example.com"), (tiers[0]["Team"], tiers[2]["Email:0"]));
        Assert.Equal(["2026-12-24", "2026-12-25", "2026-12-26"], Holidays(config));
    }

    /// A list of values inside a list of objects is a list too: tier 2's e-mails set later replace its e-mails before.
    [Fact]
    public void A_list_of_values_inside_an_object_of_a_list_is_replaced_whole()
    {
        var config = Build("""{ "Escalation": { "Tiers": [ {}, { "Email": [ "a@example.com", "b@example.com" ] } ] } }""",
            ("Escalation:Tiers:1:Email:0", "c@example.com"));
        Assert.Equal(["c@example.com"], config.GetSection("Escalation:Tiers:1:Email").Get<string[]>() ?? []);
        Assert.Equal("lead", config["Escalation:Tiers:1:Name"]);
    }

    [Fact]
    public void The_last_source_that_sets_a_list_wins()
    {
        var config = Build("""{ "BusinessHours": { "Holidays": [ "2026-12-06", "2026-12-08" ] } }""", ("BusinessHours:Holidays:0", "2027-01-06"));
        Assert.Equal(["2027-01-06"], Holidays(config));
    }
}
