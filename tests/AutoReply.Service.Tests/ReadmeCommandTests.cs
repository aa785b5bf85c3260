using System.Text;
using AutoReply.Service.Tests.Harness;

namespace AutoReply.Service.Tests;

/// The README's command-line examples, run as written (`./autoreply VERB …` is the built autoreply.dll with the same
/// arguments, from the repository root), their output compared with what the README shows: a shown line ending in "…"
/// up to the "…", every other line exactly. An example whose output the README does not show must exit 0.
public sealed class ReadmeCommandTests
{
    public static TheoryData<int, string> Examples()
    {
        var data = new TheoryData<int, string>();
        var lines = File.ReadAllLines(Path.Combine(Repo.Root, "README.md"));
        for (var i = 0; i < lines.Length; i++)
            if (lines[i].StartsWith("    ./autoreply ", StringComparison.Ordinal)) data.Add(i + 1, lines[i].Trim());
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task A_README_example_runs_as_written(int line, string command)
    {
        var readme = File.ReadAllLines(Path.Combine(Repo.Root, "README.md"));
        var shown = readme.Skip(line).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal) && !l.TrimStart().StartsWith("./autoreply ", StringComparison.Ordinal))
            .Select(l => l[4..]).ToList();
        var (exit, output) = await Cli.Run(Repo.Root, Words(command["./autoreply ".Length..]).ToArray());
        Assert.True(exit == 0, $"README.md:{line}: `{command}` exited {exit}:\n{output}");
        var got = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        for (var i = 0; i < shown.Count; i++)
        {
            Assert.True(i < got.Count, $"README.md:{line + 1 + i}: expected \"{shown[i]}\", the output ended:\n{output}");
            if (shown[i].EndsWith('…')) Assert.StartsWith(shown[i][..^1], got[i]);
            else Assert.Equal(shown[i], got[i]);
        }
    }

    /// Words as a POSIX shell splits this README's commands: on spaces, with "double quotes" keeping one word.
    static IEnumerable<string> Words(string command)
    {
        var word = new StringBuilder();
        var quoted = false;
        var inWord = false;
        foreach (var c in command)
        {
            if (c == '"') { quoted = !quoted; inWord = true; }
            else if (c == ' ' && !quoted)
            {
                if (inWord) yield return word.ToString();
                word.Clear();
                inWord = false;
            }
            else { word.Append(c); inWord = true; }
        }
        if (inWord) yield return word.ToString();
    }
}
