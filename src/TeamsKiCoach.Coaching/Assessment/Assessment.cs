using TeamsKiCoach.Coaching.Backlog;

namespace TeamsKiCoach.Coaching.Assessment;

/// <summary>
/// The seven questions of "Muss das ein Mensch tun?": four that make a task fit for automation (it recurs, it is
/// clearly structured, it follows fixed rules, it needs little context) and three that keep it with people
/// (judgment, responsibility, relationship come first).
/// </summary>
public enum Criterion
{
    Recurring,
    Structured,
    RuleBased,
    LittleContext,
    Judgment,
    Responsibility,
    Relationship,
}

public enum Rating
{
    Yes,
    Partly,
    No,
}

public enum Verdict
{
    Fit,
    PartlyFit,
    KeepWithPeople,
}

/// <summary>Who made a suggestion: the offline rules or a language model.</summary>
public enum AssessmentSource
{
    Rules,
    Ai,
}

public static class Criteria
{
    public static IReadOnlyList<Criterion> All { get; } = Enum.GetValues<Criterion>();

    public static IReadOnlyList<Criterion> Fit { get; } = [Criterion.Recurring, Criterion.Structured, Criterion.RuleBased, Criterion.LittleContext];

    public static IReadOnlyList<Criterion> Exclusion { get; } = [Criterion.Judgment, Criterion.Responsibility, Criterion.Relationship];

    public static bool IsExclusion(this Criterion criterion) => criterion >= Criterion.Judgment;
}

/// <summary>One criterion's rating with a one-line reason in the user's language.</summary>
public sealed record CriterionRating(Criterion Criterion, Rating Rating, string Reason);

/// <summary>
/// A suggestion for one pattern or entry. Nothing is decided by it: a person confirms, changes or overrules it.
/// <see cref="FittingPart"/> names what fits when the verdict is <see cref="Verdict.PartlyFit"/>;
/// <see cref="Note"/> says why an AI suggestion fell back to the rules.
/// </summary>
public sealed record Assessment(
    Verdict Verdict,
    string? FittingPart,
    IReadOnlyList<CriterionRating> Criteria,
    AssessmentSource Source,
    string? Note = null)
{
    public Rating this[Criterion criterion] => Criteria.First(c => c.Criterion == criterion).Rating;

    public CriterionRating Rated(Criterion criterion) => Criteria.First(c => c.Criterion == criterion);

    /// <summary>Whether any part of it is for automation: fit or partly fit.</summary>
    public bool HasFittingPart => Verdict != Verdict.KeepWithPeople;
}

/// <summary>One backlog entry as the assessment reads it: its words and the numbers the person gave.</summary>
public sealed record AssessedEntry(int Number, string Text, Frequency Frequency, int? Minutes, string? AuthorId);

/// <summary>
/// What is assessed: a pattern with its entries, or a single entry. <see cref="People"/> is the pattern's lower
/// bound (all anonymous entries count as one person).
/// </summary>
public sealed record AssessmentSubject(string Title, IReadOnlyList<AssessedEntry> Entries, int Mentions, int People, double MinutesPerWeek)
{
    public static AssessmentSubject From(TeamPattern pattern) => new(
        pattern.Title,
        pattern.Entries.Select(ToAssessed).ToList(),
        pattern.Pattern.Mentions,
        pattern.Pattern.People,
        pattern.Pattern.MinutesPerWeek);

    public static AssessmentSubject From(BacklogEntry entry) => new(
        Backlog.Patterns.PatternSummary.Title(entry.Text),
        [ToAssessed(entry)],
        1,
        1,
        Backlog.Patterns.PatternSummary.MinutesPerWeek([TeamBacklog.ToFriction(entry)]));

    private static AssessedEntry ToAssessed(BacklogEntry entry) =>
        new(entry.Number, entry.Text, entry.Frequency, entry.MinutesLost, entry.AuthorAadObjectId);
}

/// <summary>Suggests an assessment. Implementations change no state and send nothing.</summary>
public interface IAssessmentEngine
{
    Task<Assessment> AssessAsync(AssessmentSubject subject, AssessmentText text, CancellationToken cancellationToken);
}
