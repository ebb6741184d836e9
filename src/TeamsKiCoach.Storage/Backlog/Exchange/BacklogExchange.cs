using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Exchange;

namespace TeamsKiCoach.Storage.Backlog.Exchange;

/// <summary>A team's backlog out to a file and in from one; used by the command line and the download links.</summary>
public sealed class BacklogExchange(CoachDbFactory dbFactory, IPatternGrouper grouper, TimeProvider clock)
{
    /// <summary>Whether the tenant has this team: the bot is or was installed in it, or it has a backlog.</summary>
    public async Task<bool> KnowsTeamAsync(string tenantId, string teamId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return await db.Teams.AnyAsync(t => t.TeamId == teamId, cancellationToken)
            || await db.BacklogEntries.AnyAsync(e => e.TeamId == teamId, cancellationToken);
    }

    public async Task<IReadOnlyList<ExportRow>> RowsAsync(string tenantId, string teamId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return await BacklogExport.RowsAsync(db, teamId, grouper, cancellationToken, clock);
    }

    public async Task<byte[]> ExportAsync(string tenantId, string teamId, ExchangeFormat format, CancellationToken cancellationToken) =>
        BacklogExport.ToBytes(await RowsAsync(tenantId, teamId, cancellationToken), format);

    /// <summary>The admin's <c>backlog regroup</c>: the team's stored patterns grouped again, numbers kept (<see cref="PatternStore.RegroupAsync"/>).</summary>
    public async Task<RegroupReport> RegroupAsync(string tenantId, string teamId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var report = await PatternStore.RegroupAsync(db, teamId, grouper, clock.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return report;
    }

    public Task<ImportReport> ImportAsync(string tenantId, string teamId, ImportParse parse, CancellationToken cancellationToken) =>
        BacklogImport.RunAsync(dbFactory, tenantId, teamId, parse, clock.GetUtcNow(), cancellationToken, grouper);
}
