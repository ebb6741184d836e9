using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Exchange;

namespace TeamsKiCoach.Storage.Backlog.Exchange;

/// <summary>What an import did: entries added (their numbers), and every note by line, skipped rows included.</summary>
public sealed record ImportReport(IReadOnlyList<int> Numbers, IReadOnlyList<ImportNote> Notes)
{
    public int Imported => Numbers.Count;

    public int Skipped => Notes.Count(n => n.Skipped);
}

/// <summary>
/// Adds the rows of an import file to one team's backlog, in one transaction. Imported entries have no author
/// (the file names nobody the bot could check) and the source <see cref="EntrySource.Import"/>.
/// Importing the same file again adds nothing: a row whose text and date are already in the team's backlog is
/// skipped; a row without a date is skipped when an imported entry has the same text.
/// </summary>
public static class BacklogImport
{
    public static async Task<ImportReport> RunAsync(
        CoachDbFactory dbFactory, string tenantId, string teamId, ImportParse parse, DateTimeOffset now, CancellationToken cancellationToken,
        IPatternGrouper? grouper = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(dbFactory, tenantId, teamId, parse, now, grouper, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // An entry from chat took a number this import wanted; nothing of the import was kept, so start over.
            }
        }
    }

    private static async Task<ImportReport> RunOnceAsync(
        CoachDbFactory dbFactory, string tenantId, string teamId, ImportParse parse, DateTimeOffset now, IPatternGrouper? grouper, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await db.BacklogEntries.AsNoTracking()
            .Where(e => e.TeamId == teamId)
            .Select(e => new { e.Text, e.CreatedAt, e.Source })
            .ToListAsync(cancellationToken);
        var dated = existing.Select(e => Key(e.Text, e.CreatedAt)).ToHashSet();
        var imported = existing.Where(e => e.Source == EntrySource.Import).Select(e => e.Text).ToHashSet(StringComparer.Ordinal);

        // The team's next numbers, taken in order; all rows are written with one save at the end. Entries from chat
        // wait for the numbers until the import is committed.
        await BacklogWriter.TakeNumbersAsync(db, teamId, cancellationToken);
        var next = (await db.BacklogEntries.Where(e => e.TeamId == teamId).MaxAsync(e => (int?)e.Number, cancellationToken) ?? 0) + 1;
        var notes = parse.Notes.ToList();
        var numbers = new List<int>();
        foreach (var row in parse.Rows)
        {
            var present = row.Created is { } created ? !dated.Add(Key(row.Text, created)) : imported.Contains(row.Text);
            if (present)
            {
                notes.Add(new ImportNote(row.Line, ImportNoteKind.AlreadyPresent));
                continue;
            }

            db.BacklogEntries.Add(new BacklogEntry
            {
                TenantId = tenantId,
                TeamId = teamId,
                Number = next,
                Text = row.Text,
                Frequency = row.Frequency,
                MinutesLost = row.Minutes,
                AuthorAadObjectId = null,
                Source = EntrySource.Import,
                CreatedAt = row.Created ?? now,
            });
            numbers.Add(next++);
        }

        await db.SaveChangesAsync(cancellationToken);

        // Imported rows join patterns like any new entry, in the same transaction (without a grouper, at the next read).
        if (grouper is not null)
        {
            await PatternStore.PlaceNewAsync(db, teamId, grouper, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new ImportReport(numbers, notes.OrderBy(n => n.Line).ThenBy(n => n.Kind).ToList());
    }

    // PostgreSQL keeps microseconds, SQLite ticks: compare what both keep.
    private static (string, long) Key(string text, DateTimeOffset created) => (text, created.UtcTicks / 10);
}
