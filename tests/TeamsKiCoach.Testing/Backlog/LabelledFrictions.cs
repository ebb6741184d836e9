using System.Runtime.CompilerServices;

namespace TeamsKiCoach.Tests.Backlog;

/// <summary>Reads a labelled friction file: one "label TAB text" a line, lines starting with # are notes.</summary>
public static class LabelledFrictions
{
    public static IReadOnlyList<(string Label, string Text)> Read(string fileName) =>
        File.ReadLines(Locate(fileName))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t', 2))
            .Select(parts => (parts[0], parts[1]))
            .ToList();

    // Read next to this source file, so the data sets need no entry in the shared project file; a copy in the
    // output folder (Backlog/...) wins when someone ships the tests without sources.
    private static string Locate(string fileName, [CallerFilePath] string source = "")
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Backlog", fileName);
        return File.Exists(copied) ? copied : Path.Combine(Path.GetDirectoryName(source)!, fileName);
    }
}
