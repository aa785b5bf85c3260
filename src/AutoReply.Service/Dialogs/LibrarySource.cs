using AutoReply.Core.Library;

namespace AutoReply.Service.Dialogs;

/// The library the service answers with right now. It is swapped whole, never edited in place, so a turn
/// that has taken <see cref="Current"/> keeps a consistent library to its end.
public sealed class LibrarySource(DialogLibrary initial)
{
    volatile DialogLibrary current = initial;

    public DialogLibrary Current => current;

    public void Replace(DialogLibrary library) => current = library;
}

/// Reads dialogs/ from disk and hands the text to Core's loader.
public static class LibraryFiles
{
    public static LibraryLoadResult LoadDirectory(string directory, string defaultLanguage)
    {
        if (!Directory.Exists(directory))
            return new LibraryLoadResult(null, [new LibraryError(directory, 0, "the dialogs directory does not exist")]);
        var files = Directory.EnumerateFiles(directory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Select(f => new LibraryFile(Path.GetRelativePath(Directory.GetCurrentDirectory(), f), File.ReadAllText(f)))
            .ToList();
        return LibraryLoader.Load(files, defaultLanguage);
    }
}
