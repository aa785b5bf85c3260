using AutoReply.Service.Configuration;
using Microsoft.Extensions.Options;

namespace AutoReply.Service.Dialogs;

/// Reloads dialogs/ when a file in it changes. A broken edit is rejected with its errors logged, and the library
/// that was live stays live: a typo in a YAML file must never take the bot down. Changes are gathered for a
/// moment first, since an editor saving a file fires several events. File-system events can be lost (network and
/// container mounts, a watcher limit), so the directory's fingerprint (names, sizes, times) is also checked every
/// few seconds: an edit is never missed, only noticed a little later.
public sealed class LibraryWatcher(LibrarySource source, IOptions<DialogOptions> options, ILogger<LibraryWatcher> log) : BackgroundService
{
    static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);
    static readonly TimeSpan Poll = TimeSpan.FromSeconds(3);

    /// Completed reloads, for tests and /healthz: (succeeded, errors).
    public event Action<bool, IReadOnlyList<Core.Library.LibraryError>>? Reloaded;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var o = options.Value;
        if (!Directory.Exists(o.Path)) return;
        var changed = new SemaphoreSlim(0);
        void Nudge() { if (changed.CurrentCount == 0) changed.Release(); }
        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(Path.GetFullPath(o.Path)) { IncludeSubdirectories = true, EnableRaisingEvents = true };
            watcher.Changed += (_, _) => Nudge();
            watcher.Created += (_, _) => Nudge();
            watcher.Deleted += (_, _) => Nudge();
            watcher.Renamed += (_, _) => Nudge();
            watcher.Error += (_, _) => Nudge();   // events lost to a full buffer: look anyway
        }
        catch (IOException e)
        {
            // Typically the system's limit on file watchers: the fingerprint check below still notices edits.
            log.LogWarning(e, "Cannot watch {Path} for changes; checking it every {Seconds}s instead", o.Path, Poll.TotalSeconds);
        }
        using var _ = watcher;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var nudged = await changed.WaitAsync(Poll, stop);
                if (nudged)
                {
                    await Task.Delay(Settle, stop);
                    while (changed.CurrentCount > 0) await changed.WaitAsync(stop);   // swallow the burst
                }
                var now = LibraryFiles.Fingerprint(o.Path);
                if (now == source.LoadedFingerprint) continue;
                source.Read(now);
                Reload(o);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
    }

    /// Reloads at once (after an edit through the API): the edit is live when the call that made it returns.
    public void ReloadNow()
    {
        var o = options.Value;
        source.Read(LibraryFiles.Fingerprint(o.Path));
        Reload(o);
    }

    void Reload(DialogOptions o)
    {
        try
        {
            var result = LibraryFiles.LoadDirectory(o.Path, o.DefaultLanguage, LibraryFiles.Training(o));
            if (result.Ok)
            {
                // Conversations already in a flow finish on the version they started (see DialogLibrary.FlowVersion).
                source.Replace(result.Library!.KeepingVersionsOf(source.Current));
                log.LogInformation("Reloaded the dialogs library: {Answers} answers in {Languages}", result.Library!.Answers.Count,
                    string.Join(", ", result.Library.Languages));
            }
            else
            {
                // A line each: the log writes a message's line breaks as "\n" (so no text can forge a log line), and the errors
                // joined read as one long line (QA round 13).
                log.LogError("The edited dialogs library has {Count} error(s); the previous library stays live", result.Errors.Count);
                foreach (var error in result.Errors) log.LogError("  {Error}", error.ToString());
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
