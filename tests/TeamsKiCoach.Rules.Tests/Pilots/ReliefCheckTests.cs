using Microsoft.Extensions.Time.Testing;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Coaching.Teams;

namespace TeamsKiCoach.Tests.Pilots;

public sealed class ReliefCheckTests
{
    private static readonly TeamCalendar Team = TeamCalendar.Default;

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void PeopleInBerlinAndNewYorkAreAskedOneAndThreeWeeksLaterAtTheirOwnPromptTime()
    {
        var clock = new FakeTimeProvider(Utc(2026, 11, 23, 9, 0));
        var people = new[] { new ReliefRecipient("berlin", "Europe/Berlin"), new ReliefRecipient("new-york", "America/New_York") };

        var due = ReliefCheckSchedule.For(clock.GetUtcNow(), people, Team);

        Assert.Equal(
            [
                ("berlin", 1, Utc(2026, 11, 30, 14, 30)),
                ("new-york", 1, Utc(2026, 11, 30, 20, 30)),
                ("berlin", 3, Utc(2026, 12, 14, 14, 30)),
                ("new-york", 3, Utc(2026, 12, 14, 20, 30)),
            ],
            due.Select(d => (d.AadObjectId, d.Week, d.DueAt)));
        Assert.All(due, d => Assert.Equal(new TimeOnly(15, 30), TimeOnly.FromDateTime(d.LocalDateTime)));
    }

