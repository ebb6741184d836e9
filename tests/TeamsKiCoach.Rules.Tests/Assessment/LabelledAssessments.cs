using System.Runtime.CompilerServices;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog;

namespace TeamsKiCoach.Tests.Assessment;

/// <summary>One labelled statement: the verdict and the seven ratings a careful person would give it.</summary>
public sealed record LabelledAssessment(Verdict Verdict, IReadOnlyDictionary<Criterion, Rating> Criteria, Frequency Frequency, string Text)
{
    public AssessmentSubject Subject => new(Text, [new AssessedEntry(1, Text, Frequency, null, "p1")], 1, 1, 0);
}

/// <summary>
/// Reads a labelled assessment file: "verdict TAB criteria TAB frequency TAB statement" a line, lines starting
/// with # are notes. Criteria are seven letters y/p/n in the order of <see cref="Criterion"/>.
/// </summary>
public static class LabelledAssessments
{
    public static IReadOnlyList<LabelledAssessment> Read(string fileName) =>
        File.ReadLines(Locate(fileName))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(parts => new LabelledAssessment(
                parts[0] switch
                {
                    "fit" => Verdict.Fit,
                    "partly" => Verdict.PartlyFit,
                    "keep" => Verdict.KeepWithPeople,
                    var other => throw new FormatException($"Unknown verdict '{other}'"),
                },
                Criteria.All.Select((c, i) => (c, parts[1][i] switch
                {
                    'y' => Rating.Yes,
                    'p' => Rating.Partly,
                    'n' => Rating.No,
                    var other => throw new FormatException($"Unknown rating '{other}'"),
                })).ToDictionary(x => x.c, x => x.Item2),
                Enum.Parse<Frequency>(parts[2]),
                parts[3]))
            .ToList();

    private static string Locate(string fileName, [CallerFilePath] string source = "")
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Assessment", fileName);
        return File.Exists(copied) ? copied : Path.Combine(Path.GetDirectoryName(source)!, fileName);
    }
}
