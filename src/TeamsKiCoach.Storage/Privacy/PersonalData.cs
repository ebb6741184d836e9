using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Privacy;
using TeamsKiCoach.Storage.Backlog;

namespace TeamsKiCoach.Storage.Privacy;

/// <summary>How many rows of each kind the bot holds about a person, for the "meine daten" card.</summary>
public sealed record PersonalDataSummary(
    bool HasSettings,
    int Conversations,
    int Teams,
    int TeamsLed,
    int DailyPrompts,
    int NamedEntries,
    int Decisions,
    int LinkablePulseAnswers)
{
    public bool IsEmpty => !HasSettings && Conversations + Teams + TeamsLed + DailyPrompts + NamedEntries + Decisions + LinkablePulseAnswers == 0;
}

/// <summary>What an erasure did, table by table: rows removed and rows kept without the person.</summary>
public sealed record ErasureReport(IReadOnlyDictionary<string, int> Deleted, IReadOnlyDictionary<string, int> Unlinked)
{
    public int Total => Deleted.Values.Sum() + Unlinked.Values.Sum();
}

/// <summary>
/// A person's own data: what the bot holds about them, as a JSON file, and "Alles löschen". Erasure removes every
/// row that identifies the person and unlinks them from rows the team still needs (a decision stays a decision,
/// made by "a former member"); anonymous entries and pulse answers that cannot be linked to anyone stay, as the
/// cards promise. Which column identifies a person and what happens to it is listed once in
/// <see cref="PersonalDataMap"/>; a test fails when a stored column that names a person is missing there.
/// </summary>
public sealed class PersonalData(CoachDbFactory dbFactory, IEnumerable<IPersonalDataPart> parts, TimeProvider clock)
{
    /// <summary>Stands in for the person in rows that stay after an erasure.</summary>
    public const string FormerMember = "former-member";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public async Task<PersonalDataSummary> SummaryAsync(string tenantId, string aad, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var linkable = 0;
        foreach (var part in parts)
        {
            linkable += await part.CountLinkableAsync(db, aad, cancellationToken);
        }

        return new PersonalDataSummary(
            await db.PersonSettings.AnyAsync(p => p.AadObjectId == aad, cancellationToken),
            await db.Conversations.CountAsync(c => c.UserAadObjectId == aad, cancellationToken),
            await db.TeamMembers.CountAsync(m => m.AadObjectId == aad, cancellationToken),
            await db.TeamLeads.CountAsync(l => l.AadObjectId == aad, cancellationToken),
            await db.DailyPrompts.CountAsync(p => p.RecipientAadObjectId == aad, cancellationToken),
            await db.BacklogEntries.CountAsync(e => e.AuthorAadObjectId == aad && e.WithdrawnAt == null, cancellationToken),
            await db.GroupingDecisions.CountAsync(d => d.DecidedByAadObjectId == aad, cancellationToken)
                + await db.PatternAssessments.CountAsync(a => a.ConfirmedByAadObjectId == aad, cancellationToken)
                + await db.AuditRecords.CountAsync(a => a.ActorAadObjectId == aad, cancellationToken),
            linkable);
    }

