using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Pulse;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Privacy;
using TeamsKiCoach.Storage.Pulse;

namespace TeamsKiCoach.Storage.Privacy;

/// <summary>
/// The claim of one tenant's retention run of one UTC day. (tenant, day) is unique: the host whose insert of
/// this row succeeds does the run, every other host's insert fails and it leaves the tenant alone. The claim is
/// written in the same transaction as the deletions, so a run that fails half way leaves no claim behind and
/// another host (or the same one, later) runs it again that day; and because every run deletes by cut-off
/// date, a day that is missed altogether is caught up by the next one. Rows carry no person and double as the
/// record that retention ran, kept as long as the audit trail.
/// </summary>
public sealed class RetentionRun : ITenantOwned
{
    public long Id { get; set; }
    public required string TenantId { get; set; }
    public DateOnly Day { get; set; }
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Rows the run deleted, over all tables.</summary>
    public int Deleted { get; set; }
}

/// <summary>What one tenant's retention run deleted, by table, and how many pulse answer keys it forgot.</summary>
public sealed record RetentionResult(string TenantId, DateOnly Day, IReadOnlyDictionary<string, int> Deleted, int KeysForgotten)
{
    public int Total => Deleted.Values.Sum();
}

/// <summary>One tenant in a daily round: its result, null when another host had claimed the day, or what went wrong.</summary>
public sealed record RetentionOutcome(string TenantId, RetentionResult? Result, Exception? Error);

/// <summary>
/// Deletes what is past its retention (<see cref="RetentionOptions"/>), once per tenant and day, and forgets the
/// answer keys of closed pulse weeks. Backlog entries are never deleted here: they stay until withdrawn, and a
/// withdrawn entry already has no text. The scheduler calls <see cref="RunDueAsync"/> on every poll; it touches
/// the database only once a day (and an hour after a round that failed).
/// </summary>
public sealed class Retention(CoachDbFactory dbFactory, PulseService pulses, RetentionOptions options, TimeProvider clock)
{
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim round = new(1, 1);
    private DateOnly? doneDay;
    private DateTimeOffset retryAt = DateTimeOffset.MinValue;

    /// <summary>Runs every tenant's retention of today unless this host has done today's round already.</summary>
    public async Task<IReadOnlyList<RetentionOutcome>> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (doneDay == today || now < retryAt || !await round.WaitAsync(0, cancellationToken))
        {
            return [];
        }

        try
        {
            var outcomes = new List<RetentionOutcome>();
            List<string> tenants;
            try
            {
                tenants = await TenantsAsync(cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                retryAt = now + RetryAfterFailure;
                throw;
            }

            foreach (var tenant in tenants)
            {
                try
                {
                    outcomes.Add(new RetentionOutcome(tenant, await RunAsync(tenant, cancellationToken), null));
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    outcomes.Add(new RetentionOutcome(tenant, null, ex));
                }
            }

            if (outcomes.Any(o => o.Error is not null))
            {
                retryAt = now + RetryAfterFailure;
            }
            else
            {
                doneDay = today;
            }

            return outcomes;
        }
        finally
        {
            round.Release();
        }
    }

    /// <summary>One tenant's run of today: null when it was claimed already (by this or another host).</summary>
    public async Task<RetentionResult?> RunAsync(string tenantId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var deleted = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await using (var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var claim = new RetentionRun { TenantId = tenantId, Day = today, StartedAt = now };
            db.RetentionRuns.Add(claim);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                if (await db.RetentionRuns.AnyAsync(r => r.Day == today, cancellationToken))
                {
                    return null;
                }

                throw;
            }

            // Answers carry no time of their own (it would tell who answered when): their week's key, which sorts
            // like the weeks, decides. The week that holds the cut-off day stays whole.
            var firstPulseWeek = IsoWeek.Of(today.AddMonths(-options.PulseAnswerMonths)).Key;
            deleted["pulse_answers"] = await db.PulseAnswers.Where(a => string.Compare(a.Week, firstPulseWeek) < 0).ExecuteDeleteAsync(cancellationToken);
            deleted["pulse_runs"] = await db.PulseRuns.Where(r => string.Compare(r.Week, firstPulseWeek) < 0).ExecuteDeleteAsync(cancellationToken);

            var auditCutoff = now.AddMonths(-options.AuditMonths);
            deleted["audit_trail"] = await db.AuditRecords.Where(a => a.At < auditCutoff).ExecuteDeleteAsync(cancellationToken);

            var outboxCutoff = now.AddDays(-options.FinishedOutboxDays);
            deleted["outbox"] = await db.Outbox
                .Where(m => m.State != OutboxState.Pending && m.FinishedAt != null && m.FinishedAt < outboxCutoff)
                .ExecuteDeleteAsync(cancellationToken);

            var firstPromptDay = today.AddDays(-options.DailyPromptDays);
            deleted["daily_prompts"] = await db.DailyPrompts.Where(p => p.LocalDate < firstPromptDay).ExecuteDeleteAsync(cancellationToken);

            var firstRunDay = today.AddMonths(-options.AuditMonths);
            deleted["retention_runs"] = await db.RetentionRuns.Where(r => r.Day < firstRunDay).ExecuteDeleteAsync(cancellationToken);

            claim.Deleted = deleted.Values.Sum();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // After the commit: on SQLite a second writer inside the transaction would wait for this one's lock.
        var forgotten = await pulses.ForgetClosedKeysAsync(tenantId, cancellationToken);
        return new RetentionResult(tenantId, today, deleted, forgotten);
    }

    // Every tenant that has data: its teams stay recorded after an uninstall, and a personal chat may exist without a team.
    private async Task<List<string>> TenantsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForSystemAsync(cancellationToken);
        var teams = await db.Teams.IgnoreQueryFilters().Select(t => t.TenantId).Distinct().ToListAsync(cancellationToken);
        var chats = await db.Conversations.IgnoreQueryFilters().Select(c => c.TenantId).Distinct().ToListAsync(cancellationToken);
        return teams.Union(chats, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}
