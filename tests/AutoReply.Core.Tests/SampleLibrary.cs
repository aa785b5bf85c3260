using AutoReply.Core.Library;

namespace AutoReply.Core.Tests;

/// The shop library shipped in dialogs/, loaded once for all tests.
static class SampleLibrary
{
    static readonly Lazy<DialogLibrary> Loaded = new(() =>
    {
        var dir = Path.Combine(RepoRoot(), "dialogs");
        var files = Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(dir, f).StartsWith("tests" + Path.DirectorySeparatorChar, StringComparison.Ordinal))   // conversation tests, not library files
            .Select(f => new LibraryFile(f, File.ReadAllText(f)));
        var result = LibraryLoader.Load(files, "en");
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        return result.Library!;
    });

    public static DialogLibrary Shop => Loaded.Value;

    public static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "AutoReply.sln"))) return d.FullName;
        throw new InvalidOperationException("not in the repository");
    }
}
