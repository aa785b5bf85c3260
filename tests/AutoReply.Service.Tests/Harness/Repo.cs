namespace AutoReply.Service.Tests.Harness;

/// Paths in the repository the tests run from.
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Dialogs => Path.Combine(Root, "dialogs");

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AutoReply.sln"))) return dir.FullName;
        throw new InvalidOperationException("tests must run inside the AutoReply repository");
    }

    /// A fresh directory for one test's database, removed when the test is disposed.
    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "autoreply-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
