namespace TeamsKiCoach.Coaching.Stages;

/// <summary>
/// Works out, from a team's evidence, whether a move to another stage is worth suggesting. One step at a time,
/// backwards when what carried the team to its stage is gone, and at most a suggestion: only
/// <see cref="StageDecider.Confirm"/> by a lead changes a stage.
/// </summary>
public sealed class StageAdvisor(TimeProvider time)
{
    /// <summary>The patterns named in the evidence; more would turn a suggestion into a report.</summary>
    public const int PatternsShown = 5;

    public StageAdvice Suggest(TeamStage current, StageEvidence evidence, StageOptions options)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(options);

        var (lines, target) = current switch
        {
            TeamStage.FrictionVisible => FrictionVisible(evidence, options),
            TeamStage.RightQuestion => When(evidence.PatternsConfirmedFit > 0, TeamStage.StartSmall, Line(EvidenceKind.ConfirmedFit, evidence.PatternsConfirmedFit)),
            TeamStage.StartSmall => StartSmall(evidence),
            TeamStage.ImpactFirst or TeamStage.WatchTheUse or TeamStage.Iterate => WithPilots(current, evidence),
            TeamStage.PartOfTheWork => PartOfTheWork(evidence),
            TeamStage.PeopleDecide => PeopleDecide(evidence),
            _ => throw new ArgumentOutOfRangeException(nameof(current), current, "Not a stage."),
        };

        if (target is { } move && Resting(move, evidence, options) is { } until)
        {
            return new StageAdvice(current, lines, null, until);
        }

        return new StageAdvice(current, lines, target);
    }

    private static (IReadOnlyList<EvidenceLine>, TeamStage?) FrictionVisible(StageEvidence evidence, StageOptions options)
    {
        var spread = evidence.RecentPatterns
            .Where(p => p.People >= options.PeoplePerPattern)
            .OrderByDescending(p => p.People).ThenByDescending(p => p.Mentions).ThenBy(p => p.Title, StringComparer.Ordinal)
            .ToList();
        var lines = new List<EvidenceLine>
        {
            new(EvidenceKind.SpreadPatterns, spread.Count, People: options.PeoplePerPattern, Required: options.PatternsToMoveOn),
        };
        lines.AddRange(spread.Take(PatternsShown).Select(p => new EvidenceLine(EvidenceKind.Pattern, p.Mentions, p.Title, p.People)));
        return (lines, spread.Count >= options.PatternsToMoveOn ? TeamStage.RightQuestion : null);
    }

    private static (IReadOnlyList<EvidenceLine>, TeamStage?) StartSmall(StageEvidence evidence)
    {
        var started = evidence.PilotsApproved + evidence.PilotsRunning;
        return When(started > 0, TeamStage.ImpactFirst, Line(EvidenceKind.PilotsApproved, started));
    }

    private static (IReadOnlyList<EvidenceLine>, TeamStage?) WithPilots(TeamStage current, StageEvidence evidence)
    {
        // Stages 4 to 6 are about a pilot; when none is approved, running or kept, the honest step is back to choosing one.
        if (evidence.PilotsApproved + evidence.PilotsRunning + evidence.PilotsKept == 0)
        {
            return ([Line(EvidenceKind.NoPilotLeft, 0)], TeamStage.StartSmall);
        }

        var troubled = evidence.PulsesShowingBypasses + evidence.PulsesShowingLowRelief > 0;
        var trouble = new[]
        {
            Line(EvidenceKind.PulsesWithBypasses, evidence.PulsesShowingBypasses),
            Line(EvidenceKind.PulsesWithLowRelief, evidence.PulsesShowingLowRelief),
        };
        return current switch
        {
            TeamStage.ImpactFirst => When(evidence.PilotsRunning > 0, TeamStage.WatchTheUse, Line(EvidenceKind.PilotsRunning, evidence.PilotsRunning)),

            // A pilot kept without bypasses or low relief need not go through iterating: not every stage must be walked.
            TeamStage.WatchTheUse when !troubled && evidence.PilotsKept > 0 => ([.. trouble, Line(EvidenceKind.PilotsKept, evidence.PilotsKept)], TeamStage.PartOfTheWork),
            TeamStage.WatchTheUse => (trouble, troubled ? TeamStage.Iterate : null),
            _ => When(evidence.PilotsKept > 0, TeamStage.PartOfTheWork, Line(EvidenceKind.PilotsKept, evidence.PilotsKept)),
        };
    }

    private static (IReadOnlyList<EvidenceLine>, TeamStage?) PartOfTheWork(StageEvidence evidence)
    {
        var lines = Registry(evidence);
        var complete = evidence.Automations > 0 && evidence.AutomationsWithoutOwner == 0 && evidence.AutomationsWithoutExplanation == 0;
        return (lines, complete ? TeamStage.PeopleDecide : null);
    }

    private static (IReadOnlyList<EvidenceLine>, TeamStage?) PeopleDecide(StageEvidence evidence)
    {
        // Responsibility with people rests on every automation having one; one without an owner sends the team back to the registry.
        var gaps = evidence.AutomationsWithoutOwner + evidence.AutomationsWithoutExplanation > 0;
        return (Registry(evidence), gaps ? TeamStage.PartOfTheWork : null);
    }

    private static List<EvidenceLine> Registry(StageEvidence evidence) =>
    [
        Line(EvidenceKind.Automations, evidence.Automations),
        Line(EvidenceKind.AutomationsWithoutOwner, evidence.AutomationsWithoutOwner),
        Line(EvidenceKind.AutomationsWithoutExplanation, evidence.AutomationsWithoutExplanation),
    ];

    private DateTimeOffset? Resting(TeamStage move, StageEvidence evidence, StageOptions options) =>
        evidence.DeclinedStage == move && evidence.DeclinedAt is { } declined && declined + options.RestAfterDecline > time.GetUtcNow()
            ? declined + options.RestAfterDecline
            : null;

    private static (IReadOnlyList<EvidenceLine>, TeamStage?) When(bool ready, TeamStage target, EvidenceLine line) => ([line], ready ? target : null);

    private static EvidenceLine Line(EvidenceKind kind, int count) => new(kind, count);
}
