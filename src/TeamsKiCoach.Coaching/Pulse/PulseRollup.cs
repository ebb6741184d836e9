namespace TeamsKiCoach.Coaching.Pulse;

/// <summary>
/// Decides which pulse answers may be shown together, for a whole tenant at once.
/// <para>
/// The rule: the shown aggregates are the cells of one partition of the tenant's answers of closed weeks. No
/// answer is in two shown aggregates, every shown aggregate holds at least the k of every week inside it, and
/// the partition is the same whichever team asks and whenever it asks. A cell is
/// (1) one team's consecutive weeks inside a fixed four-week period, taken from the period's first week onward
/// until they hold k answers (a week with k answers is a cell of its own); or
/// (2) for one period, the weeks that (1) left over in every team, pooled as the company cell; or
/// (3) never shown, when even the company cell stays under k.
/// </para>
/// <para>
/// Why that is enough: any sum or difference of shown numbers, however many views it combines, is a sum of whole
/// cells, so it never isolates fewer than k answers. "Company minus teams" gives nothing, because the company cell
/// holds only weeks that no team's own result shows; "four-week roll-up minus three-week roll-up" gives nothing,
/// because a week is in one roll-up only and a roll-up never grows after it was shown.
/// </para>
/// <para>
/// Why the details: only closed weeks count, since an open week's answers still change and two views of one
/// changing group differ by the changed answers; a run fixes its close when it is sent and takes no answer after. The periods are fixed in the calendar (four ISO weeks counted
/// from 2000-W01) rather than counted from each team's first pulse: roll-ups counted from the first pulse would
/// shift once the oldest weeks are deleted for retention, and a cell that changes after it was shown can be
/// subtracted from its old self. A roll-up that reaches the end of its period without k answers goes to the
/// company cell instead of into the next period, for the same reason: the next period's cells must not depend
/// on it. The company cell waits until its period is over in every time zone, because a team further west may
/// still send that period's pulse and add answers to it. Answers of a team-week with no pulse run have no fixed
/// k and are left out.
/// </para>
/// </summary>
internal static class PulseRollup
{
    public const int PeriodWeeks = 4;

    private static readonly DateOnly Epoch = new IsoWeek(2000, 1).Monday;

    /// <summary>The westernmost offset in use: a week is over everywhere once it is over there.</summary>
    private static readonly TimeSpan WesternmostOffset = TimeSpan.FromHours(-12);

    public static IsoWeek PeriodStart(IsoWeek week)
    {
        var days = week.Monday.DayNumber - Epoch.DayNumber;
        var period = (int)Math.Floor(days / (7.0 * PeriodWeeks));
        return IsoWeek.Of(Epoch.AddDays(period * 7 * PeriodWeeks));
    }

    public static bool IsOverEverywhere(IsoWeek week, DateTimeOffset now) =>
        now >= new DateTimeOffset(week.AddWeeks(1).Monday.ToDateTime(TimeOnly.MinValue), WesternmostOffset);

