namespace TeamsKiCoach.Storage.Teams;

public enum LeadChange
{
    Added,
    AlreadyLead,
    NotLead,
    NotMember,
    NoTeam,
}
