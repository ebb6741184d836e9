using TeamsKiCoach.Coaching.Pilots;

namespace TeamsKiCoach.Storage.Pilots;

/// <summary>What a step gave: the domain's result (done or refused) and the pilot as it stands now; null when not visible.</summary>
public sealed record StepOutcome(PilotResult Result, PilotView? View);
