namespace AutoReply.Service.Verbs;

/// A labelled TSV data set: a header line "text\tlabel", then one example a line.
static class LabeledData
{
    public static List<(string Text, string Label)> Read(string path)
    {
        var rows = new List<(string, string)>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1 && line.StartsWith("text\t", StringComparison.Ordinal)) continue;
            if (line.Length == 0) continue;
            var tab = line.LastIndexOf('\t');
            if (tab <= 0) throw new FormatException($"{path}:{lineNumber}: expected 'text<TAB>label'");
            rows.Add((line[..tab], line[(tab + 1)..].Trim()));
        }
        if (rows.Count == 0) throw new FormatException($"{path}: no labelled lines ('text<TAB>label')");
        return rows;
    }
}
