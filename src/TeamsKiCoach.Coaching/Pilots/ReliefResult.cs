namespace TeamsKiCoach.Coaching.Pilots;

/// <summary>The answer to "Bist du durch den Pilot konkret entlastet?".</summary>
public enum Relief
{
    Yes,
    ABit,
    No,
    NotAffected,
}

/// <summary>One answer, stored without the person who gave it.</summary>
public sealed record ReliefAnswer(Relief Answer, string? Comment = null);

/// <summary>
/// The counts of one round. <see cref="Comments"/> only from <see cref="ReliefResult.MinAnswersForComments"/>
/// answers on (a comment says more about its author than a tap does), sorted so their order gives nothing away.
/// </summary>
public sealed record ReliefCounts(int Yes, int ABit, int No, int NotAffected, IReadOnlyList<string> Comments)
{
    public int Total => Yes + ABit + No + NotAffected;

    /// <summary>The share of "no" among the people the pilot concerns; null when it concerns none of those who answered.</summary>
    public double? NoShare => Yes + ABit + No is var concerned and > 0 ? (double)No / concerned : null;
}

/// <summary>
/// A relief round for the owner and the leads: its counts, or, below the minimum number of answers, only that
/// more answers are needed, without a single figure about the answers so far.
/// </summary>
public abstract record ReliefResult
{
    /// <summary>The same rule as the weekly pulse: no aggregate of fewer than five answers by default.</summary>
    public const int DefaultMinAnswers = 5;

    /// <summary>The team setting's range, as for the pulse.</summary>
    public const int LowestMinAnswers = 3;
    public const int HighestMinAnswers = 25;

    /// <summary>As for the pulse's free-text themes.</summary>
    public const int MinAnswersForComments = 10;

    private ReliefResult()
    {
    }

    public sealed record NeedsMoreAnswers(int MinAnswers) : ReliefResult;

    public sealed record Counted(ReliefCounts Counts) : ReliefResult;

    public static ReliefResult Aggregate(IEnumerable<ReliefAnswer> answers, int minAnswers = DefaultMinAnswers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minAnswers, LowestMinAnswers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minAnswers, HighestMinAnswers);
        var all = answers.ToList();
        if (all.Count < minAnswers)
        {
            return new NeedsMoreAnswers(minAnswers);
        }

        var comments = all.Count >= Math.Max(minAnswers, MinAnswersForComments)
            ? all.Select(a => a.Comment?.Trim()).OfType<string>().Where(c => c.Length > 0).Order(StringComparer.Ordinal).ToList()
            : [];
        return new Counted(new ReliefCounts(
            all.Count(a => a.Answer == Relief.Yes),
            all.Count(a => a.Answer == Relief.ABit),
            all.Count(a => a.Answer == Relief.No),
            all.Count(a => a.Answer == Relief.NotAffected),
            comments));
    }
}
