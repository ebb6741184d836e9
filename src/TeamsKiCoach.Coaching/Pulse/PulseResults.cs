using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Patterns;

namespace TeamsKiCoach.Coaching.Pulse;

/// <summary>
/// A team's pulse results over the last eight closed weeks: what each week shows, the aggregates that cover them
/// (oldest first; a roll-up that began before the eight weeks is shown whole) and the relief trend. Which answers
/// may be shown together is <see cref="PulseRollup"/>'s rule.
/// </summary>
public sealed record PulseResults(
    string TeamId,
    IsoWeek From,
    IsoWeek To,
    IReadOnlyList<PulseWeekResult> Weeks,
    IReadOnlyList<PulseAggregate> Aggregates,
    IReadOnlyList<PulseTrendPoint> Trend)
{
    public const int TrendWeeks = 8;

    /// <summary>A card keeps to a few themes per question; the rest are in the counts.</summary>
    public const int MaxThemes = 5;

    /// <summary>Whether the card should say that some weeks need more answers, rather than stay silent about them.</summary>
    public bool NeedsMoreAnswers => Weeks.Any(w => w.State is PulseWeekState.Collecting or PulseWeekState.WaitingForCompany or PulseWeekState.TooFew);

    /// <summary>
    /// The results one team may see. <paramref name="runs"/> and <paramref name="answers"/> are the whole
    /// tenant's, every team's: the company roll-up pools them, and the cells must come out the same for every team
    /// that asks. <paramref name="zoneOf"/> gives each team's time zone, which decides when its weeks close.
    /// </summary>
    public static PulseResults Build(
        string teamId,
        IEnumerable<PulseRun> runs,
        IEnumerable<PulseAnswer> answers,
        Func<string, TimeZoneInfo> zoneOf,
        DateTimeOffset now,
        IPatternGrouper? grouper = null)
    {
        var runList = runs.ToList();
        var answerList = answers.ToList();
        if (runList.Select(r => r.TenantId).Concat(answerList.Select(a => a.TenantId)).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw new ArgumentException("Pulse results are built from one tenant's runs and answers.", nameof(runs));
        }

        grouper ??= new LexicalPatternGrouper();
        var partition = PulseRollup.Compute(runList, answerList, zoneOf, now);
        var to = PulseWeek.At(now, zoneOf(teamId)).Week.AddWeeks(-1);
        var from = to.AddWeeks(1 - TrendWeeks);

        var aggregates = new Dictionary<PulseRollup.Cell, PulseAggregate>();
        var weeks = new List<PulseWeekResult>();
        for (var week = from; week <= to; week = week.AddWeeks(1))
        {
            var (state, cell) = partition.PlaceOf(new PulseCellPart(teamId, week));
            PulseAggregate? aggregate = null;
            if (cell is not null && !aggregates.TryGetValue(cell, out aggregate))
            {
                aggregate = aggregates[cell] = Summarize(cell, grouper);
            }

            weeks.Add(new PulseWeekResult(week, state, aggregate));
        }

        var shown = aggregates.Values.OrderBy(a => a.From).ThenBy(a => a.Group).ToList();
        var trend = shown
            .Where(a => a.Relief is not null)
            .Select(a => new PulseTrendPoint(a.From, a.To, a.Group, a.Relief!.Mean, a.Relief.Rated, a.Teams))
            .ToList();
        return new PulseResults(teamId, from, to, weeks, shown, trend);
    }

    private static PulseAggregate Summarize(PulseRollup.Cell cell, IPatternGrouper grouper)
    {
        var answers = cell.Answers;
        var ratings = answers.Where(a => a.Relief is >= 1 and <= 5).Select(a => a.Relief!.Value).ToList();
        var relief = ratings.Count >= cell.MinAnswers
            ? new PulseRelief(ratings.Count, Enumerable.Range(1, 5).Select(v => ratings.Count(r => r == v)).ToList(), ratings.Average())
            : null;
        var themes = answers.Count >= Math.Max(cell.MinAnswers, PulseThresholds.MinAnswersForThemes)
            ? new PulseThemes(
                Themes(answers.Select(a => a.Bypassed), cell.From, grouper),
                Themes(answers.Select(a => a.NewQuestions), cell.From, grouper),
                Themes(answers.Select(a => a.StillManual), cell.From, grouper))
            : null;
        return new PulseAggregate(
            cell.Group,
            cell.From,
            cell.To,
            cell.Parts.Select(p => p.TeamId).Distinct(StringComparer.Ordinal).Count(),
            cell.MinAnswers,
            answers.Count,
            answers.Count(a => a.NoTime),
            relief,
            themes)
        {
            Covers = cell.Parts,
        };
    }

    private static IReadOnlyList<PulseTheme> Themes(IEnumerable<string?> texts, IsoWeek week, IPatternGrouper grouper)
    {
        // Pulse texts carry no author and no time of their own: every one counts as an anonymous mention of the week.
        var at = new DateTimeOffset(week.Monday.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var entries = texts
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .Select((t, i) => new FrictionEntry(i + 1, t!, null, at, Frequency.Weekly, null))
            .ToList();
        if (entries.Count == 0)
        {
            return [];
        }

        return grouper.Group(entries).Patterns()
            .Take(MaxThemes)
            .Select(p => new PulseTheme(p.Title, p.Mentions))
            .ToList();
    }
}
