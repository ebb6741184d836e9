using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Pulse;

namespace TeamsKiCoach.Storage.Pulse;

/// <summary>
/// What a tenant's stored pulse looks like now, in a few figures the database adds up in one question each for the
/// runs and the answers, and the time zones of the teams that had a pulse. Results read only answers of closed weeks,
/// and those never change once closed: a week's answers are taken only until its run closes. So an answer can only
/// change the results by being there or not, and every new answer raises the count and the highest id, every
/// erasure or retention deletion lowers the count and the sum of ids. The texts' length, the ratings and the
/// "no time" count are in as well, for a row written straight into the table.
/// </summary>
internal sealed record PulseStamp(
    int Runs, long LastRunId, long RunIdSum, long MinAnswersSum,
    int Answers, long LastAnswerId, long AnswerIdSum, long ReliefSum, int NoTime, long TextLength,
    string Zones)
{
    public static async Task<(PulseStamp Stamp, IReadOnlyDictionary<string, string> Zones)> ReadAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken)
    {
        // The query filter keeps both to the context's tenant, so each is one group.
        var runs = await db.PulseRuns
            .GroupBy(r => r.TenantId)
            .Select(g => new { Count = g.Count(), LastId = g.Max(r => r.Id), IdSum = g.Sum(r => r.Id), MinAnswersSum = g.Sum(r => (long)r.MinAnswers) })
            .FirstOrDefaultAsync(cancellationToken);
        var answers = await db.PulseAnswers
            .GroupBy(a => a.TenantId)
            .Select(g => new
            {
                Count = g.Count(),
                LastId = g.Max(a => a.Id),
                IdSum = g.Sum(a => a.Id),
                ReliefSum = g.Sum(a => (long)(a.Relief ?? 0)),
                NoTime = g.Count(a => a.NoTime),
                TextLength = g.Sum(a => (long)(a.Bypassed ?? string.Empty).Length + (a.NewQuestions ?? string.Empty).Length + (a.StillManual ?? string.Empty).Length),
            })
            .FirstOrDefaultAsync(cancellationToken);

        // Only the zones of the teams that had a pulse (and of the asking team) decide when weeks close.
        var zones = await db.Teams.AsNoTracking()
            .Where(t => t.TeamId == teamId || db.PulseRuns.Any(r => r.TeamId == t.TeamId))
            .Select(t => new { t.TeamId, t.TimeZone })
            .ToDictionaryAsync(t => t.TeamId, t => t.TimeZone, cancellationToken);
        var zoneText = string.Join('\n', zones.OrderBy(z => z.Key, StringComparer.Ordinal).Select(z => z.Key + "=" + z.Value));
        return (new PulseStamp(
            runs?.Count ?? 0, runs?.LastId ?? 0, runs?.IdSum ?? 0, runs?.MinAnswersSum ?? 0,
            answers?.Count ?? 0, answers?.LastId ?? 0, answers?.IdSum ?? 0, answers?.ReliefSum ?? 0, answers?.NoTime ?? 0, answers?.TextLength ?? 0,
            zoneText), zones);
    }
}

/// <summary>
/// Teams' pulse results as last built (<see cref="PulseService.ResultsAsync(CoachDbContext, string, Coaching.Backlog.Patterns.IPatternGrouper, DateTimeOffset, CancellationToken)"/>),
/// each kept with the <see cref="PulseStamp"/> it was built under and the span of time in which no week closes, no
/// run closes and no period ends: results are a function of the stored rows and of which of those instants have
/// passed. The stamp is read from the database on every use, so a write by another host shows at the next read.
/// One per <see cref="CoachDbFactory"/>, that is per host and database; keyed by tenant and team. Bounded to
/// <see cref="MaxTeams"/> teams; the team used longest ago goes first.
/// </summary>
public sealed class PulseResultsCache(int maxTeams = PulseResultsCache.DefaultMaxTeams)
{
    /// <summary>Eight weeks of aggregates with a few themes each: a few kB a team.</summary>
    public const int DefaultMaxTeams = 1024;