    [Fact]
    public void EachPersonCountsTheWeeksFromTheStartsDateOnTheirOwnClockAndAWeekendMovesToMonday()
    {
        // Friday 23:30 UTC: already Saturday in Berlin, still Friday afternoon in New York.
        var start = Utc(2026, 11, 27, 23, 30);
        var people = new[] { new ReliefRecipient("berlin", "Europe/Berlin"), new ReliefRecipient("new-york", "America/New_York") };

        var due = ReliefCheckSchedule.For(start, people, Team).Where(d => d.Week == 1).ToDictionary(d => d.AadObjectId);

        Assert.Equal(new DateOnly(2026, 12, 7), due["berlin"].LocalDate);
        Assert.Equal(DayOfWeek.Monday, due["berlin"].LocalDate.DayOfWeek);
        Assert.Equal(new DateOnly(2026, 12, 4), due["new-york"].LocalDate);
        Assert.Equal(Utc(2026, 12, 4, 20, 30), due["new-york"].DueAt);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-23T09:00:00Z", "2026-03-30T13:30:00Z", "2026-04-13T13:30:00Z")]
    [InlineData("Europe/Berlin", "2026-10-19T09:00:00Z", "2026-10-26T14:30:00Z", "2026-11-09T14:30:00Z")]
    [InlineData("America/New_York", "2026-03-02T15:00:00Z", "2026-03-09T19:30:00Z", "2026-03-23T19:30:00Z")]
    [InlineData("America/New_York", "2026-10-26T15:00:00Z", "2026-11-02T20:30:00Z", "2026-11-16T20:30:00Z")]
    public void AcrossADaylightSavingChangeTheQuestionComesAtTheSameLocalTime(string zone, string start, string firstUtc, string thirdUtc)
    {
        var started = DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture);

        var due = ReliefCheckSchedule.For(started, [new ReliefRecipient("p", zone)], Team);

        Assert.Equal(
            [DateTimeOffset.Parse(firstUtc, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(thirdUtc, System.Globalization.CultureInfo.InvariantCulture)],
            due.Select(d => d.DueAt));
        Assert.All(due, d => Assert.Equal(new TimeOnly(15, 30), TimeOnly.FromDateTime(d.LocalDateTime)));
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        Assert.NotEqual(tz.GetUtcOffset(started), tz.GetUtcOffset(due[0].DueAt));
    }

    [Fact]
    public void SomeoneWithoutAKnownTimeZoneIsAskedInTheTeamsZone()
    {
        var team = Team with { TimeZone = "America/New_York" };

        var due = ReliefCheckSchedule.DueFor(Utc(2026, 11, 23, 15, 0), 1, new ReliefRecipient("p", null), team);
        var unknown = ReliefCheckSchedule.DueFor(Utc(2026, 11, 23, 15, 0), 1, new ReliefRecipient("p", "Mars/Olympus"), team);

        Assert.Equal(Utc(2026, 11, 30, 20, 30), due.DueAt);
        Assert.Equal(due.DueAt, unknown.DueAt);
        Assert.Equal("America/New_York", due.Zone.Id);
    }

    [Fact]
    public void APersonsOwnPromptTimeWins()
    {
        var due = ReliefCheckSchedule.DueFor(Utc(2026, 11, 23, 9, 0), 1, new ReliefRecipient("p", "Europe/Berlin", new TimeOnly(9, 15)), Team);

        Assert.Equal(Utc(2026, 11, 30, 8, 15), due.DueAt);
    }

    [Fact]
    public void APromptTimeInQuietHoursMovesToTheirEndOnTheNextWorkDay()
    {
        // Thursday evening's question would fall into quiet hours; Friday morning at seven is the first quiet-free time.
        var evening = Team with { PromptTime = new TimeOnly(20, 0) };
        var thursdayStart = Utc(2026, 11, 26, 9, 0);
        var fridayStart = Utc(2026, 11, 27, 9, 0);

        var fromThursday = ReliefCheckSchedule.DueFor(thursdayStart, 1, new ReliefRecipient("p", "Europe/Berlin"), evening);
        var fromFriday = ReliefCheckSchedule.DueFor(fridayStart, 1, new ReliefRecipient("p", "Europe/Berlin"), evening);

        Assert.Equal(new DateTime(2026, 12, 4, 7, 0, 0), fromThursday.LocalDateTime);
        Assert.Equal(new DateTime(2026, 12, 7, 7, 0, 0), fromFriday.LocalDateTime);
    }

    [Fact]
    public void ATeamThatWorksOnSaturdayIsAskedOnSaturday()
    {
        var sixDays = Team with { WorkDays = TeamRecord.DefaultWorkDays | WorkDays.Saturday };

        var due = ReliefCheckSchedule.DueFor(Utc(2026, 11, 28, 9, 0), 1, new ReliefRecipient("p", "Europe/Berlin"), sixDays);

        Assert.Equal(new DateOnly(2026, 12, 5), due.LocalDate);
    }

    [Fact]
    public void APersonNamedTwiceIsAskedOncePerRound()
    {
        var due = ReliefCheckSchedule.For(Utc(2026, 11, 23, 9, 0), [new ReliefRecipient("p", "Europe/Berlin"), new ReliefRecipient("p", "Europe/Berlin")], Team);

        Assert.Equal([1, 3], due.Select(d => d.Week));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void BelowTheMinimumNoFigureIsShown(int answers)
    {
        var result = ReliefResult.Aggregate(Enumerable.Repeat(new ReliefAnswer(Relief.No, "Zu kompliziert"), answers));

        Assert.Equal(new ReliefResult.NeedsMoreAnswers(5), result);
    }

    [Fact]
    public void FromTheMinimumOnEachAnswerIsCounted()
    {
        var answers = new[] { Relief.Yes, Relief.Yes, Relief.ABit, Relief.No, Relief.NotAffected }.Select(a => new ReliefAnswer(a));

        var counts = Assert.IsType<ReliefResult.Counted>(ReliefResult.Aggregate(answers)).Counts;

        Assert.Equal((2, 1, 1, 1, 5), (counts.Yes, counts.ABit, counts.No, counts.NotAffected, counts.Total));
        Assert.Equal(0.25, counts.NoShare);
    }

    [Fact]
    public void ATeamsOwnMinimumIsRespected()
    {
        var three = Enumerable.Repeat(new ReliefAnswer(Relief.Yes), 3).ToList();

        Assert.IsType<ReliefResult.Counted>(ReliefResult.Aggregate(three, minAnswers: 3));
        Assert.Equal(new ReliefResult.NeedsMoreAnswers(4), ReliefResult.Aggregate(three, minAnswers: 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReliefResult.Aggregate(three, minAnswers: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReliefResult.Aggregate(three, minAnswers: 26));
    }

    [Fact]
    public void CommentsAppearOnlyFromTenAnswersAndInNoParticularPersonsOrder()
    {
        var nine = Enumerable.Range(0, 9).Select(i => new ReliefAnswer(Relief.ABit, i == 0 ? "Zählt doppelt" : null)).ToList();
        var ten = nine.Append(new ReliefAnswer(Relief.No, "  Abgleich dauert  ")).Append(new ReliefAnswer(Relief.Yes, "   ")).ToList();

        var fewer = Assert.IsType<ReliefResult.Counted>(ReliefResult.Aggregate(nine)).Counts;
        var enough = Assert.IsType<ReliefResult.Counted>(ReliefResult.Aggregate(ten)).Counts;

        Assert.Empty(fewer.Comments);
        Assert.Equal(["Abgleich dauert", "Zählt doppelt"], enough.Comments);
    }

    [Fact]
    public void ThePeopleNotAffectedDoNotMakeThePilotLookBetter()
    {
        var answers = new[] { Relief.No, Relief.NotAffected, Relief.NotAffected, Relief.NotAffected, Relief.NotAffected }.Select(a => new ReliefAnswer(a));
        var nobodyConcerned = Enumerable.Repeat(new ReliefAnswer(Relief.NotAffected), 5);

        Assert.Equal(1.0, Assert.IsType<ReliefResult.Counted>(ReliefResult.Aggregate(answers)).Counts.NoShare);
        Assert.Null(Assert.IsType<ReliefResult.Counted>(ReliefResult.Aggregate(nobodyConcerned)).Counts.NoShare);
    }
}
