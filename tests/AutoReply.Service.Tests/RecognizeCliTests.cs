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

/// The native build of the verb (src/AutoReply.Recognize, compiled ahead of time): it must say exactly what the verb says,
/// and the verb must hand a file over to it. Alone, after the other tests: a Native AOT publish takes both cores for a while.
[Collection(NativeRecognizeTests.Alone)]
public sealed class NativeRecognizeTests
{
    public const string Alone = "native recognize, alone";

    [Fact]
    public async Task The_native_build_gives_the_lines_the_verb_gives_and_the_verb_hands_a_file_to_it()
    {
        var dir = Repo.TempDirectory();
        var publish = await Cli.Program(Repo.Root, "dotnet", NoEnvironment, TimeSpan.FromMinutes(10), "publish", Path.Combine(Repo.Root, "src", "AutoReply.Recognize"),
            "-c", "Release", "-r", "linux-x64", "-o", Path.Combine(dir, "native"));
        Assert.True(publish.ExitCode == 0, publish.Output);
        var native = Path.Combine(dir, "native", "autoreply-recognize");

        var input = Path.Combine(dir, "in.jsonl");
        await File.WriteAllLinesAsync(input,
        [
            """{"id":1,"text":"Hi, please call me back tomorrow at 3pm on +49 171 2345678, it's about order A-1234 (paid €49.90).","culture":"en-us","ref":"2026-11-22T10:00:00"}""",
            """{"id":"b","text":"übermorgen gegen 10, Bestellnummer 20-55123, 1.234,50 €, 15 %","culture":"de-de","ref":"2026-11-22T10:00:00"}""",
            """{"id":"c","text":"voitteko soittaa ensi maanantaina klo 14, numero 040 1234567, joo","culture":"fi-fi"}""",
            """{"id":"d","text":"the 3rd works, in two weeks is too late; mail me at ana.muller@example.com"}""",
        ]);
        var inProcess = await Cli.Run(Repo.Root, new Dictionary<string, string> { ["AUTOREPLY_NATIVE_RECOGNIZE"] = "0" }, "recognize", "--jsonl", input);
        var handedOver = await Cli.Run(Repo.Root, new Dictionary<string, string> { ["AUTOREPLY_NATIVE_RECOGNIZE"] = native }, "recognize", "--jsonl", input);
        var direct = await Cli.Program(Repo.Root, native, NoEnvironment, TimeSpan.FromMinutes(2), "--jsonl", input);

        Assert.Equal(0, inProcess.ExitCode);
        Assert.Equal(4, inProcess.Output.Trim().Split('\n').Length);
        Assert.Contains("\"e164\":\"+491712345678\"", inProcess.Output);
        Assert.Equal((0, inProcess.Output), handedOver);
        Assert.Equal((0, inProcess.Output), direct);

        // A bad line is said the same way by both.
        await File.AppendAllLinesAsync(input, ["{not json"]);
        var bad = await Cli.Run(Repo.Root, new Dictionary<string, string> { ["AUTOREPLY_NATIVE_RECOGNIZE"] = native }, "recognize", "--jsonl", input);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("in.jsonl:5: not JSON", bad.Output);
        var missing = await Cli.Run(Repo.Root, new Dictionary<string, string> { ["AUTOREPLY_NATIVE_RECOGNIZE"] = Path.Combine(dir, "nowhere") }, "recognize", "--jsonl", input);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Output);
    }

    static readonly Dictionary<string, string> NoEnvironment = [];
}

[CollectionDefinition(NativeRecognizeTests.Alone, DisableParallelization = true)]
public sealed class NativeRecognizeCollection;
