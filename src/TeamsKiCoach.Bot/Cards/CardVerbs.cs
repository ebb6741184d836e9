namespace TeamsKiCoach.Bot.Cards;

/// <summary>
/// Every verb a card button can send, as the card builders write it and the handlers register it
/// (<see cref="Turns.TurnRoutes"/>): one name, one handler.
/// </summary>
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
}
