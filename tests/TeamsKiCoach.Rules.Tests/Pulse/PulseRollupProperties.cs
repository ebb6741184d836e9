using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TeamsKiCoach.Coaching.Pulse;

namespace TeamsKiCoach.Tests.Pulse;

/// <summary>
/// Random tenants: one to four teams in different time zones, each with its own k and weeks with and without a
/// pulse, a few answers or many, some weeks' k changed. Every team looks at its results at many moments while the
/// weeks go by, and everything any of them was ever shown is checked together, as someone collecting all views
/// would hold it.
/// </summary>
public sealed class PulseRollupProperties
{
    [Property(Arbitrary = [typeof(PulseScenarios)], MaxTest = 150)]
    public void NoShownAggregateOrChartPointCoversFewerThanKAnswers(PulseScenario scenario)
    {
        foreach (var view in scenario.AllViews())
        {
            foreach (var aggregate in view.Results.Aggregates)
            {
                var answers = PulseScenario.AnswersIn(aggregate, view.Given);
                var k = scenario.MinAnswersOf(answers);
                Assert.Equal(answers.Count, aggregate.Answers);
                Assert.True(answers.Count >= k, $"{PulseTenant.Figures(aggregate)} holds {answers.Count} answers, k is {k}");
                Assert.True(aggregate.MinAnswers >= k);
                Assert.All(aggregate.Covers, part => Assert.True(scenario.IsClosed(part.TeamId, part.Week, view.Now), $"{part} is still open at {view.Now:O}"));
                if (aggregate.Relief is { } relief)
                {
                    Assert.Equal(answers.Count(a => a.Relief is not null), relief.Rated);
                    Assert.True(relief.Rated >= k, $"a mean of {relief.Rated} ratings under k {k}");
                }
            }

            foreach (var point in view.Results.Trend)
            {
                var aggregate = Assert.Single(view.Results.Aggregates, a => a.From == point.From && a.To == point.To && a.Group == point.Group);
                Assert.Equal(aggregate.Relief!.Mean, point.Mean);
                Assert.True(point.Rated >= scenario.MinAnswersOf(PulseScenario.AnswersIn(aggregate, view.Given)));
            }
        }
    }

    [Property(Arbitrary = [typeof(PulseScenarios)], MaxTest = 150)]
    public void NoTwoShownAggregatesDifferByAGroupOfFewerThanKAnswers(PulseScenario scenario)
    {
        var shown = scenario.AllViews()
            .SelectMany(v => v.Results.Aggregates.Select(a => (Aggregate: a, Answers: PulseScenario.AnswersIn(a, v.Given).Select(x => x.Id).ToHashSet())))
            .ToList();
        var distinct = shown.GroupBy(x => string.Join(',', x.Answers.Order())).ToList();

        // The same answers are always shown with the same figures, in every team's view and at every moment.
        Assert.All(distinct, group => Assert.Single(group.Select(x => PulseTenant.Figures(x.Aggregate)).Distinct()));

        var sets = distinct.Select(g => g.First().Answers).ToList();
        for (var i = 0; i < sets.Count; i++)
        {
            for (var j = i + 1; j < sets.Count; j++)
            {
                foreach (var difference in new[] { sets[i].Except(sets[j]).ToList(), sets[j].Except(sets[i]).ToList() })
                {
                    var k = scenario.MinAnswersOf(scenario.Answers.Where(a => difference.Contains(a.Id)).ToList());
                    Assert.True(difference.Count == 0 || difference.Count >= k, $"two aggregates differ by {difference.Count} answers, k is {k}");
                }

                // Stronger than the difference: shown aggregates never share an answer, so no combination of them
                // (sums and differences of any number) isolates less than a whole aggregate.
                Assert.False(sets[i].Overlaps(sets[j]), "two different shown aggregates share answers");
            }
        }
    }

    [Property(Arbitrary = [typeof(PulseScenarios)], MaxTest = 150)]
    public void FreeTextNeverAppearsUnderTenAnswers(PulseScenario scenario)
    {
        foreach (var (aggregate, answers) in scenario.AllViews().SelectMany(v => v.Results.Aggregates.Select(a => (a, PulseScenario.AnswersIn(a, v.Given)))))
        {
            if (answers.Count < PulseThresholds.MinAnswersForThemes)
            {
                Assert.Null(aggregate.Themes);
            }

            if (aggregate.Themes is { } themes)
            {
                Assert.True(themes.Bypassed.Sum(t => t.Mentions) <= answers.Count(a => a.Bypassed is not null));
                Assert.True(answers.Count >= PulseThresholds.MinAnswersForThemes);
            }
        }
    }
}

public sealed record PulseScenario(IReadOnlyList<PulseScenario.TeamPlan> Teams, int StartWeek)
{
    public const int Weeks = 14;

    public sealed record TeamPlan(string TeamId, string Zone, IReadOnlyList<WeekPlan?> Weeks);

    public sealed record WeekPlan(int MinAnswers, IReadOnlyList<PulseSubmission> Answers);

    private readonly RememberingGrouper grouper = new();
    private readonly Dictionary<long, DateTimeOffset> arrivals = [];
    private PulseTenant? tenant;

    private PulseTenant Tenant => tenant ??= Build();

    public IReadOnlyList<PulseAnswer> Answers => Tenant.Answers;

    public IsoWeek First => new IsoWeek(2026, 1).AddWeeks(StartWeek);

