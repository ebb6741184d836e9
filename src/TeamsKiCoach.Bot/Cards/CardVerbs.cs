namespace TeamsKiCoach.Bot.Cards;

/// <summary>Every verb a card button can send; the card builders and the invoke handler use these constants.</summary>
public static class CardVerbs
{
    public const string ShowHelp = "help.show";
    public const string AnswerPrompt = "prompt.answer";
    public const string NothingToday = "prompt.nothing";
    public const string CaptureConfirm = "capture.confirm";
    public const string CaptureDismiss = "capture.dismiss";
    public const string CaptureUndo = "capture.undo";
    public const string ShowBacklog = "backlog.show";
    public const string ShowPattern = "pattern.show";
    public const string PlusOne = "pattern.plusone";
    public const string MergePattern = "pattern.merge";
    public const string SplitEntry = "pattern.split";
    public const string MustAHumanDoIt = "pattern.human";
    public const string ProposePilot = "pattern.pilot";
    public const string ShowMyEntries = "entries.show";
    public const string EditEntry = "entry.edit";
    public const string SaveEntry = "entry.save";
    public const string WithdrawEntry = "entry.withdraw";
    public const string ShowAssessment = "assessment.show";
    public const string ConfirmAssessment = "assessment.confirm";
    public const string ChangeAssessment = "assessment.change";
    public const string SaveAssessment = "assessment.save";
    public const string KeepWithPeople = "assessment.keep";
    public const string ShowReview = "review.show";
    public const string AnswerPulse = "pulse.answer";
    public const string EditPulse = "pulse.edit";
    public const string ShowPulseResults = "pulse.results";
    public const string ShowMyData = "mydata.show";
    public const string ExportMyData = "mydata.export";
    public const string EraseMyData = "mydata.erase";
    public const string EraseMyDataConfirmed = "mydata.erase.confirmed";
    public const string SendProposal = "pilot.propose";
    public const string ShowPilot = "pilot.show";
    public const string RefreshPilot = "pilot.refresh";
    public const string ShowPilots = "pilots.show";
    public const string PilotHistory = "pilot.history";
    public const string ApprovePilot = "pilot.approve";
    public const string DeclinePilot = "pilot.decline";
    public const string RequestPilotChanges = "pilot.changes";
    public const string WithdrawPilot = "pilot.withdraw";
    public const string EditPilot = "pilot.edit";
    public const string ResubmitPilot = "pilot.resubmit";
    public const string StartPilot = "pilot.start";
    public const string PausePilot = "pilot.pause";
    public const string ResumePilot = "pilot.resume";
    public const string ReviewPilot = "pilot.review";
    public const string KeepPilot = "pilot.keep";
    public const string AdjustPilot = "pilot.adjust";
    public const string RetirePilot = "pilot.retire";
    public const string AnswerRelief = "relief.answer";
    public const string ConfirmStage = "stage.confirm";
    public const string DeclineStage = "stage.decline";
    public const string SaveNudgeCadence = "nudge.cadence";
    public const string NudgeAction = "nudge.act";
    public const string ShowRegistry = "registry.show";
    public const string ExplainAutomation = "registry.explain";
    public const string AddAutomation = "registry.add";
    public const string EditAutomation = "registry.edit";
    public const string SaveAutomation = "registry.save";
    public const string PauseAutomation = "registry.pause";
    public const string ResumeAutomation = "registry.resume";
    public const string RetireAutomation = "registry.retire";

    /// <summary>The verbs the backlog answers (<see cref="Turns.BacklogTurns"/>).</summary>
    public static readonly IReadOnlySet<string> Backlog = new HashSet<string>(StringComparer.Ordinal)
    {
        CaptureConfirm, CaptureDismiss, CaptureUndo, ShowBacklog, ShowPattern, PlusOne, MergePattern, SplitEntry,
        ShowMyEntries, EditEntry, SaveEntry, WithdrawEntry,
    };

    /// <summary>The verbs of the weekly pulse (<see cref="Turns.PulseTurns"/>).</summary>
    public static readonly IReadOnlySet<string> Pulse = new HashSet<string>(StringComparer.Ordinal)
    {
        AnswerPulse, EditPulse, ShowPulseResults,
    };

    /// <summary>The verbs of "meine daten" (<see cref="Privacy.PrivacyTurns"/>).</summary>
    public static readonly IReadOnlySet<string> MyData = new HashSet<string>(StringComparer.Ordinal)
    {
        ShowMyData, ExportMyData, EraseMyData, EraseMyDataConfirmed,
    };

    /// <summary>The verbs of "Muss das ein Mensch tun?" (<see cref="Turns.AssessmentTurns"/>).</summary>
    public static readonly IReadOnlySet<string> Assessment = new HashSet<string>(StringComparer.Ordinal)
    {
        MustAHumanDoIt, ShowAssessment, ConfirmAssessment, ChangeAssessment, SaveAssessment, KeepWithPeople, ShowReview,
    };

    /// <summary>The verbs of pilots and their relief checks (<see cref="Turns.PilotTurns"/>).</summary>
    public static readonly IReadOnlySet<string> Pilots = new HashSet<string>(StringComparer.Ordinal)
    {
        ProposePilot, SendProposal, ShowPilot, RefreshPilot, ShowPilots, PilotHistory, ApprovePilot, DeclinePilot, RequestPilotChanges,
        WithdrawPilot, EditPilot, ResubmitPilot, StartPilot, PausePilot, ResumePilot, ReviewPilot, KeepPilot, AdjustPilot, RetirePilot, AnswerRelief,
    };

    /// <summary>The pilot verbs that change a pilot, with the step each one is.</summary>
    public static readonly IReadOnlyDictionary<string, Coaching.Pilots.PilotStep> PilotSteps = new Dictionary<string, Coaching.Pilots.PilotStep>(StringComparer.Ordinal)
    {
        [ApprovePilot] = Coaching.Pilots.PilotStep.Approve,
        [DeclinePilot] = Coaching.Pilots.PilotStep.Decline,
        [RequestPilotChanges] = Coaching.Pilots.PilotStep.RequestChanges,
        [WithdrawPilot] = Coaching.Pilots.PilotStep.Withdraw,
        [ResubmitPilot] = Coaching.Pilots.PilotStep.Resubmit,
        [StartPilot] = Coaching.Pilots.PilotStep.Start,
        [PausePilot] = Coaching.Pilots.PilotStep.Pause,
        [ResumePilot] = Coaching.Pilots.PilotStep.Resume,
        [ReviewPilot] = Coaching.Pilots.PilotStep.Review,
        [KeepPilot] = Coaching.Pilots.PilotStep.Keep,
        [AdjustPilot] = Coaching.Pilots.PilotStep.Adjust,
        [RetirePilot] = Coaching.Pilots.PilotStep.Retire,
    };

    /// <summary>The verbs of a team's stage and its nudge setting (<see cref="Turns.StageTurns"/>).</summary>
    public static readonly IReadOnlySet<string> Stage = new HashSet<string>(StringComparer.Ordinal)
    {
        ConfirmStage, DeclineStage, SaveNudgeCadence,
    };

    /// <summary>The verbs of the registry of automated steps (<see cref="Turns.RegistryTurns"/>).</summary>
    public static readonly IReadOnlySet<string> Registry = new HashSet<string>(StringComparer.Ordinal)
    {
        ShowRegistry, ExplainAutomation, AddAutomation, EditAutomation, SaveAutomation, PauseAutomation, ResumeAutomation, RetireAutomation,
    };
}
