namespace TeamsKiCoach.Coaching.Nudges;

public enum NudgeCadence
{
    Off,
    Weekly,
    EveryTwoWeeks,
}

/// <summary>A backlog pattern as a nudge names it; <paramref name="Key"/> is what the button's action carries.</summary>
public sealed record NudgePattern(string Key, string Title, int Mentions, int People);

/// <summary>The answers to "are you concretely relieved?" for one pilot; shown only from the anonymity threshold on.</summary>
public sealed record ReliefResult(string PilotKey, string PilotName, int Answers, int Relieved);

/// <summary>One week's pulse for one pilot, as counts of answers; shown only from the anonymity threshold on.</summary>
public sealed record PulseResult(string PilotKey, string PilotName, int Answers, int Bypassed, int NewQuestions, int StillManual, int LittleRelief);

public sealed record OpenBypasses(string PilotKey, string PilotName, int Reports);

/// <summary>An automation and the person who owns it (null: nobody yet).</summary>
public sealed record OwnedAutomation(string Key, string Name, string? OwnerName);

public enum DecisionKind
{
    PilotApproval,
    StageMove,
    PatternCheck,
    AutomationOwner,
}

/// <summary>A decision only a person can make, open since <paramref name="Since"/>; <paramref name="WaitingFor"/> names who is asked, if anyone.</summary>
public sealed record OpenDecision(string Key, DecisionKind Kind, string Subject, string? WaitingFor, DateTimeOffset Since);

/// <summary>What a nudge may talk about, read from storage for one team. Each stage uses its own part.</summary>
public sealed record NudgeData
{
    /// <summary>Stage 1: the week's most mentioned patterns, most mentioned first.</summary>
    public IReadOnlyList<NudgePattern> TopPatterns { get; init; } = [];

    /// <summary>Stage 1: answers to the daily prompt this week, "nothing today" included.</summary>
    public int AnswersThisWeek { get; init; }

    /// <summary>Stage 2: patterns without a confirmed "must a human do this?" check.</summary>
    public IReadOnlyList<NudgePattern> PatternsAwaitingCheck { get; init; } = [];

    /// <summary>Stage 3: the confirmed fit pattern without a pilot that comes back most often.</summary>
    public NudgePattern? BestCandidate { get; init; }

    public ReliefResult? Relief { get; init; }

    public PulseResult? Pulse { get; init; }

    public IReadOnlyList<OpenBypasses> Bypasses { get; init; } = [];

    public IReadOnlyList<OwnedAutomation> Automations { get; init; } = [];

    public IReadOnlyList<OpenDecision> OpenDecisions { get; init; } = [];
}

/// <summary>The one action a nudge's button starts; the bot maps each id to its handler.</summary>
public static class NudgeActions
{
    public const string ShowBacklog = "nudge.showBacklog";
    public const string CheckPattern = "nudge.checkPattern";
    public const string ProposePilot = "nudge.proposePilot";
    public const string AnswerRelief = "nudge.answerRelief";
    public const string ShowRelief = "nudge.showRelief";
    public const string AnswerPulse = "nudge.answerPulse";
    public const string ShowPulse = "nudge.showPulse";
    public const string ShowBypasses = "nudge.showBypasses";
    public const string ShowRegistry = "nudge.showRegistry";
    public const string AssignOwner = "nudge.assignOwner";
    public const string OpenDecision = "nudge.openDecision";

    public static IReadOnlyList<string> All { get; } =
        [ShowBacklog, CheckPattern, ProposePilot, AnswerRelief, ShowRelief, AnswerPulse, ShowPulse, ShowBypasses, ShowRegistry, AssignOwner, OpenDecision];
}

/// <summary>
/// A composed nudge: a title, a few short lines, exactly one action, and a fingerprint of the facts it is
/// about (not of its words), so the same facts in another language or wording still count as nothing new.
/// </summary>
public sealed record Nudge(
    Stages.TeamStage Stage,
    string Title,
    IReadOnlyList<string> Lines,
    string ActionId,
    string? ActionSubject,
    string ActionLabel,
    string Fingerprint);