    /// <summary>The answers given by then in the team-weeks an aggregate says it covers.</summary>
    public static List<PulseAnswer> AnswersIn(PulseAggregate aggregate, IEnumerable<PulseAnswer> given)
    {
        var parts = aggregate.Covers.Select(p => (p.TeamId, p.Week.Key)).ToHashSet();
        return given.Where(a => parts.Contains((a.TeamId, a.Week))).ToList();
    }

    /// <summary>The k that protects these answers: the highest of the weeks they were given in.</summary>
    public int MinAnswersOf(IReadOnlyCollection<PulseAnswer> answers) =>
        answers.Select(a => Tenant.Runs.Single(r => r.TeamId == a.TeamId && r.Week == a.Week).MinAnswers).DefaultIfEmpty(0).Max();

    public bool IsClosed(string teamId, IsoWeek week, DateTimeOffset now) => new PulseWeek(week, Tenant.ZoneOf(teamId)).IsClosedAt(now);

    private DateTimeOffset SentAt(PulseRun run) => new PulseWeek(run.IsoWeek, Tenant.ZoneOf(run.TeamId)).StartsAt;

    /// <summary>Every team's results about once a day from the first week until all weeks are over everywhere. A pulse
    /// exists from the start of its week, and its answers come in one by one over the week, so the views see weeks
    /// grow while they are open.</summary>
    public IEnumerable<(DateTimeOffset Now, PulseResults Results, IReadOnlyList<PulseAnswer> Given)> AllViews()
    {
        var start = new DateTimeOffset(First.Monday.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        for (var now = start; now <= start.AddDays(7 * (Weeks + 5)); now = now.AddHours(31))
        {
            var sent = Tenant.Runs.Where(r => SentAt(r) <= now).ToList();
            var given = Tenant.Answers.Where(a => arrivals[a.Id] <= now).ToList();
            foreach (var team in Teams)
            {
                yield return (now, PulseResults.Build(team.TeamId, sent, given, Tenant.ZoneOf, now, grouper), given);
            }
        }
    }

    private PulseTenant Build()
    {
        var built = new PulseTenant();
        foreach (var team in Teams)
        {
            built.Team(team.TeamId, team.Zone);
            for (var i = 0; i < team.Weeks.Count; i++)
            {
                if (team.Weeks[i] is not { } plan)
                {
                    continue;
                }

                var week = First.AddWeeks(i);
                built.Send(team.TeamId, week, plan.MinAnswers);
                var starts = new PulseWeek(week, built.ZoneOf(team.TeamId)).StartsAt;
                for (var n = 0; n < plan.Answers.Count; n++)
                {
                    built.Answer(team.TeamId, week, plan.Answers[n]);
                    arrivals[built.Answers[^1].Id] = starts + TimeSpan.FromDays(7.0 * (n + 1) / (plan.Answers.Count + 1));
                }
            }
        }

        return built;
    }

    public override string ToString() =>
        $"start {First}: " + string.Join("; ", Teams.Select(t =>
            $"{t.TeamId} ({t.Zone}) " + string.Join(' ', t.Weeks.Select(w => w is null ? "-" : $"{w.Answers.Count}/k{w.MinAnswers}"))));
}

public static class PulseScenarios
{
    private static readonly string[] Zones = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "Pacific/Auckland", "UTC", "Pacific/Pago_Pago"];

    private static readonly string[] Texts =
    [
        "Rechnungen wieder von Hand abgetippt",
        "Excel-Liste doch selbst gepflegt",
        "Kunde hat nachgefragt, wer das geprüft hat",
        "Mahnungen per Mail verschickt",
        "invoices typed by hand again",
    ];

    public static Arbitrary<PulseScenario> Scenario() =>
        (from count in Gen.Choose(1, 4)
         from teams in Gen.ListOf(Team(), count)
         from start in Gen.Choose(0, 7)
         select new PulseScenario(teams.Select((t, i) => t with { TeamId = $"team-{i + 1}" }).ToList(), start))
        .ToArbitrary();

    private static Gen<PulseScenario.TeamPlan> Team() =>
        from k in Gen.Frequency((4, Gen.Choose(3, 6)), (1, Gen.Choose(3, 25)))
        from zone in Gen.Elements(Zones)
        from weeks in Gen.ListOf(Week(k), PulseScenario.Weeks)
        select new PulseScenario.TeamPlan("team", zone, weeks.ToList());

    private static Gen<PulseScenario.WeekPlan?> Week(int teamK) =>
        Gen.Frequency(
            (1, Gen.Constant<PulseScenario.WeekPlan?>(null)),
            (5, from k in Gen.Frequency((5, Gen.Constant(teamK)), (1, Gen.Choose(3, 25)))
                from count in Gen.Frequency((5, Gen.Choose(0, 4)), (3, Gen.Choose(5, 9)), (2, Gen.Choose(10, 14)))
                from answers in Gen.ListOf(Answer(), count)
                select (PulseScenario.WeekPlan?)new PulseScenario.WeekPlan(k, answers.ToList())));

    private static Gen<PulseSubmission> Answer() =>
        from relief in Gen.Frequency((1, Gen.Constant<int?>(null)), (4, Gen.Choose(1, 5).Select(v => (int?)v)))
        from noTime in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        from bypassed in Gen.Frequency((2, Gen.Constant<string?>(null)), (1, Gen.Elements(Texts).Select(t => (string?)t)))
        from manual in Gen.Frequency((3, Gen.Constant<string?>(null)), (1, Gen.Elements(Texts).Select(t => (string?)t)))
        select new PulseSubmission(relief, bypassed, null, manual, noTime);
}