    /// <summary>Everything the bot holds about the person, as an indented UTF-8 JSON document.</summary>
    public async Task<byte[]> ExportAsync(string tenantId, string aad, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var export = new Dictionary<string, object?>
        {
            ["exportedAt"] = clock.GetUtcNow(),
            ["tenant"] = tenantId,
            ["aadObjectId"] = aad,
            ["settings"] = await db.PersonSettings.AsNoTracking().Where(p => p.AadObjectId == aad)
                .Select(p => new { p.PausedAt, p.PausedUntil, p.PromptTime, p.UnreachableSince, p.UnreachableReason, p.BackoffNoticeAt, p.UpdatedAt })
                .FirstOrDefaultAsync(cancellationToken),
            ["conversations"] = await db.Conversations.AsNoTracking().Where(c => c.UserAadObjectId == aad)
                .Select(c => new { c.ConversationId, c.Scope, c.TeamsUserId, c.TeamId, c.Locale, c.TimeZone, c.ServiceUrl, c.FirstSeenAt, c.LastSeenAt })
                .ToListAsync(cancellationToken),
            ["teams"] = await db.TeamMembers.AsNoTracking().Where(m => m.AadObjectId == aad)
                .Select(m => new { m.TeamId, m.Name, m.TeamsUserId, m.JoinedAt, m.LastSeenAt })
                .ToListAsync(cancellationToken),
            ["teamsLed"] = await db.TeamLeads.AsNoTracking().Where(l => l.AadObjectId == aad)
                .Select(l => new { l.TeamId, l.AddedAt, l.Source })
                .ToListAsync(cancellationToken),
            ["dailyPrompts"] = await db.DailyPrompts.AsNoTracking().Where(p => p.RecipientAadObjectId == aad)
                .OrderBy(p => p.LocalDate)
                .Select(p => new { p.TeamId, p.LocalDate, p.DueAt, p.Answer, p.EntryNumber })
                .ToListAsync(cancellationToken),
            ["backlogEntries"] = await db.BacklogEntries.AsNoTracking().Where(e => e.AuthorAadObjectId == aad)
                .OrderBy(e => e.TeamId).ThenBy(e => e.Number)
                .Select(e => new { e.TeamId, e.Number, e.Text, e.Frequency, e.MinutesLost, e.Source, e.CreatedAt, e.EditedAt, e.WithdrawnAt })
                .ToListAsync(cancellationToken),
            ["groupingDecisions"] = await db.GroupingDecisions.AsNoTracking().Where(d => d.DecidedByAadObjectId == aad)
                .Select(d => new { d.TeamId, d.Kind, d.EntryIds, d.OtherEntryIds, d.DecidedAt })
                .ToListAsync(cancellationToken),
            ["assessmentsConfirmed"] = await db.PatternAssessments.AsNoTracking().Where(a => a.ConfirmedByAadObjectId == aad)
                .Select(a => new { a.TeamId, a.PatternKey, a.PatternTitle, a.ConfirmedVerdict, a.ConfirmedHow, a.ConfirmedByName, a.ConfirmedAt })
                .ToListAsync(cancellationToken),
            ["auditTrail"] = await db.AuditRecords.AsNoTracking().Where(a => a.ActorAadObjectId == aad)
                .OrderBy(a => a.At)
                .Select(a => new { a.TeamId, a.Subject, a.SubjectId, a.Action, a.ActorName, a.At, a.Detail, a.AiInvolved })
                .ToListAsync(cancellationToken),
            ["messagesQueued"] = await db.Outbox.AsNoTracking().Where(m => m.RecipientAadObjectId == aad)
                .Select(m => new { m.Kind, m.State, m.CreatedAt, m.FinishedAt })
                .ToListAsync(cancellationToken),
        };
        foreach (var part in parts)
        {
            export[part.Name] = await part.ExportAsync(db, aad, cancellationToken);
        }

        return JsonSerializer.SerializeToUtf8Bytes(export, Json);
    }

