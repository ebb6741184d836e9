using Microsoft.Extensions.Time.Testing;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Stages;

namespace TeamsKiCoach.Tests.Nudges;

public sealed class NudgePolicyTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    // Monday 22 June 2026, 10:00 in Berlin (summer time).
    private static readonly DateTimeOffset MondayMorning = new(2026, 6, 22, 8, 0, 0, TimeSpan.Zero);

    private static readonly NudgeComposer Composer = new(new NudgeOptions());

    private static Nudge SomeNudge(NudgeData? data = null) => Composer.Compose(TeamStage.FrictionVisible, data ?? NudgeComposerTests.Full(), NudgeText.German)!;

    private static NudgeSituation Situation(NudgeCadence cadence = NudgeCadence.Weekly, DateTimeOffset? lastSent = null, string? lastFingerprint = null, TimeZoneInfo? zone = null) =>
        new(cadence, zone ?? Berlin, new TimeOnly(19, 0), new TimeOnly(7, 0), lastSent, lastFingerprint);

    private static NudgeDecision Decide(DateTimeOffset now, NudgeSituation situation, Nudge? nudge) =>
        new NudgePolicy(new FakeTimeProvider(now)).Decide(situation, nudge);

    [Fact]
    public void ATeamThatNeverHadANudgeGetsOneOnAWorkDayMorning()
    {
        var nudge = SomeNudge();

        var decision = Decide(MondayMorning, Situation(), nudge);

        Assert.True(decision.Send);
        Assert.Same(nudge, decision.Nudge);
        Assert.Equal(new DateOnly(2026, 6, 22), decision.LocalDate);
    }

    [Fact]
    public void ATeamThatSwitchedNudgesOffGetsNone()
    {
        Assert.Equal(NudgeSkip.Off, Decide(MondayMorning, Situation(NudgeCadence.Off), SomeNudge()).Skip);
    }

    [Theory]
    [InlineData("2026-06-22T17:00:00Z", NudgeSkip.QuietHours)]
    [InlineData("2026-06-22T04:59:00Z", NudgeSkip.QuietHours)]
    [InlineData("2026-06-22T05:00:00Z", NudgeSkip.None)]
    [InlineData("2026-06-22T16:59:00Z", NudgeSkip.None)]
    [InlineData("2026-06-27T08:00:00Z", NudgeSkip.Weekend)]
    [InlineData("2026-06-28T08:00:00Z", NudgeSkip.Weekend)]
    public void NeverInQuietHoursOrOnAWeekendInTheTeamsTimeZone(string utc, NudgeSkip expected)
    {
        var now = DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expected, Decide(now, Situation(), SomeNudge()).Skip);
    }

    [Fact]
    public void TheWeekendIsTheTeamsWeekendNotUtcs()
    {
        // Friday 23:30 UTC: already Saturday in Berlin, Friday afternoon in Los Angeles.
        var now = new DateTimeOffset(2026, 6, 26, 23, 30, 0, TimeSpan.Zero);
        var losAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

        Assert.Equal(NudgeSkip.Weekend, Decide(now, Situation(), SomeNudge()).Skip);
        Assert.Equal(NudgeSkip.None, Decide(now, Situation(zone: losAngeles), SomeNudge()).Skip);
    }

    [Theory]
    [InlineData(NudgeCadence.Weekly, 4, NudgeSkip.TooSoon)]
    [InlineData(NudgeCadence.Weekly, 7, NudgeSkip.None)]
    [InlineData(NudgeCadence.EveryTwoWeeks, 7, NudgeSkip.TooSoon)]
    [InlineData(NudgeCadence.EveryTwoWeeks, 11, NudgeSkip.TooSoon)]
    [InlineData(NudgeCadence.EveryTwoWeeks, 14, NudgeSkip.None)]
    public void AtMostOneNudgePerCadence(NudgeCadence cadence, int daysLater, NudgeSkip expected)
    {
        // Last sent a few minutes later in the day than this run, which must still count as a full week.
        var lastSent = MondayMorning.AddMinutes(5);

        var decision = Decide(MondayMorning.AddDays(daysLater), Situation(cadence, lastSent, "older"), SomeNudge());

        Assert.Equal(expected, decision.Skip);
    }

    [Fact]
    public void ANudgeWithNothingNewIsNotSent()
    {
        var last = SomeNudge();
        var same = SomeNudge();
        var changed = SomeNudge(NudgeComposerTests.Full() with { TopPatterns = [new("p1", "Rechnungen abtippen", 9, 5)] });
        var situation = Situation(lastSent: MondayMorning.AddDays(-7), lastFingerprint: last.Fingerprint);

        Assert.Equal(NudgeSkip.NothingNew, Decide(MondayMorning, situation, same).Skip);
        Assert.Equal(NudgeSkip.None, Decide(MondayMorning, situation, changed).Skip);
        Assert.Equal(NudgeSkip.NothingToSay, Decide(MondayMorning, situation, null).Skip);
    }

    [Theory]
    [InlineData(NudgeCadence.Weekly, 4)]
    [InlineData(NudgeCadence.EveryTwoWeeks, 2)]
    public void RunHourlyForFourWeeksATeamGetsOneNudgePerCadenceAlwaysAtAGoodTime(NudgeCadence cadence, int expected)
    {
        var time = new FakeTimeProvider(MondayMorning.AddHours(-8));
        var policy = new NudgePolicy(time);
        var sent = new List<(DateTimeOffset At, Nudge Nudge)>();
        var end = time.GetUtcNow().AddDays(28);
        while (time.GetUtcNow() < end)
        {
            // Something new every day: the backlog grows, so only the cadence and the clock hold nudges back.
            var day = (time.GetUtcNow() - MondayMorning).Days + 10;
            var nudge = SomeNudge(new NudgeData { TopPatterns = [new("p1", "Rechnungen abtippen", day, 3)] });
            var last = sent.Count > 0 ? sent[^1] : default;
            var decision = policy.Decide(Situation(cadence, sent.Count > 0 ? last.At : null, last.Nudge?.Fingerprint), nudge);
            if (decision.Send)
            {
                sent.Add((time.GetUtcNow(), decision.Nudge!));
            }

            time.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(expected, sent.Count);
        Assert.All(sent, s =>
        {
            var local = PromptCalendar.LocalTime(s.At, Berlin);
            Assert.InRange(local.TimeOfDay, TimeSpan.FromHours(7), TimeSpan.FromHours(19) - TimeSpan.FromTicks(1));
            Assert.DoesNotContain(local.DayOfWeek, new[] { DayOfWeek.Saturday, DayOfWeek.Sunday });
        });
        Assert.All(sent.Zip(sent.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromDays(NudgePolicy.DaysBetween(cadence)) - TimeSpan.FromHours(1)));
    }

    [Fact]
    public void WithTheSameNewsAllMonthOnlyTheFirstNudgeIsSent()
    {
        var time = new FakeTimeProvider(MondayMorning);
        var policy = new NudgePolicy(time);
        var nudge = SomeNudge();
        DateTimeOffset? lastSent = null;
        string? lastFingerprint = null;
        var sent = 0;
        for (var week = 0; week < 4; week++)
        {
            var decision = policy.Decide(Situation(NudgeCadence.Weekly, lastSent, lastFingerprint), nudge);
            if (decision.Send)
            {
                (lastSent, lastFingerprint, sent) = (time.GetUtcNow(), nudge.Fingerprint, sent + 1);
            }

            time.Advance(TimeSpan.FromDays(7));
        }

        Assert.Equal(1, sent);
    }
}
