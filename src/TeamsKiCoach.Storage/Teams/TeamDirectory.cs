using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Audit;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage.Audit;

namespace TeamsKiCoach.Storage.Teams;

/// <summary>The teams the bot is installed in, their settings, who is who in them, and their leads.</summary>
public sealed class TeamDirectory(CoachDbFactory dbFactory, TimeProvider clock)
{
    /// <summary>
    /// Records an install. The person who installs the bot in a team becomes its first lead; later leads are
    /// added by a lead. Reinstalling keeps settings and leads.
    /// </summary>
    public async Task RecordInstallAsync(string tenantId, string teamId, string? name, string? installerAadObjectId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await RecordInstallOnceAsync(tenantId, teamId, name, installerAadObjectId, cancellationToken);
                return;
            }
            catch (DbUpdateException ex) when (attempt == 0 && ex.IsUniqueViolation())
            {
                // Teams announced the install twice at once; the other request created the rows.
            }
        }
    }

    private async Task RecordInstallOnceAsync(string tenantId, string teamId, string? name, string? installerAadObjectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var now = clock.GetUtcNow();
        var team = await db.Teams.SingleOrDefaultAsync(t => t.TeamId == teamId, cancellationToken);
        if (team is null)
        {
            team = new TeamRecord { TenantId = tenantId, TeamId = teamId, InstalledAt = now, InstalledByAadObjectId = installerAadObjectId };
            db.Teams.Add(team);
        }

        team.Name = name ?? team.Name;
        team.Installed = true;
        if (installerAadObjectId is not null && !await db.TeamLeads.AnyAsync(l => l.TeamId == teamId, cancellationToken))
        {
            db.TeamLeads.Add(new TeamLead { TenantId = tenantId, TeamId = teamId, AadObjectId = installerAadObjectId, AddedAt = now, Source = LeadSource.Installer });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>How often the team's channel gets a nudge; only a lead of the team may set it. False: not a lead, or no such team.</summary>
    public async Task<bool> SetNudgeCadenceAsync(string tenantId, string actor, string teamId, Coaching.Nudges.NudgeCadence cadence, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        if (!Enum.IsDefined(cadence) || !(await RoleAsync(db, teamId, actor, cancellationToken)).IsLead)
        {
            return false;
        }

        return await db.Teams.Where(t => t.TeamId == teamId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.NudgeCadence, cadence), cancellationToken) == 1;
    }

    public async Task MarkUninstalledAsync(string tenantId, string teamId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        await db.Teams.Where(t => t.TeamId == teamId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Installed, false), cancellationToken);
    }

    public async Task<TeamRecord?> FindAsync(string tenantId, string teamId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return await db.Teams.AsNoTracking().SingleOrDefaultAsync(t => t.TeamId == teamId, cancellationToken);
    }

    /// <summary>Who the person is in the team: the one place that answers it, checked by their AAD object id.</summary>
    public async Task<TeamRole> RoleAsync(string tenantId, string teamId, string aadObjectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return await RoleAsync(db, teamId, aadObjectId, cancellationToken);
    }

    /// <summary>
    /// <see cref="RoleAsync(string, string, string, CancellationToken)"/> inside a unit of work that is already open,
    /// so a decision and the check it rests on read the same database state. The tenant is the context's.
    /// </summary>
    public static async Task<TeamRole> RoleAsync(CoachDbContext db, string teamId, string aadObjectId, CancellationToken cancellationToken)
    {
        if (TeamRole.IsOwnBacklog(teamId, aadObjectId))
        {
            return TeamRole.OwnBacklog;
        }

        // A lead (the usual asker of a question that needs a role) is answered in one query.
        var lead = await db.TeamLeads.AsNoTracking()
            .Where(l => l.TeamId == teamId && l.AadObjectId == aadObjectId)
            .Select(l => new { l.Source, OnRoster = db.TeamMembers.Any(m => m.TeamId == teamId && m.AadObjectId == aadObjectId) })
            .FirstOrDefaultAsync(cancellationToken);
        var onRoster = lead?.OnRoster ?? await db.TeamMembers.AnyAsync(m => m.TeamId == teamId && m.AadObjectId == aadObjectId, cancellationToken);
        return TeamRole.Of(teamId, aadObjectId, lead?.Source, onRoster);
    }

    /// <summary>A lead of the team makes another member of it a lead; both are named by their AAD object id.</summary>
    public async Task<LeadChange> AddLeadAsync(
        string tenantId, string actor, string? actorName, string teamId, string newLead, string? newLeadName, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        if (!await db.Teams.AnyAsync(t => t.TeamId == teamId && t.Installed, cancellationToken))
        {
            return LeadChange.NoTeam;
        }

        if (!(await RoleAsync(db, teamId, actor, cancellationToken)).IsLead)
        {
            return LeadChange.NotLead;
        }

        // Only someone the team's roster names can be made a lead: Teams, not the card, says who is in the team.
        var role = await RoleAsync(db, teamId, newLead, cancellationToken);
        if (!role.OnRoster)
        {
            return LeadChange.NotMember;
        }

        if (role.IsLead)
        {
            return LeadChange.AlreadyLead;
        }

        var now = clock.GetUtcNow();
        db.TeamLeads.Add(new TeamLead { TenantId = tenantId, TeamId = teamId, AadObjectId = newLead, AddedAt = now, Source = LeadSource.AddedByLead });
        AuditTrail.Add(db, teamId, AuditSubjects.Lead, newLead, "added", actor, actorName, now, newLeadName);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another lead added the same person at the same moment.
            return LeadChange.AlreadyLead;
        }

        return LeadChange.Added;
    }

    /// <summary>The AAD object id of a team member known by their Teams user id (a mention names only that).</summary>
    public async Task<string?> MemberByTeamsIdAsync(string tenantId, string teamId, string teamsUserId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == teamId && m.TeamsUserId == teamsUserId)
            .Select(m => m.AadObjectId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The AAD object ids of the team's leads, longest-serving first; a personal backlog's one person.</summary>
    public static async Task<IReadOnlyList<string>> LeadIdsAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken) =>
        teamId.StartsWith(TeamRecord.PersonalPrefix, StringComparison.Ordinal)
            ? [teamId[TeamRecord.PersonalPrefix.Length..]]
            : await db.TeamLeads.AsNoTracking().Where(l => l.TeamId == teamId).OrderBy(l => l.AddedAt).Select(l => l.AadObjectId).ToListAsync(cancellationToken);

    /// <summary>The installed teams this person leads, checked by their AAD object id.</summary>
    public Task<IReadOnlyList<TeamRecord>> LedByAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken) =>
        InstalledTeamsAsync(tenantId, aadObjectId, InstalledLedBy, cancellationToken);

    /// <summary><see cref="LedByAsync(string, string, CancellationToken)"/> inside a unit of work that is already open.</summary>
    public static async Task<IReadOnlyList<TeamRecord>> LedByAsync(CoachDbContext db, string aadObjectId, CancellationToken cancellationToken) =>
        await InstalledLedBy.For(db)(db, aadObjectId).ToListAsync(cancellationToken);

    /// <summary>The installed teams this person is a member of, oldest install first.</summary>
    public Task<IReadOnlyList<TeamRecord>> MemberOfAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken) =>
        InstalledTeamsAsync(tenantId, aadObjectId, InstalledWithMember, cancellationToken);

    private async Task<IReadOnlyList<TeamRecord>> InstalledTeamsAsync(
        string tenantId, string aadObjectId, PerProvider<Func<CoachDbContext, string, IAsyncEnumerable<TeamRecord>>> teams, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return await teams.For(db)(db, aadObjectId).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The installed teams the person is a member or lead of, oldest install first, each with whether they lead it:
    /// one compiled question, so "status" does not ask for the led teams again.
    /// </summary>
    public static async Task<IReadOnlyList<TeamOfPerson>> TeamsOfAsync(CoachDbContext db, string aadObjectId, CancellationToken cancellationToken) =>
        await TeamsOf.For(db)(db, aadObjectId).ToListAsync(cancellationToken);

    private static readonly PerProvider<Func<CoachDbContext, string, IAsyncEnumerable<TeamOfPerson>>> TeamsOf = new(
        () => EF.CompileAsyncQuery<CoachDbContext, string, TeamOfPerson>((db, aadObjectId) =>
            db.Teams.AsNoTracking()
                .Where(t => t.Installed)
                .Select(t => new
                {
                    Team = t,
                    Leads = db.TeamLeads.Any(l => l.TeamId == t.TeamId && l.AadObjectId == aadObjectId),
                    Member = db.TeamMembers.Any(m => m.TeamId == t.TeamId && m.AadObjectId == aadObjectId),
                })
                .Where(x => x.Leads || x.Member)
                .OrderBy(x => x.Team.InstalledAt)
                .ThenBy(x => x.Team.Id)
                .Select(x => new TeamOfPerson(x.Team, x.Leads))),
        (db, aadObjectId) =>
            db.Teams.AsNoTracking()
                .Where(t => t.Installed)
                .Select(t => new
                {
                    Team = t,
                    Leads = db.TeamLeads.Any(l => l.TeamId == t.TeamId && l.AadObjectId == aadObjectId),
                    Member = db.TeamMembers.Any(m => m.TeamId == t.TeamId && m.AadObjectId == aadObjectId),
                })
                .Where(x => x.Leads || x.Member)
                .OrderBy(x => x.Team.InstalledAt)
                .ThenBy(x => x.Team.Id)
                .Select(x => new TeamOfPerson(x.Team, x.Leads))
                .AsAsyncEnumerable());

    // Compiled: "status" and setting a prompt time ask these on every call.
    private static readonly PerProvider<Func<CoachDbContext, string, IAsyncEnumerable<TeamRecord>>> InstalledLedBy = new(
        () => EF.CompileAsyncQuery<CoachDbContext, string, TeamRecord>((db, aadObjectId) =>
            db.Teams.AsNoTracking()
                .Where(t => t.Installed && db.TeamLeads.Any(l => l.TeamId == t.TeamId && l.AadObjectId == aadObjectId))
                .OrderBy(t => t.InstalledAt)
                .ThenBy(t => t.Id)),
        (db, aadObjectId) =>
            db.Teams.AsNoTracking()
                .Where(t => t.Installed && db.TeamLeads.Any(l => l.TeamId == t.TeamId && l.AadObjectId == aadObjectId))
                .OrderBy(t => t.InstalledAt)
                .ThenBy(t => t.Id)
                .AsAsyncEnumerable());

    private static readonly PerProvider<Func<CoachDbContext, string, IAsyncEnumerable<TeamRecord>>> InstalledWithMember = new(
        () => EF.CompileAsyncQuery<CoachDbContext, string, TeamRecord>((db, aadObjectId) =>
            db.Teams.AsNoTracking()
                .Where(t => t.Installed && db.TeamMembers.Any(m => m.TeamId == t.TeamId && m.AadObjectId == aadObjectId))
                .OrderBy(t => t.InstalledAt)
                .ThenBy(t => t.Id)),
        (db, aadObjectId) =>
            db.Teams.AsNoTracking()
                .Where(t => t.Installed && db.TeamMembers.Any(m => m.TeamId == t.TeamId && m.AadObjectId == aadObjectId))
                .OrderBy(t => t.InstalledAt)
                .ThenBy(t => t.Id)
                .AsAsyncEnumerable());

    /// <summary>
    /// How many of a team's members the bot can reach with a prompt. Numbers only: nobody is named, so a lead
    /// learns whether something needs fixing, not who.
    /// </summary>
    public async Task<TeamReach> ReachAsync(string tenantId, string teamId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var members = await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == teamId).ToListAsync(cancellationToken);
        var ids = members.Select(m => m.AadObjectId).ToList();
        var blocked = await db.PersonSettings.AsNoTracking()
            .Where(p => ids.Contains(p.AadObjectId) && p.UnreachableSince != null)
            .Select(p => p.AadObjectId)
            .ToListAsync(cancellationToken);
        var withChat = await db.Conversations.AsNoTracking()
            .Where(c => c.Scope == Coaching.Conversations.ConversationScope.Personal && c.Installed && c.UserAadObjectId != null && ids.Contains(c.UserAadObjectId))
            .Select(c => c.UserAadObjectId!)
            .Distinct()
            .ToListAsync(cancellationToken);
        var blockedSet = blocked.ToHashSet();
        var chatSet = withChat.ToHashSet();
        var unknown = members.Count(m => !blockedSet.Contains(m.AadObjectId) && !chatSet.Contains(m.AadObjectId) && m.TeamsUserId is null);
        return new TeamReach(
            members.Count,
            members.Count(m => !blockedSet.Contains(m.AadObjectId) && chatSet.Contains(m.AadObjectId)),
            members.Count(m => !blockedSet.Contains(m.AadObjectId) && !chatSet.Contains(m.AadObjectId) && m.TeamsUserId is not null),
            blockedSet.Count,
            unknown);
    }
}

/// <summary>An installed team a person is a member or lead of, and whether they lead it.</summary>
public sealed record TeamOfPerson(TeamRecord Team, bool Leads);

/// <summary>
/// A team's members by how the bot reaches them: in an existing personal chat, by opening one, or not at all
/// (blocked or chat deleted: until they write again; or Teams never told the bot how to address them).
/// </summary>
public sealed record TeamReach(int Members, int WithChat, int ChatToOpen, int Blocked, int Unaddressable)
{
    public int Reachable => WithChat + ChatToOpen;
}
