using AutoReply.Service.Configuration;
using Microsoft.Extensions.Options;

namespace AutoReply.Service.Dialogs;

/// Reloads dialogs/ when a file in it changes. A broken edit is rejected with its errors logged, and the library
/// that was live stays live: a typo in a YAML file must never take the bot down. Changes are gathered for a
/// moment first, since an editor saving a file fires several events.
public sealed class LibraryWatcher(LibrarySource source, IOptions<DialogOptions> options, ILogger<LibraryWatcher> log) : BackgroundService
{
    static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    /// Completed reloads, for tests and /healthz: (succeeded, errors).
    public event Action<bool, IReadOnlyList<Core.Library.LibraryError>>? Reloaded;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var o = options.Value;
        if (!Directory.Exists(o.Path)) return;
        var changed = new SemaphoreSlim(0);
        FileSystemWatcher watcher;
        try
        {
            watcher = new FileSystemWatcher(Path.GetFullPath(o.Path)) { IncludeSubdirectories = true, EnableRaisingEvents = true };
        }
        catch (IOException e)
        {
            // Typically the system's limit on file watchers: the service runs on, without hot reload.
            log.LogError(e, "Cannot watch {Path} for changes; dialogs are reloaded only at restart", o.Path);
            return;
        }
        using var _ = watcher;
        void Nudge() { if (changed.CurrentCount == 0) changed.Release(); }
        watcher.Changed += (_, _) => Nudge();
        watcher.Created += (_, _) => Nudge();
        watcher.Deleted += (_, _) => Nudge();
        watcher.Renamed += (_, _) => Nudge();
        // Events lost to a full buffer: reload anyway rather than miss an edit.
        watcher.Error += (_, _) => Nudge();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await changed.WaitAsync(stop);
                await Task.Delay(Settle, stop);
                while (changed.CurrentCount > 0) await changed.WaitAsync(stop);   // swallow the burst
                Reload(o);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
    }

    void Reload(DialogOptions o)
    {
        try
        {
            var result = LibraryFiles.LoadDirectory(o.Path, o.DefaultLanguage);
            if (result.Ok)
            {
                // Conversations already in a flow finish on the version they started (see DialogLibrary.FlowVersion).
                source.Replace(result.Library!.KeepingVersionsOf(source.Current));
                log.LogInformation("Reloaded the dialogs library: {Answers} answers in {Languages}", result.Library!.Answers.Count, string.Join(", ", result.Library.Languages));
            }
            else
            {
                log.LogError("The edited dialogs library has {Count} error(s); the previous library stays live:{NewLine}{Errors}",
                    result.Errors.Count, Environment.NewLine, string.Join(Environment.NewLine, result.Errors.Select(e => "  " + e)));
            }
            Reloaded?.Invoke(result.Ok, result.Errors);
        }
        catch (IOException e)
        {
            // A file mid-write; the next change event reloads again.
            log.LogWarning(e, "Could not read the dialogs library; keeping the previous one");
        }
    }
}
