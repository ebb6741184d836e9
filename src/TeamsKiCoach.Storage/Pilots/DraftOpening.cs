using TeamsKiCoach.Coaching.Pilots;

namespace TeamsKiCoach.Storage.Pilots;

/// <summary>What the proposal form starts from, or why there is none.</summary>
public abstract record DraftOpening
{
    private DraftOpening()
    {
    }

    /// <summary>The form's fields and who may own it; <paramref name="Note"/> says why an AI draft fell back to the rules'.</summary>
    public sealed record Ready(string TeamId, PilotProposal Proposal, IReadOnlyList<PilotActor> Members, string? Note = null) : DraftOpening;

    public sealed record NotMember : DraftOpening;

    public sealed record NotFound : DraftOpening;

    /// <summary>Nobody confirmed the pattern as fit or partly fit yet: "Muss das ein Mensch tun?" first.</summary>
    public sealed record NotConfirmedFit : DraftOpening;
}
