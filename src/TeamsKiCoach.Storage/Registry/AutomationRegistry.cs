using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Audit;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Registry;
using TeamsKiCoach.Storage.Audit;
using TeamsKiCoach.Storage.Backlog;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Storage.Registry;

/// <summary>A team's registry as one person sees it: the bot's own steps first, then the team's automations.</summary>
public sealed record RegistryView(TeamRecord Team, IReadOnlyList<AutomationEntry> Entries, bool ViewerIsLead, IReadOnlyList<RegistryPerson> Members);

/// <summary>Someone who can own an automation: a member or lead of the team.</summary>
public sealed record RegistryPerson(string AadObjectId, string Name);

/// <summary>What a lead typed into the registry form; checked by <see cref="AutomationRegistry"/> before anything is stored.</summary>
public sealed record AutomationDraft(
    string? Name, string? Steps, string? DoesNot, string? Trigger, string? DataUsed, bool UsesAi, string? AiRole, string? OwnerAadObjectId, AutomationStatus Status);

public enum RegistryChange
{
    Done,
    NotALead,
    NotMember,
    NotFound,

    /// <summary>The form lacks a name, or a field is too long; nothing was stored.</summary>
    Invalid,

    /// <summary>Another lead changed the entry since the card was shown; theirs stands.</summary>
    ChangedMeanwhile,
}

/// <summary>
/// The registry of automated steps of a team: the bot's own steps, written from the configuration it runs with
/// for that team, and the automations the team's leads enter, edit, pause and retire. Every change by a lead is
/// written to the audit trail with the change. Whether someone leads is checked by AAD object id.
/// </summary>
public sealed class AutomationRegistry(CoachDbFactory dbFactory, BotSettings settings, TimeProvider clock)
{
    public const int MaxLines = 12;

    /// <summary>The team's registry; null when the person is no member or lead of that installed team.</summary>
    public async Task<RegistryView?> ViewAsync(string tenantId, string actor, string teamId, RegistryText text, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var role = await BacklogService.UserRoleAsync(db, teamId, actor, cancellationToken);
        if (!role.IsMember
            || await db.Teams.AsNoTracking().SingleOrDefaultAsync(t => t.TeamId == teamId, cancellationToken) is not { } team)
        {
            return null;
        }

        var members = await MembersAsync(db, teamId, cancellationToken);
        return new RegistryView(team, await EntriesAsync(db, team, members, text, cancellationToken),
            role.IsLead, members);
    }

    /// <summary>The bot's own steps for this team, then the team's automations (retired ones last).</summary>
    public async Task<IReadOnlyList<AutomationEntry>> EntriesAsync(
        CoachDbContext db, TeamRecord team, IReadOnlyList<RegistryPerson> members, RegistryText text, CancellationToken cancellationToken)
    {
        var owner = members.FirstOrDefault(m => m.AadObjectId == team.InstalledByAadObjectId)?.Name;
        var own = await db.Automations.AsNoTracking().Where(a => a.TeamId == team.TeamId).ToListAsync(cancellationToken);
        return
        [
            .. BotAutomations.Describe(settings.For(team, owner), text),
            .. own.OrderBy(a => a.Status == AutomationStatus.Retired).ThenBy(a => a.Name, StringComparer.CurrentCulture),
        ];
    }

