using AutoReply.Core.Library;

namespace AutoReply.Core.Tests;

/// The shop library shipped in dialogs/, loaded once for all tests.
static class SampleLibrary
{
    static readonly Lazy<DialogLibrary> Loaded = new(() =>
    {
        var result = LibraryLoader.Load(Files(), "en");
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        return result.Library!;
    });

    /// The library's files (not its conversation tests), each named by its path; <paramref name="edit"/> may change a
    /// file's text on the way (given the file name and the text), for a test of a library a little different from the shop's.
    /// <paramref name="folder"/>: another library of the repository (a judgement library, "tests/judgement/sportshop").
    public static IEnumerable<LibraryFile> Files(Func<string, string, string>? edit = null, string folder = "dialogs")
    {
        var dir = Path.Combine(RepoRoot(), folder);
        return Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(dir, f).StartsWith("tests" + Path.DirectorySeparatorChar, StringComparison.Ordinal))   // conversation tests, not library files
            .Select(f => new LibraryFile(f, edit is null ? File.ReadAllText(f) : edit(Path.GetFileName(f), File.ReadAllText(f))));
    }

    public static DialogLibrary Shop => Loaded.Value;

    /// A library of the judgement benchmark (tests/judgement/<paramref name="name"/>), loaded as the service loads it.
    public static DialogLibrary Judgement(string name, Matching.TrainingSettings? training = null)
    {
        var result = LibraryLoader.Load(Files(folder: Path.Combine("tests", "judgement", name)), "en", training);
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        return result.Library!;
    }

    public static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "AutoReply.sln"))) return d.FullName;
        throw new InvalidOperationException("not in the repository");
    }
}