    /// <summary>"Alles löschen": in one transaction, so that an erasure is done whole or not at all.</summary>
    public async Task<ErasureReport> EraseAsync(string tenantId, string aad, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var unlinked = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var conversations = await db.Conversations.Where(c => c.UserAadObjectId == aad).Select(c => c.ConversationId).ToListAsync(cancellationToken);

        deleted["outbox"] = await db.Outbox.Where(m => m.RecipientAadObjectId == aad || (m.ConversationId != null && conversations.Contains(m.ConversationId)))
            .ExecuteDeleteAsync(cancellationToken);
        deleted["conversations"] = await db.Conversations.Where(c => c.UserAadObjectId == aad).ExecuteDeleteAsync(cancellationToken);
        deleted["person_settings"] = await db.PersonSettings.Where(p => p.AadObjectId == aad).ExecuteDeleteAsync(cancellationToken);
        deleted["team_members"] = await db.TeamMembers.Where(m => m.AadObjectId == aad).ExecuteDeleteAsync(cancellationToken);
        deleted["team_leads"] = await db.TeamLeads.Where(l => l.AadObjectId == aad).ExecuteDeleteAsync(cancellationToken);
        deleted["daily_prompts"] = await db.DailyPrompts.Where(p => p.RecipientAadObjectId == aad).ExecuteDeleteAsync(cancellationToken);

        // A personal backlog (the bot used without a team) carries the person's id in its team id: it goes whole.
        var own = Coaching.Teams.TeamRecord.PersonalTeamId(aad);
        deleted["personal_backlog"] = await db.BacklogEntries.Where(e => e.TeamId == own).ExecuteDeleteAsync(cancellationToken)
            + await db.GroupingDecisions.Where(d => d.TeamId == own).ExecuteDeleteAsync(cancellationToken)
            + await db.PatternAssessments.Where(a => a.TeamId == own).ExecuteDeleteAsync(cancellationToken)
            + await db.AuditRecords.Where(a => a.TeamId == own).ExecuteDeleteAsync(cancellationToken)
            + await db.ReliefAnswers.Where(a => db.Pilots.Any(p => p.Id == a.PilotId && p.TeamId == own)).ExecuteDeleteAsync(cancellationToken)
            + await db.ReliefAsks.Where(a => a.TeamId == own).ExecuteDeleteAsync(cancellationToken)
            + await db.Pilots.Where(p => p.TeamId == own).ExecuteDeleteAsync(cancellationToken)
            + await db.Automations.Where(a => a.TeamId == own).ExecuteDeleteAsync(cancellationToken)
            + await db.BacklogPatterns.Where(p => p.TeamId == own).ExecuteDeleteAsync(cancellationToken)
            + await db.Teams.Where(t => t.TeamId == own).ExecuteDeleteAsync(cancellationToken);

        // An entry keeps its number (numbers are never given out twice) but loses its words and its author.
        var now = clock.GetUtcNow();
        var patterns = await db.BacklogEntries.Where(e => e.AuthorAadObjectId == aad && e.PatternId != null)
            .Select(e => e.PatternId!.Value).Distinct().ToListAsync(cancellationToken);
        await db.BacklogEntries.Where(e => e.AuthorAadObjectId == aad && e.WithdrawnAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.WithdrawnAt, now), cancellationToken);
        unlinked["backlog_entries"] = await db.BacklogEntries.Where(e => e.AuthorAadObjectId == aad)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.AuthorAadObjectId, (string?)null)
                .SetProperty(e => e.Text, string.Empty)
                .SetProperty(e => e.MinutesLost, (int?)null)
                .SetProperty(e => e.CaptureKey, (string?)null), cancellationToken);
        // The titles of their patterns were made of words that are gone now: made again from the entries that remain.
        await Backlog.PatternStore.RetitleAsync(db, patterns, now, cancellationToken);
        unlinked["teams"] = await db.Teams.Where(t => t.InstalledByAadObjectId == aad)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.InstalledByAadObjectId, (string?)null), cancellationToken);
        unlinked["grouping_decisions"] = await db.GroupingDecisions.Where(d => d.DecidedByAadObjectId == aad)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.DecidedByAadObjectId, FormerMember), cancellationToken);
        unlinked["pattern_assessments"] = await db.PatternAssessments.Where(a => a.ConfirmedByAadObjectId == aad)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ConfirmedByAadObjectId, FormerMember).SetProperty(a => a.ConfirmedByName, (string?)null), cancellationToken);
        unlinked["audit_trail"] = await db.AuditRecords.Where(a => a.ActorAadObjectId == aad)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ActorAadObjectId, FormerMember).SetProperty(a => a.ActorName, (string?)null), cancellationToken)
            // A row about the person (made a lead, say) names them as its subject.
            + await db.AuditRecords.Where(a => a.SubjectId == aad)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.SubjectId, FormerMember).SetProperty(a => a.Detail, (string?)null), cancellationToken);
        foreach (var part in parts)
        {
            var (partDeleted, partUnlinked) = await part.EraseAsync(db, aad, cancellationToken);
            deleted[part.Name] = partDeleted;
            unlinked[part.Name] = partUnlinked;
        }

        await transaction.CommitAsync(cancellationToken);
        return new ErasureReport(deleted, unlinked);
    }
}

