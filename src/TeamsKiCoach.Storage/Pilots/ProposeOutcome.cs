using TeamsKiCoach.Coaching.Pilots;

namespace TeamsKiCoach.Storage.Pilots;

public abstract record ProposeOutcome
{
    private ProposeOutcome()
    {
    }

    public sealed record Proposed(PilotView View) : ProposeOutcome;

    public sealed record Invalid(IReadOnlyList<PilotProblem> Problems) : ProposeOutcome;

    public sealed record NotMember : ProposeOutcome;

    public sealed record NotConfirmedFit : ProposeOutcome;

    /// <summary>The owner named is no member of the team.</summary>
    public sealed record OwnerNotMember : ProposeOutcome;
}
