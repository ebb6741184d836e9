using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Storage;

namespace TeamsKiCoach.Coaching.Teams;

/// <summary>The teams the bot is installed in, their settings and their leads.</summary>
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
            catch (DbUpdateException) when (attempt == 0)
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
            db.TeamLeads.Add(new TeamLead { TenantId = tenantId, TeamId = teamId, AadObjectId = installerAadObjectId, AddedAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
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

    /// <summary>The installed teams this person leads, checked by their AAD object id.</summary>
    public async Task<IReadOnlyList<TeamRecord>> LedByAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var teamIds = db.TeamLeads.Where(l => l.AadObjectId == aadObjectId).Select(l => l.TeamId);
        return await db.Teams.AsNoTracking()
            .Where(t => t.Installed && teamIds.Contains(t.TeamId))
            .OrderBy(t => t.InstalledAt)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The installed teams this person is a member of, oldest install first.</summary>
    public async Task<IReadOnlyList<TeamRecord>> MemberOfAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var teamIds = db.TeamMembers.Where(m => m.AadObjectId == aadObjectId).Select(m => m.TeamId);
        return await db.Teams.AsNoTracking()
            .Where(t => t.Installed && teamIds.Contains(t.TeamId))
            .OrderBy(t => t.InstalledAt)
            .ToListAsync(cancellationToken);
    }
}
