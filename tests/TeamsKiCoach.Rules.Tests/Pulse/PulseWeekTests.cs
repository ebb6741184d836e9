using System.Globalization;
using TeamsKiCoach.Coaching.Pulse;

namespace TeamsKiCoach.Tests.Pulse;

public sealed class PulseWeekTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeOnly QuietFrom = new(19, 0);
    private static readonly TimeOnly QuietUntil = new(7, 0);

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Theory]
    [InlineData("Europe/Berlin", "2026-11-26T13:00:00Z")]
    [InlineData("Europe/London", "2026-11-26T14:00:00Z")]
    [InlineData("America/New_York", "2026-11-26T19:00:00Z")]
    [InlineData("Asia/Kolkata", "2026-11-26T08:30:00Z")]
    public void ThePulseIsDueOnThursdayAtTwoInEachPersonsOwnTimeZone(string zone, string expected)
    {
        var week = new PulseWeek(new IsoWeek(2026, 48), Berlin);

        var due = week.DueFor(TimeZoneInfo.FindSystemTimeZoneById(zone), PulseSchedule.Default, QuietFrom, QuietUntil);

        Assert.Equal(Utc(expected), due);
    }

    [Fact]
    public void AcrossTheSpringChangeThePulseKeepsItsLocalTimeAndTheWeekClosesAtLocalMidnight()
    {
        // Europe moves its clocks on Sunday 2026-03-29, the last day of week 13.
        var before = new PulseWeek(new IsoWeek(2026, 13), Berlin);
        var week = new PulseWeek(new IsoWeek(2026, 14), Berlin);

        Assert.Equal(Utc("2026-03-26T13:00:00Z"), before.DueFor(Berlin, PulseSchedule.Default, QuietFrom, QuietUntil));
        Assert.Equal(Utc("2026-04-02T12:00:00Z"), week.DueFor(Berlin, PulseSchedule.Default, QuietFrom, QuietUntil));
        Assert.Equal(Utc("2026-03-29T22:00:00Z"), before.ClosesAt);
        Assert.Equal(before.ClosesAt, week.StartsAt);
    }

    [Fact]
    public void APulseTimeInQuietHoursMovesToTheirEnd()
    {
        var week = new PulseWeek(new IsoWeek(2026, 48), Berlin);

        var evening = week.DueFor(Berlin, new PulseSchedule(DayOfWeek.Friday, new TimeOnly(20, 0)), QuietFrom, QuietUntil);
        var early = week.DueFor(Berlin, new PulseSchedule(DayOfWeek.Monday, new TimeOnly(6, 0)), QuietFrom, QuietUntil);

        Assert.Equal(Utc("2026-11-28T06:00:00Z"), evening);
        Assert.Equal(Utc("2026-11-23T06:00:00Z"), early);
        Assert.True(week.IsOpenAt(evening));
    }

    [Theory]
    [InlineData(DayOfWeek.Saturday)]
    [InlineData(DayOfWeek.Sunday)]
    public void AWeekendPulseDayIsRefused(DayOfWeek day) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PulseSchedule(day, new TimeOnly(10, 0)));

    [Fact]
    public void TheWeekAPulseBelongsToFollowsTheTeamsCalendar()
    {
        // Sunday 23:30 UTC is already Monday in Berlin, still Sunday in New York.
        var instant = Utc("2026-11-29T23:30:00Z");

        Assert.Equal(new IsoWeek(2026, 49), PulseWeek.At(instant, Berlin).Week);
        Assert.Equal(new IsoWeek(2026, 48), PulseWeek.At(instant, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).Week);
    }

    [Fact]
    public void AnswersCanBeChangedUntilTheWeekClosesAndNotAfter()
    {
        var week = new PulseWeek(new IsoWeek(2026, 48), Berlin);

        Assert.Equal(Utc("2026-11-29T23:00:00Z"), week.ClosesAt);
        Assert.True(week.IsOpenAt(week.ClosesAt.AddSeconds(-1)));
        Assert.False(week.IsOpenAt(week.ClosesAt));
    }

    [Theory]
    [InlineData("2026-12-31", 2026, 53)]
    [InlineData("2027-01-03", 2026, 53)]
    [InlineData("2027-01-04", 2027, 1)]
    [InlineData("2024-12-30", 2025, 1)]
    public void IsoWeeksAcrossTheNewYear(string date, int year, int number)
    {
        var week = IsoWeek.Of(DateOnly.Parse(date, CultureInfo.InvariantCulture));

        Assert.Equal(new IsoWeek(year, number), week);
        Assert.Equal(week, IsoWeek.Parse(week.Key));
        Assert.Equal(week.AddWeeks(1).Monday, week.Monday.AddDays(7));
    }

    [Theory]
    [InlineData("2026-W7")]
    [InlineData("2026-W54")]
    [InlineData("2025-W53")]
    [InlineData("2026/W07")]
    [InlineData("")]
    public void AMalformedWeekKeyIsRejected(string key) => Assert.False(IsoWeek.TryParse(key, out _));

    [Fact]
    public void ARunFixesKAndTheCloseWhenItIsSent()
    {
        var week = new PulseWeek(new IsoWeek(2026, 48), Berlin);
        var run = PulseRun.Start("t", "team", week, 7, Utc("2026-11-26T13:00:00Z"));

        Assert.Equal(("2026-W48", 7, week.ClosesAt), (run.Week, run.MinAnswers, run.ClosesAt));
        Assert.True(run.AcceptsAnswersAt(week.ClosesAt.AddSeconds(-1)));
        Assert.False(run.AcceptsAnswersAt(week.ClosesAt));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(26)]
    public void AMinimumOutsideThreeToTwentyFiveIsRefused(int minAnswers) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            PulseRun.Start("t", "team", new PulseWeek(new IsoWeek(2026, 48), Berlin), minAnswers, Utc("2026-11-26T13:00:00Z")));

    [Fact]
    public void AClosedWeekGetsNoRun() =>
        Assert.Throws<InvalidOperationException>(() =>
            PulseRun.Start("t", "team", new PulseWeek(new IsoWeek(2026, 47), Berlin), 5, Utc("2026-11-26T13:00:00Z")));
}
