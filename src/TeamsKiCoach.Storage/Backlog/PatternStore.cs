using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Backlog;

namespace TeamsKiCoach.Storage.Backlog;

/// <summary>What a full regrouping did: patterns that kept their number, new ones, and retired ones.</summary>
public sealed record RegroupReport(int Kept, int Opened, int Retired);

/// <summary>
/// Keeps a team's stored patterns (<see cref="BacklogPattern"/>) in step with its entries: places new entries as
/// they arrive, regroups on request without renumbering, and makes titles again when words go. Every method works
/// inside the caller's context and transaction and saves what it changed.
/// </summary>
public static class PatternStore
{
    /// <summary>
    /// Places every entry of the team that is in no pattern yet: a new entry as it arrives, through the grouping's
    /// incremental step against the stored patterns (<see cref="IPatternGrouper.Resume"/>), so that no pattern
    /// people know changes but the one it joins. A team with no stored pattern at all gets its first grouping from
    /// scratch, as the backlog was grouped before patterns were stored, with the leads' decisions; each of those
    /// patterns takes the number of its earliest entry, the number people saw for it until then. Returns how many
    /// entries were placed.
    /// </summary>
    public static async Task<int> PlaceNewAsync(CoachDbContext db, string teamId, IPatternGrouper grouper, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await BacklogWriter.TakeNumbersAsync(db, teamId, cancellationToken);
        var unplaced = await db.BacklogEntries
            .Where(e => e.TeamId == teamId && e.WithdrawnAt == null && e.PatternId == null)
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
        if (unplaced.Count == 0)
        {
            return 0;
        }

        var decisions = await DecisionsAsync(db, teamId, cancellationToken);
        if (!await db.BacklogPatterns.AnyAsync(p => p.TeamId == teamId, cancellationToken))
        {
            await PrepareAsync(grouper, unplaced, cancellationToken);
            var grouping = grouper.Group(unplaced.Select(TeamBacklog.ToFriction), decisions);
            var byId = unplaced.ToDictionary(e => e.Id);
            var first = grouping.Patterns()
                .Select(p => (Summary: p, Members: p.EntryIds.Select(id => byId[id]).ToList()))
                .Select(p => (p.Summary, p.Members, Pattern: BacklogPattern.Open(db.TenantId, teamId, p.Members.Min(e => e.Number), now)))
                .ToList();
            db.BacklogPatterns.AddRange(first.Select(p => p.Pattern));
            await db.SaveChangesAsync(cancellationToken);
            foreach (var (summary, members, pattern) in first)
            {
                foreach (var entry in members)
                {
                    pattern.Join(entry, null, now);
                }

                pattern.Retitle(summary.Title, now);
            }

            await db.SaveChangesAsync(cancellationToken);
            return unplaced.Count;
        }

        // The members come from the backlog this host keeps when it is current (its stamp is the one of the backlog
        // without the new entries); only the patterns that take an entry are then read, to be changed.
        var live = await KeptMembersAsync(db, teamId, cancellationToken);
        List<BacklogPattern?> stored;
        if (live is null)
        {
            var tracked = await LiveAsync(db, teamId, cancellationToken);
            stored = [.. tracked];
            live = tracked.Select(p => (p.Id, p.Entries)).ToList();
        }
        else
        {
            stored = [.. live.Select(_ => (BacklogPattern?)null)];
        }

        await PrepareAsync(grouper, live.SelectMany(p => p.Members).Concat(unplaced), cancellationToken);
        var resumed = grouper.Resume(live.Select(p => Members(p.Members)).ToList(), decisions);
        var opened = new Dictionary<int, BacklogPattern>();
        var touched = new HashSet<int>();
        var next = await NextNumberAsync(db, teamId, cancellationToken);
        foreach (var entry in unplaced)
        {
            var index = resumed.Add(TeamBacklog.ToFriction(entry));
            touched.Add(index);
            if (index < live.Count)
            {
                var id = live[index].Id;
                stored[index] ??= await db.BacklogPatterns.SingleAsync(p => p.Id == id, cancellationToken);
                stored[index]!.Join(entry, null, now);
                continue;
            }

            if (!opened.TryGetValue(index, out var pattern))
            {
                pattern = opened[index] = BacklogPattern.Open(db.TenantId, teamId, next++, now);
                db.BacklogPatterns.Add(pattern);
                await db.SaveChangesAsync(cancellationToken);
            }

            pattern.Join(entry, null, now);
        }

        foreach (var index in touched)
        {
            var pattern = index < live.Count ? stored[index]! : opened[index];
            pattern.Retitle(resumed.Pattern(index)?.Title, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return unplaced.Count;
    }

    /// <summary>
    /// Groups the whole team backlog from scratch, with the leads' merges and splits, and keeps the numbers people
    /// know: a new group keeps the number of an old pattern when it holds most (more than half) of that pattern's
    /// entries; when it holds most of two, the one it shares more entries with (then the older number) wins and the
    /// other goes into it. A group that holds most of no old pattern gets a new number. An old pattern whose entries
    /// scattered retires into the group that took most of them, so its check and pilots go along.
    /// An explicit step, never part of a read: <see cref="BacklogService.RegroupAsync"/> (for a lead; no card offers it
    /// yet) and the command line's <c>backlog regroup</c> run it, for instance after the grouping rules changed.
    /// </summary>
    public static async Task<RegroupReport> RegroupAsync(CoachDbContext db, string teamId, IPatternGrouper grouper, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await PlaceNewAsync(db, teamId, grouper, now, cancellationToken);
        var live = await LiveAsync(db, teamId, cancellationToken);
        var entries = live.SelectMany(p => p.Entries).ToList();
        var oldOf = live.SelectMany(p => p.Entries.Select(e => (e.Id, Pattern: p))).ToDictionary(x => x.Id, x => x.Pattern);
        var byId = entries.ToDictionary(e => e.Id);
        await PrepareAsync(grouper, entries, cancellationToken);
        var grouping = grouper.Group(entries.Select(TeamBacklog.ToFriction), await DecisionsAsync(db, teamId, cancellationToken));
        var groups = grouping.Patterns().Select(p => (Summary: p, Members: p.EntryIds.Select(id => byId[id]).ToList())).ToList();

        // Each old pattern can lose a majority to one group at most; a group may hold the majority of several.
        var keeperOf = new Dictionary<int, BacklogPattern>();
        for (var g = 0; g < groups.Count; g++)
        {
            var keeper = groups[g].Members
                .GroupBy(e => oldOf[e.Id])
                .Where(o => o.Count() * 2 > o.Key.Entries.Count)
                .OrderByDescending(o => o.Count()).ThenBy(o => o.Key.Number)
                .Select(o => o.Key)
                .FirstOrDefault();
            if (keeper is not null)
            {
                keeperOf[g] = keeper;
            }
        }

        var next = await NextNumberAsync(db, teamId, cancellationToken);
        var targets = new BacklogPattern[groups.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            if (keeperOf.TryGetValue(g, out var keeper))
            {
                targets[g] = keeper;
            }
            else
            {
                targets[g] = BacklogPattern.Open(db.TenantId, teamId, next++, now);
                db.BacklogPatterns.Add(targets[g]);
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        // Where each old pattern's entries went, before they move: a pattern that is not kept follows the most of them.
        var successorOf = live.Where(p => p.Entries.Count > 0).ToDictionary(
            p => p,
            p => Enumerable.Range(0, groups.Count)
                .Select(g => (Target: targets[g], Count: groups[g].Members.Count(e => oldOf[e.Id] == p), HoldsEarliest: groups[g].Members.Contains(p.Entries.MinBy(e => e.Number)!)))
                .Where(x => x.Count > 0)
                .OrderByDescending(x => x.Count).ThenByDescending(x => x.HoldsEarliest)
                .First().Target);
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var entry in groups[g].Members)
            {
                targets[g].Join(entry, oldOf[entry.Id], now);
            }
        }

        var kept = keeperOf.Values.ToHashSet();
        var retired = 0;
        foreach (var old in live.Where(p => !kept.Contains(p)))
        {
            if (successorOf.TryGetValue(old, out var successor))
            {
                old.RetireInto(successor, now);
            }
            else
            {
                old.RetireIfEmpty(now);
            }

            retired++;
        }

        for (var g = 0; g < groups.Count; g++)
        {
            targets[g].Retitle(groups[g].Summary.Title, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new RegroupReport(kept.Count, groups.Count - kept.Count, retired);
    }

    /// <summary>
    /// Makes the titles of these patterns again from the words their entries still have: after an entry was
    /// withdrawn, edited, or its author erased their data, no title keeps words that are gone. A pattern left
    /// without entries is retired under the neutral title (its number stays taken, and a check or pilot still
    /// points at it). The titles a check and a pilot copied from the pattern follow.
    /// </summary>
    public static async Task RetitleAsync(CoachDbContext db, IReadOnlyCollection<long> patternIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (patternIds.Count == 0)
        {
            return;
        }

        // Every member, withdrawn ones included: a bulk erasure withdraws entries without taking them out of their pattern.
        var patterns = await db.BacklogPatterns
            .Where(p => patternIds.Contains(p.Id))
            .Include(p => p.Entries)
            .ToListAsync(cancellationToken);
        foreach (var pattern in patterns)
        {
            foreach (var gone in pattern.Entries.Where(e => e.IsWithdrawn || e.Text.Length == 0).ToList())
            {
                pattern.Release(gone, now);
            }

            pattern.Retitle(TitleOf(pattern), now);

            // A +1 carries the pattern's title as its text: it follows the title, so no copy keeps words that are gone.
            foreach (var plusOne in pattern.Entries.Where(e => e.Source == EntrySource.PlusOne && e.Text != pattern.Title))
            {
                plusOne.Text = pattern.Title;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var pattern in patterns)
        {
            // Checks and pilots of patterns merged into this one show its title too, and may hold the same words.
            var family = await WithMergedAsync(db, pattern.Id, cancellationToken);
            var title = Cut(pattern.Title, PatternAssessment.MaxTitleLength);
            await db.PatternAssessments.Where(a => a.PatternId != null && family.Contains(a.PatternId.Value) && a.PatternTitle != title)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.PatternTitle, title), cancellationToken);
            var pilotTitle = Cut(pattern.Title, Coaching.Pilots.Pilot.MaxPatternTitleLength);
            await db.Pilots.Where(p => p.PatternId != null && family.Contains(p.PatternId.Value) && p.PatternTitle != pilotTitle)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.PatternTitle, pilotTitle), cancellationToken);
        }
    }

    /// <summary>The pattern and every retired one that went into it, through any number of merges.</summary>
    private static async Task<List<long>> WithMergedAsync(CoachDbContext db, long patternId, CancellationToken cancellationToken)
    {
        var family = new List<long> { patternId };
        var frontier = new List<long> { patternId };
        while (frontier.Count > 0)
        {
            var current = frontier;
            frontier = await db.BacklogPatterns
                .Where(p => p.MergedIntoId != null && current.Contains(p.MergedIntoId.Value) && !family.Contains(p.Id))
                .Select(p => p.Id)
                .ToListAsync(cancellationToken);
            family.AddRange(frontier);
        }

        return family;
    }

    /// <summary>
    /// The live patterns of a team (ids, in number order) with their live entries, from the backlog this host keeps,
    /// untracked; null when it keeps none whose stamp is the one of the stored backlog without the unplaced entries.
    /// </summary>
    private static async Task<List<(long Id, IReadOnlyList<BacklogEntry> Members)>?> KeptMembersAsync(
        CoachDbContext db, string teamId, CancellationToken cancellationToken)
    {
        if (db.Backlogs?.Last(db.TenantId, teamId) is not { } last)
        {
            return null;
        }

        // After writes that only added (a stream of answers, each placed here), what they added is read to it. The
        // caller's transaction has written nothing but the unplaced entries yet, which the stamp and the rows leave
        // out: what is read is what the database holds committed, and may be kept.
        var stamp = await BacklogStamp.ReadAsync(db, teamId, cancellationToken, placedOnly: true);
        var backlog = last.Backlog;
        if (stamp != last.Stamp)
        {
            if (await StoredBacklog.AddedSinceAsync(db, teamId, last.Stamp, last.Backlog, stamp, cancellationToken) is not { } grown)
            {
                return null;
            }

            db.Backlogs.Keep(db.TenantId, teamId, stamp, grown);
            backlog = grown;
        }

        var ids = await db.BacklogPatterns.AsNoTracking()
            .Where(p => p.TeamId == teamId && p.RetiredAt == null)
            .OrderBy(p => p.Number)
            .Select(p => p.Id)
            .ToListAsync(cancellationToken);
        var members = backlog.Patterns.ToDictionary(p => p.Id, p => p.Entries);
        return ids.Select(id => (id, members.GetValueOrDefault(id) ?? [])).ToList();
    }

    /// <summary>The live patterns of a team with their live entries, tracked, in number order.</summary>
    internal static Task<List<BacklogPattern>> LiveAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken) =>
        db.BacklogPatterns
            .Where(p => p.TeamId == teamId && p.RetiredAt == null)
            .Include(p => p.Entries.Where(e => e.WithdrawnAt == null))
            .OrderBy(p => p.Number)
            .ToListAsync(cancellationToken);

