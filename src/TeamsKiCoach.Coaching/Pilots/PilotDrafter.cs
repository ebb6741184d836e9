using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog;

namespace TeamsKiCoach.Coaching.Pilots;

/// <summary>
/// What a proposal is drafted from: a pattern a person confirmed as fit or partly fit, with its entries, the
/// confirmed verdict and the part that fits (for a partly fit pattern).
/// </summary>
public sealed record PilotDraftSubject(TeamPattern Pattern, Verdict Verdict, string? FittingPart);

/// <summary>
/// A draft for the proposal form. <paramref name="Note"/> says why an AI draft could not be used and the rules'
/// one is shown instead; null when nothing needs saying.
/// </summary>
public sealed record PilotSuggestion(PilotProposal Proposal, string? Note = null);

/// <summary>
/// Fills the proposal form's fields as a suggestion for the proposer to edit. Implementations change no state,
/// send nothing and propose nothing; the owner is always the proposer.
/// </summary>
public interface IPilotDrafter
{
    Task<PilotSuggestion> DraftAsync(PilotDraftSubject subject, PilotActor proposer, PilotText text, CancellationToken cancellationToken);
}

/// <summary>The draft without a model: <see cref="PilotDraft.FromPattern"/>.</summary>
public sealed class RulePilotDrafter : IPilotDrafter
{
    public static readonly RulePilotDrafter Instance = new();

    public PilotProposal Draft(PilotDraftSubject subject, PilotActor proposer, PilotText text) =>
        PilotDraft.FromPattern(subject.Pattern.Pattern, subject.Pattern.Entries.Select(e => e.Text ?? string.Empty), proposer, text)
            with { PatternKey = subject.Pattern.Key };

    public Task<PilotSuggestion> DraftAsync(PilotDraftSubject subject, PilotActor proposer, PilotText text, CancellationToken cancellationToken) =>
        Task.FromResult(new PilotSuggestion(Draft(subject, proposer, text)));
}
