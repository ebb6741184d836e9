namespace TeamsKiCoach.Storage.Pilots;

/// <summary>A step a person can take on a pilot from a card.</summary>
public enum PilotStep
{
    Approve,
    Decline,
    RequestChanges,
    Withdraw,
    Resubmit,
    Start,
    Pause,
    Resume,
    Review,
    Keep,
    Adjust,
    Retire,
}
