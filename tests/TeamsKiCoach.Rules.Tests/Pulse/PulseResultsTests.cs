using TeamsKiCoach.Coaching.Pulse;
using static TeamsKiCoach.Tests.Pulse.PulseTenant;

namespace TeamsKiCoach.Tests.Pulse;

public sealed class PulseResultsTests
{
    [Fact]
    public void AWeekWithEnoughAnswersIsShownOnItsOwnWithItsDistributionAndMean()
    {
        var tenant = new PulseTenant().Week("team-a", Week(10), 6, reliefs: [1, 2, 3, 4, 5, 5]);

        var results = tenant.Results("team-a", Midweek(12));

        var aggregate = Assert.Single(results.Aggregates);
        Assert.Equal((Week(10), Week(10), PulseGroup.Team, 6), (aggregate.From, aggregate.To, aggregate.Group, aggregate.Answers));
        Assert.Equal([1, 1, 1, 1, 2], aggregate.Relief!.Distribution);
        Assert.Equal(20.0 / 6, aggregate.Relief.Mean, 6);
        Assert.Equal(PulseWeekState.Team, results.Weeks.Single(w => w.Week == Week(10)).State);
        var point = Assert.Single(results.Trend);
        Assert.Equal(aggregate.Relief.Mean, point.Mean);
    }

    [Fact]
    public void TheResultsCoverTheLastEightClosedWeeks()
    {
        var results = new PulseTenant().Team("team-a").Results("team-a", Midweek(12));

        Assert.Equal(Week(4), results.From);
        Assert.Equal(Week(11), results.To);
        Assert.Equal(8, results.Weeks.Count);
        Assert.All(results.Weeks, w => Assert.Equal(PulseWeekState.NoPulse, w.State));
    }

    [Fact]
    public void ASmallTeamsWeeksAreRolledUpUntilTheyReachK()
    {
        var tenant = new PulseTenant()
            .Week("team-a", Week(9), 3).Week("team-a", Week(10), 3)
            .Week("team-a", Week(11), 2).Week("team-a", Week(12), 3);

        var results = tenant.Results("team-a", Midweek(14));

        Assert.Equal(
            [(Week(9), Week(10), 6), (Week(11), Week(12), 5)],
            results.Aggregates.Select(a => (a.From, a.To, a.Answers)));
        Assert.All(results.Weeks.Where(w => w.Week >= Week(9) && w.Week <= Week(12)), w => Assert.Equal(PulseWeekState.Team, w.State));
        Assert.Equal("KW 9–10/2026", PulseText.German.Period(results.Aggregates[0].From, results.Aggregates[0].To));
    }

    [Fact]
    public void AWeekStillShortOfKWaitsForTheNextWeeksAndShowsNothing()
    {
        var tenant = new PulseTenant().Week("team-a", Week(9), 3).Week("team-a", Week(10), 1);

        var results = tenant.Results("team-a", Midweek(11));

        Assert.Empty(results.Aggregates);
        Assert.Empty(results.Trend);
        Assert.Equal(PulseWeekState.Collecting, results.Weeks.Single(w => w.Week == Week(9)).State);
        Assert.True(results.NeedsMoreAnswers);
    }

    [Fact]
    public void WhatATeamCannotReachInFourWeeksIsPooledWithTheOtherSmallTeamsOfTheCompany()
    {
        var tenant = new PulseTenant();
        foreach (var week in new[] { 9, 10, 11, 12 })
        {
            tenant.Week("team-a", Week(week), 1).Week("team-b", Week(week), 1).Week("team-c", Week(week), 6);
        }

        var a = tenant.Results("team-a", Midweek(14));
        var b = tenant.Results("team-b", Midweek(14));
        var c = tenant.Results("team-c", Midweek(14));

        var company = Assert.Single(a.Aggregates);
        Assert.Equal((PulseGroup.Company, Week(9), Week(12), 8, 2), (company.Group, company.From, company.To, company.Answers, company.Teams));
        Assert.Equal(PulseTenant.Figures(company), PulseTenant.Figures(Assert.Single(b.Aggregates)));
        Assert.All(c.Aggregates, x => Assert.Equal((PulseGroup.Team, 6), (x.Group, x.Answers)));
        Assert.Equal(PulseWeekState.Company, a.Weeks.Single(w => w.Week == Week(11)).State);
    }

    [Fact]
    public void ATeamAloneUnderKEvenOverFourWeeksIsNeverShown()
    {
        var tenant = new PulseTenant();
        foreach (var week in new[] { 9, 10, 11, 12 })
        {
            tenant.Week("team-a", Week(week), 1);
        }

        var results = tenant.Results("team-a", Midweek(14));

        Assert.Empty(results.Aggregates);
        Assert.All(results.Weeks.Where(w => w.Week >= Week(9) && w.Week <= Week(12)), w => Assert.Equal(PulseWeekState.TooFew, w.State));
        Assert.True(results.NeedsMoreAnswers);
    }

