using System.Diagnostics;

namespace AutoReply.Service.Tests.Harness;

/// Runs the built autoreply executable with a verb, as an operator would, and returns its exit code and output.
public static class Cli
{
    public static Task<(int ExitCode, string Output)> Run(string workingDirectory, params string[] args) =>
        Run(workingDirectory, new Dictionary<string, string>(), args);

    public static Task<(int ExitCode, string Output)> Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Program(workingDirectory, "dotnet", environment, TimeSpan.FromMinutes(2), [Path.Combine(AppContext.BaseDirectory, "autoreply.dll"), .. args]);

    /// Any program, with its exit code and output (standard output, then standard error).
    public static async Task<(int ExitCode, string Output)> Program(string workingDirectory, string program,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment) info.Environment[name] = value;
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(timeout);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// A copy of the repository's dialogs/ that a test may edit.
    public static string CopyOfDialogs()
    {
        var target = Path.Combine(Repo.TempDirectory(), "dialogs");
        foreach (var file in Directory.EnumerateFiles(Repo.Dialogs, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Repo.Dialogs, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }
}
