namespace TeamsKiCoach.Coaching.Pilots;

/// <summary>
/// Who acts on a pilot: the AAD object id from the Teams activity, never from card data, and the display name
/// at that moment, so the audit trail still names the person after they change their name or leave.
/// </summary>
public sealed record PilotActor(string AadObjectId, string Name);

/// <summary>
/// One step in a pilot's audit trail, to be stored as it is. <paramref name="AiInvolved"/> says whether the
/// step concerned fields an AI suggestion drafted: proposing, resubmitting and deciding on such a proposal.
/// </summary>
public sealed record PilotChange(
    PilotAction Action,
    PilotState From,
    PilotState To,
    string ActorAadObjectId,
    string ActorName,
    DateTimeOffset At,
    string? Reason,
    bool AiInvolved);

/// <summary>
/// What a proposer fills in (or edits from a draft). <paramref name="ReviewOn"/> null means four weeks after the
/// proposal; <paramref name="AiDrafted"/> says the fields started as an AI suggestion.
/// </summary>
public sealed record PilotProposal(
    int PatternKey,
    string PatternTitle,
    string Step,
    string StaysManual,
    string WhoIsRelieved,
    PilotActor Owner,
    DateOnly? ReviewOn,
    bool AiDrafted);

public enum PilotProblem
{
    PatternTitleMissing,
    PatternTitleTooLong,
    StepMissing,
    StepTooLong,
    StaysManualMissing,
    StaysManualTooLong,
    WhoIsRelievedMissing,
    WhoIsRelievedTooLong,
    OwnerMissing,
    ReviewDateTooEarly,
    ReviewDateTooLate,
}

/// <summary>The outcome of a proposal or a resubmit: the pilot with its first audit step, or what is wrong.</summary>
public abstract record ProposalResult
{
    private ProposalResult()
    {
    }

    public sealed record Proposed(Pilot Pilot, PilotChange Change) : ProposalResult;

    public sealed record Invalid(IReadOnlyList<PilotProblem> Problems) : ProposalResult;
}

/// <summary>The outcome of one step on a pilot: done, with its audit note, or refused with the reason.</summary>
public abstract record PilotResult
{
    private PilotResult()
    {
    }

    public bool Succeeded => this is Done;

    public sealed record Done(PilotChange Change) : PilotResult;

    /// <summary>Only a lead of the pilot's team may do this.</summary>
    public sealed record NotLead : PilotResult;

    /// <summary>Only a lead of the team or the pilot's owner may do this.</summary>
    public sealed record NotLeadOrOwner : PilotResult;

    /// <summary>Only the person who proposed the pilot may do this.</summary>
    public sealed record NotProposer : PilotResult;

    /// <summary>
    /// Someone decided first (or the same lead clicked twice): who, when, what, and where the pilot stands now.
    /// </summary>
    public sealed record AlreadyDecided(PilotDecision Decision, PilotState State, string ByAadObjectId, string ByName, DateTimeOffset At) : PilotResult;

    /// <summary>The proposer took the pilot back before anyone decided.</summary>
    public sealed record Withdrawn(DateTimeOffset At) : PilotResult;

    /// <summary>The team already has <paramref name="Running"/> of at most <paramref name="MaxRunning"/> running pilots.</summary>
    public sealed record OverRunningLimit(int Running, int MaxRunning) : PilotResult;

    public sealed record ReasonRequired : PilotResult;

    public sealed record ReasonTooLong(int MaxLength) : PilotResult;

    /// <summary>The step does not lead out of the pilot's current state.</summary>
    public sealed record WrongState(PilotState State) : PilotResult;

    /// <summary>A resubmitted proposal with fields that are missing or too long.</summary>
    public sealed record Invalid(IReadOnlyList<PilotProblem> Problems) : PilotResult;
}
