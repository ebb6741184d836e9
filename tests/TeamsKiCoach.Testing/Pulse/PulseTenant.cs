using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Coaching.Pulse;

namespace TeamsKiCoach.Tests.Pulse;

/// <summary>One tenant's pulse runs and answers, written the way the bot would store them.</summary>
public sealed class PulseTenant
{
    public const string TenantId = "tenant-1";

    private readonly Dictionary<string, TimeZoneInfo> zones = [];
    private long nextId = 1;

    public List<PulseRun> Runs { get; } = [];

    public List<PulseAnswer> Answers { get; } = [];

    public static IsoWeek Week(int number) => new(2026, number);

    public PulseTenant Team(string teamId, string zone = "Europe/Berlin")
    {
        zones[teamId] = TimeZoneInfo.FindSystemTimeZoneById(zone);
        return this;
    }

    public TimeZoneInfo ZoneOf(string teamId) => zones.TryGetValue(teamId, out var zone) ? zone : TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public PulseTenant Send(string teamId, IsoWeek week, int minAnswers = PulseThresholds.DefaultMinAnswers)
    {
        if (!zones.ContainsKey(teamId))
        {
            Team(teamId);
        }

        var pulseWeek = new PulseWeek(week, ZoneOf(teamId));
        var run = PulseRun.Start(TenantId, teamId, pulseWeek, minAnswers, pulseWeek.StartsAt);
        run.Id = nextId++;
        Runs.Add(run);
        return this;
    }

    public PulseTenant Answer(string teamId, IsoWeek week, int? relief = 3, string? bypassed = null, bool noTime = false) =>
        Answer(teamId, week, new PulseSubmission(relief, bypassed, null, null, noTime));

    public PulseTenant Answer(string teamId, IsoWeek week, PulseSubmission submission)
    {
        var answer = PulseAnswer.Create(TenantId, teamId, week, $"key-{nextId}", submission);
        answer.Id = nextId++;
        Answers.Add(answer);
        return this;
    }

    /// <summary>A sent pulse and that many answers with these ratings in turn.</summary>
    public PulseTenant Week(string teamId, IsoWeek week, int answers, int minAnswers = PulseThresholds.DefaultMinAnswers, params int[] reliefs)
    {
        Send(teamId, week, minAnswers);
        for (var i = 0; i < answers; i++)
        {
            Answer(teamId, week, reliefs.Length == 0 ? 3 : reliefs[i % reliefs.Length]);
        }

        return this;
    }

    public PulseResults Results(string teamId, DateTimeOffset now, IPatternGrouper? grouper = null) =>
        PulseResults.Build(teamId, Runs, Answers, ZoneOf, now, grouper);

    /// <summary>Everything a card could show of an aggregate, to compare two of them.</summary>
    public static string Figures(PulseAggregate a) =>
        FormattableString.Invariant($"{a.Group} {a.From}..{a.To} teams={a.Teams} k={a.MinAnswers} n={a.Answers} noTime={a.NoTime} ")
        + (a.Relief is { } r ? FormattableString.Invariant($"rated={r.Rated} [{string.Join(',', r.Distribution)}] mean={r.Mean:0.######} ") : "no relief ")
        + (a.Themes is { } t
            ? string.Join(" | ", new[] { t.Bypassed, t.NewQuestions, t.StillManual }.Select(list => string.Join("; ", list.Select(x => $"{x.Title}×{x.Mentions}"))))
            : "no themes");

    /// <summary>Wednesday noon (UTC) of a 2026 week: every earlier week is closed everywhere, this one is open.</summary>
    public static DateTimeOffset Midweek(int week) =>
        new(Week(week).Day(DayOfWeek.Wednesday).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
}

/// <summary>
/// The lexical grouper, asked once per set of texts: a property test looks at the same aggregates again and again
/// from many views, and regrouping identical texts each time would only cost time.
/// </summary>
public sealed class RememberingGrouper : IPatternGrouper
{
    private readonly LexicalPatternGrouper grouper = new();
    private readonly Dictionary<string, IPatternGrouping> groupings = new(StringComparer.Ordinal);

    public IPatternGrouping Group(IEnumerable<FrictionEntry> entries, GroupingDecisions? decisions = null)
    {
        var list = entries.ToList();
        var key = string.Join('\n', list.Select(e => e.Text));
        if (decisions is not null || !groupings.TryGetValue(key, out var grouping))
        {
            grouping = grouper.Group(list, decisions);
            if (decisions is null)
            {
                groupings[key] = grouping;
            }
        }

        return grouping;
    }
}