/// <summary>A feature's own tables in a person's export and erasure (pulse answers that can still be linked, pilots, …).</summary>
public interface IPersonalDataPart
{
    string Name { get; }

    Task<int> CountLinkableAsync(CoachDbContext db, string aad, CancellationToken cancellationToken);

    Task<object?> ExportAsync(CoachDbContext db, string aad, CancellationToken cancellationToken);

    Task<(int Deleted, int Unlinked)> EraseAsync(CoachDbContext db, string aad, CancellationToken cancellationToken);
}

/// <summary>
/// Every stored column that names a person, and what erasure does with it. The data sheet reads it too; a test
/// holds it to the database model.
/// </summary>
public static class PersonalDataMap
{
    public enum Erasure
    {
        /// <summary>The row is removed.</summary>
        Delete,

        /// <summary>The row stays; the person is replaced by <see cref="PersonalData.FormerMember"/> or nothing.</summary>
        Unlink,
    }

    public static IReadOnlyDictionary<string, Erasure> Columns { get; } = new Dictionary<string, Erasure>(StringComparer.Ordinal)
    {
        ["conversations.UserAadObjectId"] = Erasure.Delete,
        ["conversations.TeamsUserId"] = Erasure.Delete,
        ["conversations.ConversationId"] = Erasure.Delete,
        ["person_settings.AadObjectId"] = Erasure.Delete,
        ["team_members.AadObjectId"] = Erasure.Delete,
        ["team_members.TeamsUserId"] = Erasure.Delete,
        ["team_members.Name"] = Erasure.Delete,
        ["team_leads.AadObjectId"] = Erasure.Delete,
        ["daily_prompts.RecipientAadObjectId"] = Erasure.Delete,
        ["outbox.RecipientAadObjectId"] = Erasure.Delete,
        // Prompts and pulses key their messages by the recipient's AAD object id.
        ["outbox.RecipientKey"] = Erasure.Delete,
        ["outbox.ConversationId"] = Erasure.Delete,
        ["backlog_entries.AuthorAadObjectId"] = Erasure.Unlink,
        ["teams.InstalledByAadObjectId"] = Erasure.Unlink,
        ["grouping_decisions.DecidedByAadObjectId"] = Erasure.Unlink,
        ["pattern_assessments.ConfirmedByAadObjectId"] = Erasure.Unlink,
        ["pattern_assessments.ConfirmedByName"] = Erasure.Unlink,
        ["audit_trail.ActorAadObjectId"] = Erasure.Unlink,
        ["audit_trail.ActorName"] = Erasure.Unlink,
        ["pilots.ProposedByAadObjectId"] = Erasure.Unlink,
        ["pilots.ProposedByName"] = Erasure.Unlink,
        ["pilots.OwnerAadObjectId"] = Erasure.Unlink,
        ["pilots.OwnerName"] = Erasure.Unlink,
        ["pilots.DecidedByAadObjectId"] = Erasure.Unlink,
        ["pilots.DecidedByName"] = Erasure.Unlink,
        ["relief_asks.RecipientAadObjectId"] = Erasure.Delete,
        ["automations.OwnerAadObjectId"] = Erasure.Unlink,
        ["automations.OwnerName"] = Erasure.Unlink,
        ["nudge_runs.TriggeredByAadObjectId"] = Erasure.Unlink,
    };

    /// <summary>Whether a column's name says it holds a person: an AAD object id, a Teams user id, a chat, or a person's name.</summary>
    public static bool NamesAPerson(string property) =>
        property.EndsWith("AadObjectId", StringComparison.Ordinal)
        || property.EndsWith("TeamsUserId", StringComparison.Ordinal)
        || property == "ConversationId"
        || (property.EndsWith("ByName", StringComparison.Ordinal) || property is "ActorName" or "OwnerName");
}