    private readonly Lock gate = new();
    private readonly Dictionary<(string Tenant, string Team), LinkedListNode<Kept>> kept = [];
    private readonly LinkedList<Kept> byUse = [];

    public int MaxTeams => maxTeams;

    /// <summary>How many teams are kept now.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return kept.Count;
            }
        }
    }

    internal PulseResults? Find(string tenantId, string teamId, PulseStamp stamp, DateTimeOffset now)
    {
        lock (gate)
        {
            if (!kept.TryGetValue((tenantId, teamId), out var node))
            {
                return null;
            }

            var value = node.Value;
            if (value.Stamp != stamp || now < value.BuiltAt || now >= value.ValidUntil || WeeksAt(now, value.Zones) != value.Weeks)
            {
                return null;
            }

            byUse.Remove(node);
            byUse.AddFirst(node);
            return value.Results;
        }
    }

    internal void Keep(string tenantId, string teamId, PulseStamp stamp, DateTimeOffset builtAt, IReadOnlyList<TimeZoneInfo> zones, IEnumerable<DateTimeOffset> runCloses, PulseResults results)
    {
        var validUntil = ValidUntil(builtAt, runCloses, zones);
        var weeks = WeeksAt(builtAt, zones);
        lock (gate)
        {
            if (kept.TryGetValue((tenantId, teamId), out var old))
            {
                Drop(old);
            }

            if (validUntil <= builtAt)
            {
                return;
            }

            while (kept.Count > 0 && kept.Count >= maxTeams)
            {
                Drop(byUse.Last!);
            }

            kept[(tenantId, teamId)] = byUse.AddFirst(new Kept(tenantId, teamId, stamp, builtAt, validUntil, zones, weeks, results));
        }
    }

    /// <summary>
    /// The first instant after <paramref name="now"/> at which a result built now could come out differently from the
    /// same rows: a run's close, the end of the current week in any zone in use (a week closing, the asking team's
    /// eight weeks moving on), or the end of the week at the westernmost offset (a company period over everywhere).
    /// </summary>
    internal static DateTimeOffset ValidUntil(DateTimeOffset now, IEnumerable<DateTimeOffset> runCloses, IEnumerable<TimeZoneInfo> zones)
    {
        var until = DateTimeOffset.MaxValue;
        foreach (var close in runCloses)
        {
            if (close > now && close < until)
            {
                until = close;
            }
        }

        foreach (var zone in zones)
        {
            var week = PulseWeek.At(now, zone);

            // A close at or before now (a daylight-saving change at midnight) keeps nothing; the week by the local
            // date is checked on every use as well (WeeksAt).
            until = Min(until, week.ClosesAt);
        }

        var westernmost = TimeSpan.FromHours(-12);
        var local = now.ToOffset(westernmost);
        var daysToMonday = (8 - (int)local.DayOfWeek) % 7;
        var monday = new DateTimeOffset(local.Date.AddDays(daysToMonday == 0 ? 7 : daysToMonday), westernmost);
        return Min(until, monday);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    private void Drop(LinkedListNode<Kept> node)
    {
        byUse.Remove(node);
        kept.Remove((node.Value.Tenant, node.Value.Team));
    }

    /// <summary>The current week by the local date in each zone, which moves the asking team's eight weeks on.</summary>
    private static string WeeksAt(DateTimeOffset now, IReadOnlyList<TimeZoneInfo> zones) =>
        string.Join(',', zones.Select(z => PulseWeek.At(now, z).Week.Key));

    private sealed record Kept(string Tenant, string Team, PulseStamp Stamp, DateTimeOffset BuiltAt, DateTimeOffset ValidUntil, IReadOnlyList<TimeZoneInfo> Zones, string Weeks, PulseResults Results);
}
