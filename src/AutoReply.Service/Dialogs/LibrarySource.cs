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
        var files = new List<LibraryFile>();
        var unreadable = new List<LibraryError>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.*", SearchOption.AllDirectories).Where(f => IsLibraryFile(directory, f)).Order(StringComparer.Ordinal))
        {
            var shown = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
            if (Utf8Text(File.ReadAllBytes(path), out var text) is { } line)
                unreadable.Add(new LibraryError(shown, line, "not UTF-8 text: save the file as UTF-8 (an editor's \"Save with encoding\"); read as it is, " +
                                                             "its umlauts and accents would reach customers as \"�\""));
            else files.Add(new LibraryFile(shown, text));
        }
        var result = LibraryLoader.Load(files, defaultLanguage, training);
        var messages = Path.Combine(Path.GetRelativePath(Directory.GetCurrentDirectory(), directory), "messages.yaml");
        if (result.Errors.Any(e => e.File == LibraryError.Library))
        {
            var errors = result.Errors.Select(e => e.File == LibraryError.Library ? e with { File = messages } : e).ToList();
            if (!File.Exists(Path.Combine(directory, "messages.yaml")))
                errors.Insert(0, new LibraryError(messages, 0, "the file does not exist: it holds the service's own texts (README, The library: messages.yaml)"));
            result = result with { Errors = errors };
        }
        return unreadable.Count == 0 ? result : new LibraryLoadResult(null, [.. unreadable, .. result.Errors]);
    }

    /// The file's text when its bytes are UTF-8 (a byte order mark dropped), else null text and the line of the first byte
    /// that is not: a file saved as Latin-1 or Windows-1252 ("grünen" as 0xFC) would be read with "�" in its place.
    static int? Utf8Text(byte[] bytes, out string text)
    {
        var body = bytes.AsSpan();
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) body = body[3..];
        var chars = new char[body.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(body, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status == System.Buffers.OperationStatus.Done)
        {
            text = new string(chars, 0, written);
            return null;
        }
        text = "";
        return body[..read].Count((byte)'\n') + 1;
    }
}