    /// <summary>
    /// The live pattern a number stands for now: the pattern itself, or the one it was merged into, through any
    /// number of merges (a card shown before a merge still leads to the pattern); null when it is gone.
    /// </summary>
    internal static async Task<int?> LiveNumberAsync(CoachDbContext db, string teamId, int number, CancellationToken cancellationToken)
    {
        var pattern = await db.BacklogPatterns.AsNoTracking().SingleOrDefaultAsync(p => p.TeamId == teamId && p.Number == number, cancellationToken);
        for (var hops = 0; pattern is { IsRetired: true, MergedIntoId: { } next } && hops < 64; hops++)
        {
            pattern = await db.BacklogPatterns.AsNoTracking().SingleOrDefaultAsync(p => p.Id == next, cancellationToken);
        }

        return pattern is { IsRetired: false } ? pattern.Number : null;
    }

    /// <summary>The team's next pattern number: above every number given out, retired patterns' included.</summary>
    internal static async Task<int> NextNumberAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken) =>
        (await db.BacklogPatterns.Where(p => p.TeamId == teamId).MaxAsync(p => (int?)p.Number, cancellationToken) ?? 0) + 1;

    internal static async Task<GroupingDecisions> DecisionsAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken) =>
        GroupingDecisionRecord.Apply(await db.GroupingDecisions.AsNoTracking().Where(d => d.TeamId == teamId).OrderBy(d => d.Id).ToListAsync(cancellationToken));

    /// <summary>The title the pattern's own entries make now (a +1 is a copy of the title, not words of its own); null when none is left.</summary>
    internal static string? TitleOf(BacklogPattern pattern) =>
        Members(pattern) is { Count: > 0 } members ? TitleGrouper.Resume([members]).Pattern(0)?.Title : null;

    // Titles come from the members' words alone (the most central entry by its words), whatever grouper is configured.
    private static readonly LexicalPatternGrouper TitleGrouper = new();

    private static IReadOnlyList<FrictionEntry> Members(BacklogPattern pattern) =>
        Members(pattern.Entries);

    private static IReadOnlyList<FrictionEntry> Members(IReadOnlyList<BacklogEntry> entries) =>
        entries.Where(e => e.Source != EntrySource.PlusOne).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).Select(TeamBacklog.ToFriction).ToList();

    private static async Task PrepareAsync(IPatternGrouper grouper, IEnumerable<BacklogEntry> entries, CancellationToken cancellationToken)
    {
        if (grouper is IPreparingPatternGrouper preparing)
        {
            await preparing.PrepareAsync(entries.Select(e => e.Text).ToList(), cancellationToken);
        }
    }

    private static string Cut(string title, int length) => title.Length <= length ? title : title[..length];
}