    [Fact]
    public void TheCompanyPoolWaitsUntilItsPeriodIsOverInEveryTimeZone()
    {
        var tenant = new PulseTenant();
        foreach (var week in new[] { 9, 10, 11, 12 })
        {
            tenant.Week("team-a", Week(week), 1).Week("team-b", Week(week), 1).Week("team-c", Week(week), 1);
        }

        // Berlin's week 12 is over at Sunday 23:00 UTC, the westernmost zone's at Monday 12:00 UTC.
        var monday = Week(13).Monday.ToDateTime(TimeOnly.MinValue);
        var early = tenant.Results("team-a", new DateTimeOffset(monday.AddHours(6), TimeSpan.Zero));
        var later = tenant.Results("team-a", new DateTimeOffset(monday.AddHours(13), TimeSpan.Zero));

        Assert.Empty(early.Aggregates);
        Assert.Equal(PulseWeekState.WaitingForCompany, early.Weeks.Single(w => w.Week == Week(12)).State);
        Assert.Equal(12, Assert.Single(later.Aggregates).Answers);
    }

    [Fact]
    public void AnOpenWeekIsNotShownUntilItClosesInTheTeamsTimeZone()
    {
        var tenant = new PulseTenant().Week("team-a", Week(12), 6);
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var closes = new PulseWeek(Week(12), berlin).ClosesAt;

        Assert.Empty(tenant.Results("team-a", closes.AddMinutes(-1)).Aggregates);
        Assert.Equal(6, Assert.Single(tenant.Results("team-a", closes).Aggregates).Answers);
    }

    [Fact]
    public void TheMinimumFixedWhenThePulseWasSentDecidesNotTheTeamsLaterSetting()
    {
        var tenant = new PulseTenant().Week("team-a", Week(9), 6, minAnswers: 8).Week("team-a", Week(10), 2, minAnswers: 3);

        var results = tenant.Results("team-a", Midweek(12));

        var aggregate = Assert.Single(results.Aggregates);
        Assert.Equal((Week(9), Week(10), 8, 8), (aggregate.From, aggregate.To, aggregate.Answers, aggregate.MinAnswers));
    }

    [Fact]
    public void AnswersWithoutASentPulseAreLeftOut()
    {
        var tenant = new PulseTenant().Team("team-a");
        for (var i = 0; i < 6; i++)
        {
            tenant.Answer("team-a", Week(10));
        }

        Assert.Empty(tenant.Results("team-a", Midweek(12)).Aggregates);
    }

    [Fact]
    public void ReliefIsHiddenWhenFewerThanKPeopleRatedEvenIfEnoughAnswered()
    {
        var tenant = new PulseTenant().Send("team-a", Week(10));
        for (var i = 0; i < 4; i++)
        {
            tenant.Answer("team-a", Week(10), relief: 4);
        }

        tenant.Answer("team-a", Week(10), relief: null, noTime: true).Answer("team-a", Week(10), relief: null, noTime: true);

        var results = tenant.Results("team-a", Midweek(12));

        var aggregate = Assert.Single(results.Aggregates);
        Assert.Equal((6, 2), (aggregate.Answers, aggregate.NoTime));
        Assert.Null(aggregate.Relief);
        Assert.Empty(results.Trend);
    }

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    public void FreeTextThemesAppearOnlyFromTenAnswers(int answers, bool shown)
    {
        var tenant = new PulseTenant().Send("team-a", Week(10));
        for (var i = 0; i < answers; i++)
        {
            tenant.Answer("team-a", Week(10), bypassed: i % 2 == 0 ? "Rechnungen wieder von Hand abgetippt" : null);
        }

        var aggregate = Assert.Single(tenant.Results("team-a", Midweek(12)).Aggregates);

        Assert.Equal(shown, aggregate.Themes is not null);
        if (shown)
        {
            var theme = Assert.Single(aggregate.Themes!.Bypassed);
            Assert.Equal(5, theme.Mentions);
            Assert.Contains("Rechnungen", theme.Title, StringComparison.Ordinal);
            Assert.Empty(aggregate.Themes.NewQuestions);
        }
    }

    [Fact]
    public void ARollUpShownOnceStaysTheSameAsLaterWeeksComeIn()
    {
        var tenant = new PulseTenant().Week("team-a", Week(9), 3).Week("team-a", Week(10), 3);
        var before = Assert.Single(tenant.Results("team-a", Midweek(11)).Aggregates);

        tenant.Week("team-a", Week(11), 1).Week("team-a", Week(12), 9);
        var after = tenant.Results("team-a", Midweek(14)).Aggregates;

        Assert.Equal(PulseTenant.Figures(before), PulseTenant.Figures(after[0]));
        Assert.Equal((Week(11), Week(12), 10), (after[1].From, after[1].To, after[1].Answers));
    }

    [Fact]
    public void ResultsRefuseAnotherTenantsRows()
    {
        var tenant = new PulseTenant().Week("team-a", Week(10), 6);
        tenant.Runs.Add(new PulseRun { TenantId = "tenant-2", TeamId = "team-x", Week = Week(10).Key });

        Assert.Throws<ArgumentException>(() => tenant.Results("team-a", Midweek(12)));
    }

    [Fact]
    public void ATeamThatMovesFurtherWestDoesNotReopenAWeekItsRunHasClosed()
    {
        var tenant = new PulseTenant().Week("team-a", Week(10), 6);
        var closed = tenant.Runs[0].ClosesAt;
        tenant.Team("team-a", "America/Los_Angeles");

        // Shown only once Los Angeles is past the week too; by then the run has long stopped taking answers.
        Assert.Empty(tenant.Results("team-a", closed.AddHours(1)).Aggregates);
        Assert.False(tenant.Runs[0].AcceptsAnswersAt(closed.AddHours(1)));
        Assert.Equal(6, Assert.Single(tenant.Results("team-a", closed.AddHours(10)).Aggregates).Answers);
    }
}