    public static Partition Compute(IEnumerable<PulseRun> runs, IEnumerable<PulseAnswer> answers, Func<string, TimeZoneInfo> zoneOf, DateTimeOffset now)
    {
        // Two runs of one team-week would be a bug elsewhere; the higher k and the later close are the ones that protect.
        var sent = runs
            .GroupBy(r => new PulseCellPart(r.TeamId, r.IsoWeek))
            .ToDictionary(g => g.Key, g => new Sent(Math.Max(PulseThresholds.LowestMinAnswers, g.Max(r => r.MinAnswers)), g.Max(r => r.ClosesAt)));
        var answersOf = answers
            .Select(a => (Part: new PulseCellPart(a.TeamId, a.IsoWeek), Answer: a))
            .Where(x => sent.ContainsKey(x.Part))
            .GroupBy(x => x.Part)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<PulseAnswer>)g.Select(x => x.Answer).ToList());

        var partition = new Partition(sent, answersOf);
        var leftOver = new Dictionary<IsoWeek, List<PulseCellPart>>();
        var undecided = new HashSet<IsoWeek>();
        foreach (var team in sent.Keys.GroupBy(p => p.TeamId, StringComparer.Ordinal))
        {
            var zone = zoneOf(team.Key);
            foreach (var period in team.Select(p => PeriodStart(p.Week)).Distinct().Order())
            {
                var rest = RollUpTeam(partition, team.Key, period, zone, now);
                if (rest is null)
                {
                    undecided.Add(period);
                }
                else if (rest.Count > 0)
                {
                    (leftOver.TryGetValue(period, out var pool) ? pool : leftOver[period] = []).AddRange(rest);
                }
            }
        }

        foreach (var (period, parts) in leftOver)
        {
            // A team still collecting in the period may yet leave weeks over: the pool is not complete before it is done.
            if (!IsOverEverywhere(period.AddWeeks(PeriodWeeks - 1), now) || undecided.Contains(period))
            {
                partition.Mark(parts, PulseWeekState.WaitingForCompany);
            }
            else
            {
                partition.Close(PulseGroup.Company, parts);
            }
        }

        return partition;
    }

    /// <summary>
    /// The team's cells in one period, from its first week on; returns the weeks left for the company cell, or null
    /// while a week of the period is still open.
    /// </summary>
    private static List<PulseCellPart>? RollUpTeam(Partition partition, string teamId, IsoWeek period, TimeZoneInfo zone, DateTimeOffset now)
    {
        var block = new List<PulseCellPart>();
        for (var offset = 0; offset < PeriodWeeks; offset++)
        {
            var week = period.AddWeeks(offset);
            var part = new PulseCellPart(teamId, week);
            if (!partition.IsClosed(part, zone, now))
            {
                // This week and every later one are still open, so the roll-up in progress cannot be decided yet.
                var open = Enumerable.Range(offset, PeriodWeeks - offset)
                    .Select(o => new PulseCellPart(teamId, period.AddWeeks(o)))
                    .Where(partition.HasRun);
                partition.Mark(block.Concat(open), PulseWeekState.Collecting);
                return null;
            }

            if (!partition.HasRun(part))
            {
                continue;
            }

            block.Add(part);
            if (partition.Reaches(block))
            {
                partition.Close(PulseGroup.Team, block);
                block = [];
            }
        }

        return block;
    }

    /// <summary>Every team-week of the tenant that had a pulse, with the state and the cell it ended up in.</summary>
    public sealed record Sent(int MinAnswers, DateTimeOffset ClosesAt);

    public sealed class Partition(IReadOnlyDictionary<PulseCellPart, Sent> sent, IReadOnlyDictionary<PulseCellPart, IReadOnlyList<PulseAnswer>> answersOf)
    {
        private readonly Dictionary<PulseCellPart, (PulseWeekState State, Cell? Cell)> places = [];

        public bool HasRun(PulseCellPart part) => sent.ContainsKey(part);

        /// <summary>
        /// Closed by the team's calendar and, for a sent week, by the close its run fixed, whichever is later: a run
        /// stops taking answers at its own close, so no answer can change after either says the week is over.
        /// </summary>
        public bool IsClosed(PulseCellPart part, TimeZoneInfo zone, DateTimeOffset now) =>
            new PulseWeek(part.Week, zone).IsClosedAt(now) && (!sent.TryGetValue(part, out var run) || now >= run.ClosesAt);

        public (PulseWeekState State, Cell? Cell) PlaceOf(PulseCellPart part) =>
            places.TryGetValue(part, out var place) ? place : (PulseWeekState.NoPulse, null);

        public IEnumerable<Cell> ShownCells => places.Values.Select(p => p.Cell).OfType<Cell>().Distinct();

        public IReadOnlyList<PulseAnswer> AnswersOf(PulseCellPart part) => answersOf.GetValueOrDefault(part) ?? [];

        public int MinAnswersOf(IEnumerable<PulseCellPart> parts) => parts.Max(p => sent[p].MinAnswers);

        public int CountOf(IEnumerable<PulseCellPart> parts) => parts.Sum(p => AnswersOf(p).Count);

        public bool Reaches(IReadOnlyCollection<PulseCellPart> parts)
        {
            var count = CountOf(parts);
            return count > 0 && count >= MinAnswersOf(parts);
        }

        public void Mark(IEnumerable<PulseCellPart> parts, PulseWeekState state)
        {
            foreach (var part in parts)
            {
                places[part] = (state, null);
            }
        }

        /// <summary>Makes the parts one cell when they reach their k; else they are never shown.</summary>
        public void Close(PulseGroup group, IReadOnlyList<PulseCellPart> parts)
        {
            if (!Reaches(parts))
            {
                Mark(parts, PulseWeekState.TooFew);
                return;
            }

            var cell = new Cell(group, parts.ToList(), MinAnswersOf(parts), parts.SelectMany(AnswersOf).ToList());
            var state = group == PulseGroup.Team ? PulseWeekState.Team : PulseWeekState.Company;
            foreach (var part in parts)
            {
                places[part] = (state, cell);
            }
        }
    }

    public sealed class Cell(PulseGroup group, IReadOnlyList<PulseCellPart> parts, int minAnswers, IReadOnlyList<PulseAnswer> answers)
    {
        public PulseGroup Group { get; } = group;
        public IReadOnlyList<PulseCellPart> Parts { get; } = parts;
        public int MinAnswers { get; } = minAnswers;
        public IReadOnlyList<PulseAnswer> Answers { get; } = answers;
        public IsoWeek From => Parts.Min(p => p.Week);
        public IsoWeek To => Parts.Max(p => p.Week);
    }
}
