namespace TeamsKiCoach.Coaching.Pulse;

/// <summary>
/// One person's pulse answer of one week, stored without who gave it. <see cref="AnswerKey"/> finds the row again
/// while the week is open, so a second submission changes the first instead of counting twice; it is a keyed
/// hash that only the holder of the server secret can recompute, and it differs from week to week, so a
/// person's answers of different weeks cannot be linked with each other. No time of submission is kept: it
/// would tell who answered when.
/// </summary>
public sealed class PulseAnswer : ITenantOwned
{
    public const int MaxTextLength = 500;

    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string TeamId { get; set; }

    /// <summary>The ISO week's key, "2026-W07" (<see cref="IsoWeek.Key"/>).</summary>
    public required string Week { get; set; }

    /// <summary>
    /// The <see cref="PulseAnswerKey"/> of tenant, team, week and person. Cleared once the week has closed
    /// (<see cref="ForgetKey"/>): nothing may change any more, and then not even the server secret links the
    /// answer to anyone.
    /// </summary>
    public string? AnswerKey { get; set; }

    /// <summary>How much the pilot relieved the person, 1 (not at all) to 5 (a lot); null when not said.</summary>
    public int? Relief { get; set; }

    /// <summary>"Wo hast du die Automatisierung umgangen?"</summary>
    public string? Bypassed { get; set; }

    /// <summary>"Wo sind neue Rückfragen entstanden?"</summary>
    public string? NewQuestions { get; set; }

    /// <summary>"Was machst du doch lieber von Hand?"</summary>
    public string? StillManual { get; set; }

    /// <summary>"Keine Zeit diese Woche": an answer, and one the team should hear about, but with nothing else in it.</summary>
    public bool NoTime { get; set; }

    public IsoWeek IsoWeek => Pulse.IsoWeek.Parse(Week);

    /// <summary>A new answer from a submission.</summary>
    public static PulseAnswer Create(string tenantId, string teamId, IsoWeek week, string answerKey, PulseSubmission submission)
    {
        var answer = new PulseAnswer { TenantId = tenantId, TeamId = teamId, Week = week.Key, AnswerKey = answerKey };
        answer.Apply(submission);
        return answer;
    }

    /// <summary>Replaces the whole answer with a later submission of the same week, which the caller checked is still open.</summary>
    public void Apply(PulseSubmission submission)
    {
        Relief = submission.Relief;
        Bypassed = submission.Bypassed;
        NewQuestions = submission.NewQuestions;
        StillManual = submission.StillManual;
        NoTime = submission.NoTime;
    }

    public void ForgetKey() => AnswerKey = null;
}

/// <summary>
/// What a person submitted on the pulse card, tidied: texts trimmed, empty ones dropped, long ones cut. "No time
/// this week" stands alone; a card that says it and also rates keeps only the "no time", because the person
/// said they had none to give.
/// </summary>
public sealed record PulseSubmission
{
    public PulseSubmission(int? relief, string? bypassed, string? newQuestions, string? stillManual, bool noTime)
    {
        if (relief is < 1 or > 5)
        {
            throw new ArgumentOutOfRangeException(nameof(relief), relief, "Relief is 1 to 5.");
        }

        NoTime = noTime;
        Relief = noTime ? null : relief;
        Bypassed = noTime ? null : Tidy(bypassed);
        NewQuestions = noTime ? null : Tidy(newQuestions);
        StillManual = noTime ? null : Tidy(stillManual);
    }

    public int? Relief { get; }
    public string? Bypassed { get; }
    public string? NewQuestions { get; }
    public string? StillManual { get; }
    public bool NoTime { get; }

    /// <summary>Whether the card was sent without anything on it; the caller asks again rather than storing it.</summary>
    public bool IsEmpty => !NoTime && Relief is null && Bypassed is null && NewQuestions is null && StillManual is null;

    private static string? Tidy(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length <= PulseAnswer.MaxTextLength)
        {
            return trimmed;
        }

        // Never cut between the two halves of an emoji or another character outside the basic plane.
        var cut = char.IsHighSurrogate(trimmed[PulseAnswer.MaxTextLength - 1]) ? PulseAnswer.MaxTextLength - 1 : PulseAnswer.MaxTextLength;
        return trimmed[..cut].TrimEnd();
    }
}
