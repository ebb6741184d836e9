using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Storage.Backlog;

/// <summary>A backlog a person may use: one of their teams', or their own when they use the bot alone.</summary>
public sealed record BacklogRef(string TeamId, string? Name)
{
    public bool IsPersonal => TeamId.StartsWith(TeamRecord.PersonalPrefix, StringComparison.Ordinal);
}

/// <summary>A team's grouped backlog with what a card needs to show it: the team's name and its members' names.</summary>
/// <remarks><see cref="Assessments"/> are the team's "Muss das ein Mensch tun?" checks, matched to patterns by
/// <see cref="Assessment.AssessmentService.Match"/>.</remarks>
public sealed record BacklogView(
    BacklogRef Backlog, TeamBacklog Grouped, IReadOnlyDictionary<string, string> Names, bool ViewerLeads, IReadOnlyList<PatternAssessment> Assessments);

public abstract record CaptureResult
{
    private CaptureResult()
    {
    }

    public sealed record Recorded(BacklogEntry Entry, bool TextWasCut) : CaptureResult;

    /// <summary>The same capture a second time (a double tap): nothing new stored. The number only for a named entry.</summary>
    public sealed record AlreadyRecorded(int? Number) : CaptureResult;

    public sealed record EmptyText : CaptureResult;

    /// <summary>The person is no member of the team they picked.</summary>
    public sealed record NotMember : CaptureResult;
}

public enum UndoResult
{
    Undone,
    TooLate,
    NotFound,
    NotYours,
}

public enum EntryChange
{
    Done,
    EmptyText,
    NotFound,
    NotYours,

    /// <summary>An anonymous entry: it carries no author, so nobody can change it.</summary>
    Anonymous,
    Withdrawn,
}

/// <summary>
/// The shared backlogs of a tenant's teams, as people use them from chat: capturing friction, undoing it within a
/// minute, editing and withdrawing their own entries, +1 on a pattern, and a lead's merge and split. Who may do
/// what is checked here against the acting person's AAD object id; the bot layer never decides it.
/// </summary>
public sealed class BacklogService(CoachDbFactory dbFactory, TeamDirectory teams, IPatternGrouper grouper, TimeProvider clock)
{
    public static readonly TimeSpan UndoWindow = TimeSpan.FromMinutes(1);

    /// <summary>A fresh random capture key: what "festhalten" and "Rückgängig" of one capture share.</summary>
    public static string NewCaptureKey() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    /// <summary>The backlogs a person writes to: the installed teams they are a member or lead of, else their personal one.</summary>
    public async Task<IReadOnlyList<BacklogRef>> BacklogsOfAsync(string tenantId, string actor, CancellationToken cancellationToken)
    {
        var memberOf = await teams.MemberOfAsync(tenantId, actor, cancellationToken);
        var ledBy = await teams.LedByAsync(tenantId, actor, cancellationToken);
        var backlogs = memberOf.Concat(ledBy)
            .DistinctBy(t => t.TeamId)
            .OrderBy(t => t.InstalledAt)
            .Select(t => new BacklogRef(t.TeamId, t.Name))
            .ToList();
        return backlogs.Count > 0 ? backlogs : [new BacklogRef(TeamRecord.PersonalTeamId(actor), null)];
    }

