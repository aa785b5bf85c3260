using System.Text.Json;
using AutoReply.Service.Tests.Harness;

namespace AutoReply.Service.Tests;

/// `autoreply recognize`, as a tool that compares with Microsoft Recognizers line by line.
public sealed class RecognizeCliTests
{
    [Fact]
    public async Task Jsonl_in_gives_one_line_per_input_with_types_spans_and_resolutions()
    {
        var dir = Repo.TempDirectory();
        var input = Path.Combine(dir, "in.jsonl");
        await File.WriteAllLinesAsync(input,
        [
            """{"id":"a","text":"call me tomorrow at 3pm","culture":"en-us","ref":"2026-11-22T10:00:00"}""",
            """{"id":"b","text":"übermorgen um 15 Uhr, 1.234,50 €","culture":"de-de","ref":"2026-11-22T10:00:00"}""",
            """{"id":"c","text":"nothing here","culture":"en-us","ref":"2026-11-22T10:00:00"}""",
        ]);

        var (exit, output) = await Cli.Run(Repo.Root, "recognize", "--jsonl", input);

        Assert.Equal(0, exit);
        var lines = output.Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["a", "b", "c"], lines.Select(l => l.GetProperty("id").GetString()));
        var a = Assert.Single(lines[0].GetProperty("entities").EnumerateArray());
        Assert.Equal("datetimeV2.datetime", a.GetProperty("type").GetString());
        Assert.Equal((8, 22), (a.GetProperty("start").GetInt32(), a.GetProperty("end").GetInt32()));
        var value = a.GetProperty("resolution").GetProperty("values")[0];
        Assert.Equal("2026-11-23T15", value.GetProperty("timex").GetString());
        Assert.Equal("2026-11-23 15:00:00", value.GetProperty("value").GetString());
        var b = lines[1].GetProperty("entities").EnumerateArray().ToArray();
        Assert.Equal(["datetimeV2.datetime", "currency"], b.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("1234.50", b[1].GetProperty("resolution").GetProperty("value").GetString());
        Assert.Equal("EUR", b[1].GetProperty("resolution").GetProperty("isoCurrency").GetString());
        Assert.Empty(lines[2].GetProperty("entities").EnumerateArray());
    }

    [Fact]
    public async Task A_single_text_prints_one_json_line_per_entity()
    {
        var (exit, output) = await Cli.Run(Repo.Root, "recognize", "ja gerne, ruf mich unter 0171 2345678 an", "--lang", "de", "--ref", "2026-11-22T10:00");
        Assert.Equal(0, exit);
        var types = output.Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement.GetProperty("type").GetString());
        Assert.Equal(["boolean", "phonenumber"], types);
    }

    [Fact]
    public async Task A_bad_line_is_reported_with_its_line_number()
    {
        var input = Path.Combine(Repo.TempDirectory(), "bad.jsonl");
        await File.WriteAllLinesAsync(input, ["""{"id":"a","text":"hi"}""", "{not json"]);
        var (exit, output) = await Cli.Run(Repo.Root, "recognize", "--jsonl", input);
        Assert.Equal(2, exit);
        Assert.Contains("bad.jsonl:2: not JSON", output);
    }
}
