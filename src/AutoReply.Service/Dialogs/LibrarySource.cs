using AutoReply.Core.Library;

namespace AutoReply.Service.Dialogs;

/// The library the service answers with right now. It is swapped whole, never edited in place, so a turn
/// that has taken <see cref="Current"/> keeps a consistent library to its end.
public sealed class LibrarySource(DialogLibrary initial, string fingerprint)
{
    volatile DialogLibrary current = initial;

    public DialogLibrary Current => current;

    /// What dialogs/ looked like when the live library was read (see <see cref="LibraryFiles.Fingerprint"/>), taken
    /// before reading, so an edit made while or after it was read is always seen as a change.
    public string LoadedFingerprint { get; private set; } = fingerprint;

    public void Replace(DialogLibrary library) => current = library;

    public void Read(string fingerprint) => LoadedFingerprint = fingerprint;
}

/// Reads dialogs/ from disk and hands the text to Core's loader.
public static class LibraryFiles
{
    /// What the directory looks like: every library file's name, size and last write. Equal fingerprints, same files.
    public static string Fingerprint(string path)
    {
        try
        {
            return string.Join("|", Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
                .Where(f => IsLibraryFile(path, f))
                .Order(StringComparer.Ordinal)
                .Select(f => { var i = new FileInfo(f); return $"{f}:{i.Length}:{i.LastWriteTimeUtc.Ticks}"; }));
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// The folder of conversation tests (`autoreply test`): beside the library, not part of it.
    public const string TestsFolder = "tests";

    /// A YAML file of the library: anything under the directory except its conversation tests.
    static bool IsLibraryFile(string root, string file) =>
        (file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        && !Path.GetRelativePath(root, file).Replace('\\', '/').StartsWith(TestsFolder + "/", StringComparison.Ordinal);

    /// How a library's matcher is trained, from the settings: whether the built-in lexicon of synonyms is used.
    public static Core.Matching.TrainingSettings Training(Configuration.DialogOptions options) => new() { Concepts = options.BuiltinSynonyms };

    public static Core.Matching.TrainingSettings Training(Microsoft.Extensions.Configuration.IConfiguration config) =>
        Training(config.GetSection("Dialogs").Get<Configuration.DialogOptions>() ?? new());

    public static LibraryLoadResult LoadDirectory(string directory, string defaultLanguage, Core.Matching.TrainingSettings? training = null)
    {
        if (!Directory.Exists(directory))
            return new LibraryLoadResult(null, [new LibraryError(directory, 0, "the dialogs directory does not exist")]);
        var files = Directory.EnumerateFiles(directory, "*.*", SearchOption.AllDirectories)
            .Where(f => IsLibraryFile(directory, f))
            .Select(f => new LibraryFile(Path.GetRelativePath(Directory.GetCurrentDirectory(), f), File.ReadAllText(f)))
            .ToList();
        var result = LibraryLoader.Load(files, defaultLanguage, training);
        var messages = Path.Combine(Path.GetRelativePath(Directory.GetCurrentDirectory(), directory), "messages.yaml");
        return result.Errors.Any(e => e.File == LibraryError.Library)
            ? result with { Errors = result.Errors.Select(e => e.File == LibraryError.Library ? e with { File = messages } : e).ToList() }
            : result;
    }
}