    /// <summary>Records a friction from chat at once. <paramref name="captureKey"/> makes a second tap store nothing.</summary>
    public async Task<CaptureResult> CaptureAsync(
        string tenantId, string actor, string teamId, string text, bool anonymous, string captureKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new CaptureResult.EmptyText();
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await CaptureOnceAsync(tenantId, actor, teamId, text, anonymous, captureKey, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another entry took the number, or the same capture arrived twice at once: look again.
            }
        }
    }

    private async Task<CaptureResult> CaptureOnceAsync(
        string tenantId, string actor, string teamId, string text, bool anonymous, string captureKey, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        if (!await MayUseAsync(db, teamId, actor, cancellationToken))
        {
            return new CaptureResult.NotMember();
        }

        var earlier = await db.BacklogEntries.AsNoTracking().SingleOrDefaultAsync(e => e.TeamId == teamId && e.CaptureKey == captureKey, cancellationToken);
        if (earlier is not null)
        {
            return new CaptureResult.AlreadyRecorded(earlier.AuthorAadObjectId is null ? null : earlier.Number);
        }

        // The entry and its place in a pattern are stored together: a retry never finds an entry without its pattern.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (clean, cut) = BacklogEntry.CleanText(text);
        var entry = await BacklogWriter.AddAsync(db, new BacklogEntry
        {
            TenantId = tenantId,
            TeamId = teamId,
            Text = clean,
            Frequency = Frequency.Weekly,
            AuthorAadObjectId = anonymous ? null : actor,
            Source = EntrySource.Chat,
            CreatedAt = clock.GetUtcNow(),
            CaptureKey = captureKey,
        }, cancellationToken);
        await PatternStore.PlaceNewAsync(db, teamId, grouper, clock.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CaptureResult.Recorded(entry, cut);
    }

    /// <summary>
    /// Takes back a capture within <see cref="UndoWindow"/>. A named entry only by its author; an anonymous one
    /// by whoever holds its capture key, which only the chat it was captured in knows.
    /// </summary>
    public async Task<UndoResult> UndoAsync(string tenantId, string actor, string teamId, string captureKey, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var entry = await db.BacklogEntries.SingleOrDefaultAsync(e => e.TeamId == teamId && e.CaptureKey == captureKey, cancellationToken);
        if (entry is null || entry.IsWithdrawn)
        {
            return UndoResult.NotFound;
        }

        if (entry.AuthorAadObjectId is not null && entry.AuthorAadObjectId != actor)
        {
            return UndoResult.NotYours;
        }

        if (clock.GetUtcNow() > entry.CreatedAt + UndoWindow)
        {
            return UndoResult.TooLate;
        }

        await WithdrawAndRetitleAsync(db, entry, cancellationToken);
        return UndoResult.Undone;
    }

    /// <summary>A person's own named entries that are not withdrawn, newest first, with the backlog each is in.</summary>
    public async Task<IReadOnlyList<(BacklogEntry Entry, BacklogRef Backlog)>> OwnEntriesAsync(string tenantId, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var entries = await db.BacklogEntries.AsNoTracking()
            .Where(e => e.AuthorAadObjectId == actor && e.WithdrawnAt == null)
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .ToListAsync(cancellationToken);
        var teamIds = entries.Select(e => e.TeamId).Distinct().ToList();
        var names = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.TeamId)).ToDictionaryAsync(t => t.TeamId, t => t.Name, cancellationToken);
        return entries.Select(e => (e, new BacklogRef(e.TeamId, names.GetValueOrDefault(e.TeamId)))).ToList();
    }

    public async Task<(EntryChange Change, bool TextWasCut)> EditAsync(
        string tenantId, string actor, string teamId, int number, string? text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (EntryChange.EmptyText, false);
        }

        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var (entry, problem) = await OwnEntryAsync(db, actor, teamId, number, cancellationToken);
        if (entry is null || entry.Source == EntrySource.PlusOne)
        {
            return (problem ?? EntryChange.NotFound, false);
        }

        // The new words and the title made of them are stored together: no title keeps the old words on a failure.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await BacklogWriter.TakeNumbersAsync(db, teamId, cancellationToken);
        var (clean, cut) = BacklogEntry.CleanText(text);
        entry.Text = clean;
        entry.EditedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);

        // The pattern's title may have been made of the words that were just changed.
        if (entry.PatternId is { } patternId)
        {
            await PatternStore.RetitleAsync(db, [patternId], clock.GetUtcNow(), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (EntryChange.Done, cut);
    }

    public async Task<EntryChange> WithdrawAsync(string tenantId, string actor, string teamId, int number, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var (entry, problem) = await OwnEntryAsync(db, actor, teamId, number, cancellationToken);
        if (entry is null)
        {
            return problem!.Value;
        }

        await WithdrawAndRetitleAsync(db, entry, cancellationToken);
        return EntryChange.Done;
    }

    /// <summary>The team's backlog as a card shows it, or null when the person is no member of that team.</summary>
    public async Task<BacklogView?> ViewAsync(string tenantId, string actor, string teamId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var role = await UserRoleAsync(db, teamId, actor, cancellationToken);
        if (!role.IsMember)
        {
            return null;
        }

        var grouped = await StoredBacklog.LoadAsync(db, teamId, grouper, cancellationToken, clock);
        var names = await db.TeamMembers.AsNoTracking()
            .Where(m => m.TeamId == teamId && m.Name != null)
            .ToDictionaryAsync(m => m.AadObjectId, m => m.Name!, cancellationToken);
        var teamName = await db.Teams.AsNoTracking().Where(t => t.TeamId == teamId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken);
        var assessments = await db.PatternAssessments.AsNoTracking().Where(a => a.TeamId == teamId).ToListAsync(cancellationToken);
        return new BacklogView(new BacklogRef(teamId, teamName), grouped, names, role.IsLead, assessments);
    }

    /// <summary>"Betrifft mich auch": one more mention of the pattern with this number, once per person.</summary>
    public async Task<PatternChange> PlusOneAsync(string tenantId, string actor, string teamId, int number, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await PlusOneOnceAsync(tenantId, actor, teamId, number, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another entry took the number, or the same +1 arrived twice at once: the next look counts it once.
            }
        }
    }

    private async Task<PatternChange> PlusOneOnceAsync(string tenantId, string actor, string teamId, int number, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        if (!await MayUseAsync(db, teamId, actor, cancellationToken))
        {
            return PatternChange.NotMember;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await BacklogWriter.TakeNumbersAsync(db, teamId, cancellationToken);
        var backlog = await StoredBacklog.LoadAsync(db, teamId, grouper, cancellationToken, clock);
        if (backlog.Pattern(number) is not { } pattern)
        {
            return PatternChange.NotFound;
        }

        if (pattern.Entries.Any(e => e.AuthorAadObjectId == actor))
        {
            return PatternChange.AlreadyCounted;
        }

        // The +1 joins the stored pattern itself; its decision ties it to the pattern's earliest entry for a regrouping.
        var named = pattern.Entries[0];
        var plusOne = await BacklogWriter.AddAsync(db, new BacklogEntry
        {
            TenantId = tenantId,
            TeamId = teamId,
            Text = pattern.Title,
            Frequency = named.Frequency,
            AuthorAadObjectId = actor,
            Source = EntrySource.PlusOne,
            CreatedAt = clock.GetUtcNow(),

            // The unique capture key of the team makes a second +1 of the same person on the same pattern, tapped at
            // the same moment, fail to insert; the retry then finds it counted. Reading first is not enough on
            // PostgreSQL, where two transactions both read "not counted yet".
            CaptureKey = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"plusone\n{pattern.Key}\n{actor}"))).ToLowerInvariant(),
        }, cancellationToken);
        var stored = await db.BacklogPatterns.SingleAsync(p => p.Id == pattern.Id, cancellationToken);
        stored.Join(plusOne, null, clock.GetUtcNow());
        await DecideAsync(db, teamId, DecisionKind.PlusOne, stored.Id, [plusOne.Id], [named.Id], actor, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return PatternChange.Done;
    }

    /// <summary>
    /// A lead merges pattern <paramref name="otherNumber"/> into pattern <paramref name="number"/>: that one keeps its
    /// number, the other retires into it (its check and pilots count for the merged pattern, its number leads there).
    /// </summary>
    public async Task<PatternChange> MergeAsync(string tenantId, string actor, string teamId, int number, int otherNumber, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        if (!(await TeamDirectory.RoleAsync(db, teamId, actor, cancellationToken)).IsLead)
        {
            return PatternChange.NotLead;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await BacklogWriter.TakeNumbersAsync(db, teamId, cancellationToken);
        var backlog = await StoredBacklog.LoadAsync(db, teamId, grouper, cancellationToken, clock);
        if (backlog.Pattern(number) is not { } pattern || backlog.Pattern(otherNumber) is not { } other)
        {
            return PatternChange.NotFound;
        }

        if (pattern.Id == other.Id)
        {
            return PatternChange.SamePattern;
        }

        var now = clock.GetUtcNow();
        var live = await PatternStore.LiveAsync(db, teamId, cancellationToken);
        var kept = live.Single(p => p.Id == pattern.Id);
        var change = kept.Absorb(live.Single(p => p.Id == other.Id), now);
        if (change != PatternChange.Done)
        {
            return change;
        }

        kept.Retitle(MergedTitle(kept), now);
        await DecideAsync(db, teamId, DecisionKind.Merge, kept.Id, pattern.Entries.Select(e => e.Id), other.Entries.Select(e => e.Id), actor, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return PatternChange.Done;
    }

    /// <summary>A lead splits entry <paramref name="number"/> out of its pattern; it never rejoins those entries.</summary>
    public async Task<PatternChange> SplitAsync(string tenantId, string actor, string teamId, int number, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        if (!(await TeamDirectory.RoleAsync(db, teamId, actor, cancellationToken)).IsLead)
        {
            return PatternChange.NotLead;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await BacklogWriter.TakeNumbersAsync(db, teamId, cancellationToken);
        var backlog = await StoredBacklog.LoadAsync(db, teamId, grouper, cancellationToken, clock);
        if (backlog.PatternOf(number) is not { } pattern)
        {
            return PatternChange.NotFound;
        }

        if (pattern.Entries.Count == 1)
        {
            return PatternChange.Alone;
        }

        // The pattern keeps its number and its check; the entry starts a pattern of its own, with a new number.
        var now = clock.GetUtcNow();
        var from = (await PatternStore.LiveAsync(db, teamId, cancellationToken)).Single(p => p.Id == pattern.Id);
        var entry = from.Entries.Single(e => e.Number == number);
        var into = BacklogPattern.Open(tenantId, teamId, await PatternStore.NextNumberAsync(db, teamId, cancellationToken), now);
        db.BacklogPatterns.Add(into);
        await db.SaveChangesAsync(cancellationToken);
        var change = from.SplitOut(entry, into, now);
        if (change != PatternChange.Done)
        {
            return change;
        }

        from.Retitle(MergedTitle(from), now);
        into.Retitle(MergedTitle(into), now);
        await DecideAsync(db, teamId, DecisionKind.Split, from.Id, [entry.Id], pattern.Entries.Where(e => e.Id != entry.Id).Select(e => e.Id), actor, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return PatternChange.Done;
    }

    /// <summary>
    /// A lead regroups the team's whole backlog from scratch (after the grouping rules changed, say): numbers stay
    /// with the patterns whose entries mostly stay together, merges and splits stay binding
    /// (<see cref="PatternStore.RegroupAsync"/>). Null when the person leads no such team.
    /// </summary>
    public async Task<RegroupReport?> RegroupAsync(string tenantId, string actor, string teamId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        if (!(await TeamDirectory.RoleAsync(db, teamId, actor, cancellationToken)).IsLead)
        {
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await BacklogWriter.TakeNumbersAsync(db, teamId, cancellationToken);
        var report = await PatternStore.RegroupAsync(db, teamId, grouper, clock.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return report;
    }

    // After a merge or split the members changed: the title is made again from all of them.
    private static string? MergedTitle(BacklogPattern pattern) =>
        PatternStore.TitleOf(pattern);

    private async Task DecideAsync(
        CoachDbContext db, string teamId, DecisionKind kind, long patternId, IEnumerable<long> these, IEnumerable<long> others, string actor,
        CancellationToken cancellationToken)
    {
        db.GroupingDecisions.Add(new GroupingDecisionRecord
        {
            TenantId = db.TenantId,
            TeamId = teamId,
            Kind = kind,
            PatternId = patternId,
            EntryIds = GroupingDecisionRecord.Ids(these),
            OtherEntryIds = GroupingDecisionRecord.Ids(others),
            DecidedByAadObjectId = actor,
            DecidedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    // The entry leaves its pattern, and the pattern's title is made again without its words, in one transaction.
    private async Task WithdrawAndRetitleAsync(CoachDbContext db, BacklogEntry entry, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await BacklogWriter.TakeNumbersAsync(db, entry.TeamId, cancellationToken);
        var patternId = entry.PatternId;
        Withdraw(entry);
        await db.SaveChangesAsync(cancellationToken);
        if (patternId is { } id)
        {
            await PatternStore.RetitleAsync(db, [id], clock.GetUtcNow(), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    // The text goes with the withdrawal: nobody reads a withdrawn entry again, so it is not kept.
    private void Withdraw(BacklogEntry entry)
    {
        entry.WithdrawnAt = clock.GetUtcNow();
        entry.Text = string.Empty;
        entry.MinutesLost = null;

        // A withdrawn +1 frees its key, so that the person can count again on that pattern later.
        if (entry.Source == EntrySource.PlusOne)
        {
            entry.CaptureKey = null;
        }
    }

    private static async Task<(BacklogEntry? Entry, EntryChange? Problem)> OwnEntryAsync(
        CoachDbContext db, string actor, string teamId, int number, CancellationToken cancellationToken)
    {
        var entry = await db.BacklogEntries.SingleOrDefaultAsync(e => e.TeamId == teamId && e.Number == number, cancellationToken);
        return entry switch
        {
            null => (null, EntryChange.NotFound),
            { IsWithdrawn: true } => (null, EntryChange.Withdrawn),
            { AuthorAadObjectId: null } => (null, EntryChange.Anonymous),
            _ when entry.AuthorAadObjectId != actor => (null, EntryChange.NotYours),
            _ => (entry, null),
        };
    }

    internal static async Task<bool> MayUseAsync(CoachDbContext db, string teamId, string actor, CancellationToken cancellationToken) =>
        (await UserRoleAsync(db, teamId, actor, cancellationToken)).IsMember;

    /// <summary>
    /// The person's role in a team whose backlog they may use, else <see cref="TeamRole.None"/>: a member of a team
    /// the bot is still installed in, or the person in their own personal backlog.
    /// </summary>
    internal static async Task<TeamRole> UserRoleAsync(CoachDbContext db, string teamId, string actor, CancellationToken cancellationToken)
    {
        var role = await TeamDirectory.RoleAsync(db, teamId, actor, cancellationToken);
        return role.IsMember && (TeamRole.IsOwnBacklog(teamId, actor) || await db.Teams.AnyAsync(t => t.TeamId == teamId && t.Installed, cancellationToken))
            ? role
            : TeamRole.None;
    }
}
