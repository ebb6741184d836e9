namespace TeamsKiCoach.Storage.Pilots;

public enum ReliefAnswerOutcome
{
    Recorded,
    AlreadyAnswered,
    NotYours,
    Closed,
}