    public async Task<(RegistryChange Change, AutomationEntry? Entry)> SaveAsync(
        string tenantId, string actor, string? actorName, string teamId, long? id, int? version, AutomationDraft draft, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        if (!(await TeamDirectory.RoleAsync(db, teamId, actor, cancellationToken)).IsLead)
        {
            return (RegistryChange.NotALead, null);
        }

        var name = draft.Name?.Trim() ?? string.Empty;
        var steps = Lines(draft.Steps);
        var doesNot = Lines(draft.DoesNot);
        var members = await MembersAsync(db, teamId, cancellationToken);
        var owner = string.IsNullOrWhiteSpace(draft.OwnerAadObjectId) ? null : members.FirstOrDefault(m => m.AadObjectId == draft.OwnerAadObjectId);
        if (name.Length is 0 or > AutomationEntry.MaxNameLength
            || steps is null || doesNot is null
            || TooLong(draft.Trigger) || TooLong(draft.DataUsed) || TooLong(draft.AiRole)
            || (!string.IsNullOrWhiteSpace(draft.OwnerAadObjectId) && owner is null)
            || !Enum.IsDefined(draft.Status))
        {
            return (RegistryChange.Invalid, null);
        }

        var now = clock.GetUtcNow();
        AutomationEntry? entry;
        if (id is { } existing)
        {
            entry = await db.Automations.SingleOrDefaultAsync(a => a.Id == existing && a.TeamId == teamId, cancellationToken);
            if (entry is null)
            {
                return (RegistryChange.NotFound, null);
            }

            if (version is { } shown && shown != entry.Version)
            {
                return (RegistryChange.ChangedMeanwhile, entry);
            }
        }
        else
        {
            entry = new AutomationEntry { TenantId = tenantId, TeamId = teamId, Name = name, Since = now };
            db.Automations.Add(entry);
        }

        var statusChanged = entry.Status != draft.Status;
        entry.Name = name;
        entry.Steps = steps;
        entry.DoesNot = doesNot;
        entry.Trigger = draft.Trigger?.Trim() ?? string.Empty;
        entry.DataUsed = draft.DataUsed?.Trim() ?? string.Empty;
        entry.UsesAi = draft.UsesAi;
        entry.AiRole = draft.UsesAi && !string.IsNullOrWhiteSpace(draft.AiRole) ? draft.AiRole.Trim() : null;
        entry.OwnerAadObjectId = owner?.AadObjectId;
        entry.OwnerName = owner?.Name;
        entry.Status = draft.Status;
        entry.LastReviewedAt = now;
        if (statusChanged && id is not null)
        {
            entry.Since = now;
        }

        return await WriteAsync(db, entry, id is null ? "add" : "edit", actor, actorName, now, cancellationToken);
    }

    /// <summary>Pauses, resumes or retires an entry; the rest of it stays as it is.</summary>
    public async Task<(RegistryChange Change, AutomationEntry? Entry)> SetStatusAsync(
        string tenantId, string actor, string? actorName, string teamId, long id, int version, AutomationStatus status, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        if (!(await TeamDirectory.RoleAsync(db, teamId, actor, cancellationToken)).IsLead)
        {
            return (RegistryChange.NotALead, null);
        }

        var entry = await db.Automations.SingleOrDefaultAsync(a => a.Id == id && a.TeamId == teamId, cancellationToken);
        if (entry is null)
        {
            return (RegistryChange.NotFound, null);
        }

        if (entry.Version != version)
        {
            return (RegistryChange.ChangedMeanwhile, entry);
        }

        if (!Enum.IsDefined(status) || entry.Status == status)
        {
            return (RegistryChange.Done, entry);
        }

        var now = clock.GetUtcNow();
        entry.Status = status;
        entry.Since = now;
        var action = status switch
        {
            AutomationStatus.Paused => "pause",
            AutomationStatus.Retired => "retire",
            _ => "resume",
        };
        return await WriteAsync(db, entry, action, actor, actorName, now, cancellationToken);
    }

    public async Task<AutomationEntry?> FindAsync(string tenantId, string actor, string teamId, long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return await BacklogService.MayUseAsync(db, teamId, actor, cancellationToken)
            ? await db.Automations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.TeamId == teamId, cancellationToken)
            : null;
    }

    public static async Task<IReadOnlyList<RegistryPerson>> MembersAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken)
    {
        var members = await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == teamId).ToListAsync(cancellationToken);
        return members
            .Select(m => new RegistryPerson(m.AadObjectId, string.IsNullOrWhiteSpace(m.Name) ? m.AadObjectId : m.Name))
            .OrderBy(m => m.Name, StringComparer.CurrentCulture)
            .ToList();
    }

    // A new entry gets its id from the first save; the audit row names it, so both are written in one transaction.
    private static async Task<(RegistryChange, AutomationEntry?)> WriteAsync(
        CoachDbContext db, AutomationEntry entry, string action, string actor, string? actorName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        entry.Version++;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            AuditTrail.Add(db, entry.TeamId, AuditSubjects.Automation, entry.Id.ToString(CultureInfo.InvariantCulture), action, actor, actorName, now,
                $"{entry.Name}: {entry.Status}, owner {entry.OwnerName ?? "-"}, {entry.Steps.Count} steps, {entry.DoesNot.Count} boundaries, AI {(entry.UsesAi ? "yes" : "no")}");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return (RegistryChange.ChangedMeanwhile, null);
        }

        return (RegistryChange.Done, entry);
    }

    // One line each, empty lines dropped; null when there are too many or they are too long to keep.
    private static List<string>? Lines(string? text)
    {
        var lines = (text ?? string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        return lines.Count > MaxLines || lines.Sum(l => l.Length + 1) > AutomationEntry.MaxListLength ? null : lines;
    }

    private static bool TooLong(string? value) => value is { Length: > AutomationEntry.MaxTextLength };
}
