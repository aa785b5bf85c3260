using AutoReply.Service.Configuration;
using Microsoft.Extensions.Options;

namespace AutoReply.Service.Dialogs;

/// What applying an edit came to: no errors (written), the library's errors with it, or stale: the file changed since
/// the edit was prepared (another edit, or a person, got there first).
public sealed record EditResult(IReadOnlyList<string> Errors, bool Stale);

/// Writes an edit to the library on disk, only when the whole library with it loads as `autoreply check` would load it:
/// checked in a copy first, then written in one move (a reader never sees half a file), then reloaded at once. One
/// edit at a time. In a cluster each instance has its own dialogs/: edit through each, or deploy the files.
public sealed class LibraryEditor(IOptions<DialogOptions> options, LibraryWatcher watcher, ILogger<LibraryEditor> log)
{
    readonly SemaphoreSlim one = new(1, 1);

    public string Directory => options.Value.Path;

    /// The library's errors with the edit made (none: it may be applied).
    public IReadOnlyList<string> Check(LibraryEdit edit)
    {
        var copy = Path.Combine(Path.GetTempPath(), "autoreply-edit-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories))
            {
                var to = Path.Combine(copy, Path.GetRelativePath(Directory, file));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
            }
            var edited = Path.Combine(copy, Path.GetRelativePath(Directory, edit.File));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(edited)!);
            File.WriteAllText(edited, edit.After);
            var result = LibraryFiles.LoadDirectory(copy, options.Value.DefaultLanguage, LibraryFiles.Training(options.Value));
            return result.Errors.Select(e => (e with { File = InLibrary(e.File, copy) }).ToString()).ToList();
        }
        finally
        {
            try { System.IO.Directory.Delete(copy, recursive: true); } catch (IOException) { }
        }
    }

    /// An error's file named as the operator knows it, in the library's directory (the loader names files relative to the
    /// working directory, so the copy's would read "../tmp/autoreply-edit-…/answers/x.yaml").
    string InLibrary(string file, string copy)
    {
        var relative = Path.GetRelativePath(copy, Path.GetFullPath(file));
        return relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? file
            : Path.Combine(Directory, relative);
    }

    /// Checks, writes and reloads; the errors when the library would not load with the edit, or the file changed since
    /// the edit was prepared (nothing written then).
    public async Task<EditResult> Apply(LibraryEdit edit, CancellationToken ct)
    {
        await one.WaitAsync(ct);
        try
        {
            var current = File.Exists(edit.File) ? await File.ReadAllTextAsync(edit.File, ct) : "";
            if (current != edit.Before) return new EditResult([$"{edit.File} changed since the edit was prepared; prepare it again"], Stale: true);
            var errors = Check(edit);
            if (errors.Count > 0) return new EditResult(errors, Stale: false);
            var temporary = edit.File + ".tmp-" + Guid.NewGuid().ToString("N");
            await File.WriteAllTextAsync(temporary, edit.After, ct);
            File.Move(temporary, edit.File, overwrite: true);
            log.LogInformation("Library edited through the gaps report: {File}", edit.File);
            watcher.ReloadNow();
            return new EditResult([], Stale: false);
        }
        finally
        {
            one.Release();
        }
    }
}
