namespace TeamsKiCoach.Coaching.Teams;

/// <summary>What a person is in a team, as the coach counts it.</summary>
public enum TeamRoleKind
{
    None,
    Member,
    Lead,
}

/// <summary>
/// Who a person is in one team: the one answer backlog, pilots, pulse, stages, registry and exports ask for. Two
/// stored facts make it: a lead row (with where the role came from) and the roster Teams reported. A lead counts as
/// a member even before the roster names them; a person's own personal backlog is theirs to lead.
/// </summary>
public sealed record TeamRole(LeadSource? LeadSource, bool OnRoster)
{
    public static readonly TeamRole None = new(null, false);

    /// <summary>The person's own personal backlog: they installed it for themselves and lead it alone.</summary>
    public static readonly TeamRole OwnBacklog = new(Teams.LeadSource.Installer, true);

    /// <summary>May decide for the team: approve pilots, confirm stages, merge patterns, edit the registry.</summary>
    public bool IsLead => LeadSource is not null;

    /// <summary>May use the team's backlog, pilots and registry: on the roster, or a lead.</summary>
    public bool IsMember => OnRoster || IsLead;

    public TeamRoleKind Kind => IsLead ? TeamRoleKind.Lead : OnRoster ? TeamRoleKind.Member : TeamRoleKind.None;

    /// <summary>
    /// The role from the stored facts. <paramref name="leadSource"/> is the person's lead row in the team, if any;
    /// <paramref name="onRoster"/> whether the team's roster names them.
    /// </summary>
    public static TeamRole Of(string teamId, string aadObjectId, LeadSource? leadSource, bool onRoster) =>
        IsOwnBacklog(teamId, aadObjectId) ? OwnBacklog
        : leadSource is null && !onRoster ? None
        : new TeamRole(leadSource, onRoster);

    /// <summary>A personal backlog has no stored roster or leads: its one person is both, by its id.</summary>
    public static bool IsOwnBacklog(string teamId, string aadObjectId) => teamId == TeamRecord.PersonalTeamId(aadObjectId);
}
