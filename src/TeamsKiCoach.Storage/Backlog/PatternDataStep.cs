using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Backlog;

namespace TeamsKiCoach.Storage.Backlog;

/// <summary>
/// Carries a backlog from before patterns were stored over to stored patterns, once per tenant, right after the
/// schema is migrated (the host and the command line run it after <see cref="CoachDbFactory.InitializeAsync"/>).
/// It is a step in C# and not part of the migration because the patterns come from the grouping of the entries'
/// words (with the leads' merges and splits), which SQL cannot do. For each team it groups the entries as the
/// backlog was grouped before, gives each pattern the number of its earliest entry (the number cards and checks
/// used until now), and points every check, pilot and grouping decision at the pattern that holds the entry whose
/// number it kept. Idempotent: it changes only what points nowhere yet, and a mark per tenant keeps it from running twice.
/// </summary>
public static class PatternDataStep
{
    public const string Name = "stored-patterns";

    /// <summary>Runs the step for every tenant that has not had it; returns how many tenants it ran for.</summary>
    public static async Task<int> RunAsync(CoachDbFactory dbFactory, IPatternGrouper grouper, TimeProvider clock, CancellationToken cancellationToken)
    {
        List<string> tenants;
        await using (var system = await dbFactory.ForSystemAsync(cancellationToken))
        {
            var done = system.DataSteps.IgnoreQueryFilters().Where(d => d.Name == Name).Select(d => d.TenantId);
            tenants = await system.BacklogEntries.IgnoreQueryFilters().Select(e => e.TenantId)
                .Union(system.PatternAssessments.IgnoreQueryFilters().Select(a => a.TenantId))
                .Union(system.Pilots.IgnoreQueryFilters().Select(p => p.TenantId))
                .Where(t => !done.Contains(t))
                .ToListAsync(cancellationToken);
        }

        foreach (var tenant in tenants)
        {
            try
            {
                await RunForTenantAsync(dbFactory, tenant, grouper, clock, cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another host starting at the same moment did it first (its mark won the unique index): nothing is lost.
                if (!await IsDoneAsync(dbFactory, tenant, cancellationToken))
                {
                    throw;
                }
            }
        }

        return tenants.Count;
    }

    private static async Task<bool> IsDoneAsync(CoachDbFactory dbFactory, string tenantId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return await db.DataSteps.AnyAsync(d => d.Name == Name, cancellationToken);
    }

    private static async Task RunForTenantAsync(CoachDbFactory dbFactory, string tenantId, IPatternGrouper grouper, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.DataSteps.AnyAsync(d => d.Name == Name, cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var teams = await db.BacklogEntries.Select(e => e.TeamId)
            .Union(db.PatternAssessments.Select(a => a.TeamId))
            .Union(db.Pilots.Select(p => p.TeamId))
            .OrderBy(t => t)
            .ToListAsync(cancellationToken);
        foreach (var teamId in teams)
        {
            await PatternStore.PlaceNewAsync(db, teamId, grouper, now, cancellationToken);

            // The pattern of each entry number, as it is now: what the old keys named.
            var patternOf = await db.BacklogEntries.AsNoTracking()
                .Where(e => e.TeamId == teamId && e.PatternId != null)
                .Join(db.BacklogPatterns, e => e.PatternId, p => (long?)p.Id, (e, p) => new { e.Id, EntryNumber = e.Number, PatternId = p.Id, PatternNumber = p.Number })
                .ToListAsync(cancellationToken);
            var byNumber = patternOf.ToDictionary(x => x.EntryNumber, x => (x.PatternId, x.PatternNumber));
            var byEntryId = patternOf.ToDictionary(x => x.Id, x => x.PatternId);

            foreach (var assessment in await db.PatternAssessments.Where(a => a.TeamId == teamId && a.PatternId == null).ToListAsync(cancellationToken))
            {
                if (byNumber.TryGetValue(assessment.PatternKey, out var pattern))
                {
                    assessment.PatternId = pattern.PatternId;
                    assessment.PatternKey = pattern.PatternNumber;
                }
            }

            foreach (var pilot in await db.Pilots.Where(p => p.TeamId == teamId && p.PatternId == null).ToListAsync(cancellationToken))
            {
                if (byNumber.TryGetValue(pilot.PatternKey, out var pattern))
                {
                    pilot.PatternId = pattern.PatternId;
                    pilot.PatternKey = pattern.PatternNumber;
                }
            }

            foreach (var decision in await db.GroupingDecisions.Where(d => d.TeamId == teamId && d.PatternId == null).ToListAsync(cancellationToken))
            {
                // A split names the pattern the entry left: the one its former mates are in.
                var named = decision.Kind == DecisionKind.Split ? decision.OtherEntryIds : decision.EntryIds;
                decision.PatternId = GroupingDecisionRecord.ParseIds(named)
                    .Select(id => byEntryId.TryGetValue(id, out var patternId) ? patternId : (long?)null)
                    .FirstOrDefault(id => id is not null);
            }
        }

        db.DataSteps.Add(new DataStepRecord { TenantId = tenantId, Name = Name, DoneAt = now });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
