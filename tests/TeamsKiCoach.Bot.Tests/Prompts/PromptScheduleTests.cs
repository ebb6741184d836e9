using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage.Prompts;

namespace TeamsKiCoach.Tests.Prompts;

public sealed class PromptScheduleTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Europe/Berlin", "2026-11-23T14:30:00Z")]
    [InlineData("Europe/London", "2026-11-23T15:30:00Z")]
    [InlineData("America/New_York", "2026-11-23T20:30:00Z")]
    [InlineData("Asia/Kolkata", "2026-11-23T10:00:00Z")]
    public async Task EachPersonIsAskedAtTheTeamsPromptTimeInTheirOwnTimeZone(string zone, string expectedUtc)
    {
        await using var tenant = await PromptTenant.StartAsync(Monday);
        await tenant.AddTeamAsync("team-1", "lead");
        await tenant.AddPersonalChatAsync("lead", zone);

        await tenant.RunUntilAsync(Monday.AddDays(1), TimeSpan.FromMinutes(5));

        var prompt = Assert.Single(await tenant.PromptsAsync());
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), prompt.DueAt);
        var sent = Assert.Single(await tenant.OutboxAsync());
        Assert.True(sent.CreatedAt >= prompt.DueAt && sent.CreatedAt < prompt.DueAt.AddMinutes(5), $"planned at {sent.CreatedAt:O}");
    }

    [Fact]
    public async Task SomeoneWithoutAKnownTimeZoneIsAskedInTheTeamsZone()
    {
        await using var tenant = await PromptTenant.StartAsync(Monday);
        await tenant.AddTeamAsync("team-1", "lead", t => t.TimeZone = "America/New_York", "member-without-chat");

        await tenant.RunUntilAsync(Monday.AddDays(1), TimeSpan.FromMinutes(10));

        Assert.All(await tenant.PromptsAsync(), p => Assert.Equal(new DateTimeOffset(2026, 11, 23, 20, 30, 0, TimeSpan.Zero), p.DueAt));
        Assert.Equal(2, (await tenant.PromptsAsync()).Count);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-25")]
    [InlineData("Europe/Berlin", "2026-10-21")]
    [InlineData("Europe/London", "2026-03-25")]
    [InlineData("America/New_York", "2026-03-05")]
    [InlineData("America/New_York", "2026-10-29")]
    [InlineData("Asia/Kolkata", "2026-10-21")]
    public async Task AcrossADaylightSavingChangeEveryWorkDayHasExactlyOnePromptAtTheSameLocalTime(string zone, string start)
    {
        var from = DateTimeOffset.Parse(start + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        await using var tenant = await PromptTenant.StartAsync(from);
        await tenant.AddTeamAsync("team-1", "lead");
        await tenant.AddPersonalChatAsync("lead", zone);

        await tenant.RunUntilAsync(from.AddDays(8), TimeSpan.FromMinutes(15), tenant.AnswerAllOpenAsync);

        var prompts = await tenant.PromptsAsync();
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var workDays = Enumerable.Range(0, 8).Select(d => DateOnly.FromDateTime(from.AddDays(d).UtcDateTime))
            .Where(d => d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday)
            .Where(d => PromptCalendar.ToInstant(d, new TimeOnly(15, 30), tz) < from.AddDays(8))
            .ToList();
        Assert.Equal(workDays, prompts.Select(p => p.LocalDate));
        Assert.All(prompts, p => Assert.Equal(new TimeOnly(15, 30), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(p.DueAt, tz).DateTime)));
    }

    [Theory]
    [InlineData("2026-03-29", "2026-03-29T01:30:00Z")]
    [InlineData("2026-10-25", "2026-10-25T00:30:00Z")]
    public async Task APromptTimeInsideTheSwitchHourIsSentOnceOnTheSwitchDay(string day, string expectedUtc)
    {
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        var from = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(-3);
        await using var tenant = await PromptTenant.StartAsync(from);
        await tenant.AddTeamAsync("team-1", "lead", t =>
        {
            t.WorkDays = (WorkDays)127;
            t.PromptTime = new TimeOnly(2, 30);
            t.QuietFrom = t.QuietUntil = TimeOnly.MinValue;
        });
        await tenant.AddPersonalChatAsync("lead", "Europe/Berlin");

        await tenant.RunUntilAsync(from.AddHours(30), TimeSpan.FromMinutes(5));

        var onSwitchDay = Assert.Single(await tenant.PromptsAsync(), p => p.LocalDate == date);
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), onSwitchDay.DueAt);
        Assert.Single(await tenant.OutboxAsync(), m => m.RunKey == "prompt:" + day);
    }

    [Fact]
    public async Task NoPromptOnTheWeekend()
    {
        var saturday = new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
        await using var tenant = await PromptTenant.StartAsync(saturday);
        await tenant.AddTeamAsync("team-1", "lead", null, "anna");

        await tenant.RunUntilAsync(saturday.AddDays(2), TimeSpan.FromMinutes(10));

        Assert.Empty(await tenant.PromptsAsync());
    }

    [Fact]
    public async Task PlanningAgainAndAgainPlansEachPromptOnce()
    {
        await using var tenant = await PromptTenant.StartAsync(Monday.AddHours(14).AddMinutes(31));
        await tenant.AddTeamAsync("team-1", "lead", null, "anna", "bernd");

        var first = await tenant.Planner.PlanDueAsync(default);
        var again = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => tenant.Planner.PlanDueAsync(default)));

        Assert.Equal(3, first);
        Assert.All(again, n => Assert.Equal(0, n));
        Assert.Equal(3, (await tenant.OutboxAsync()).Count);
    }

    [Fact]
    public async Task NoPromptWhilePausedAndPromptsAgainOnTheDayThePauseEnds()
    {
        await using var tenant = await PromptTenant.StartAsync(Monday);
        await tenant.AddTeamAsync("team-1", "lead", null, "anna");
        await tenant.Preferences.PauseAsync(PromptTenant.Tenant, "anna", default, resumeOn: new DateOnly(2026, 11, 25));

        await tenant.RunUntilAsync(Monday.AddDays(3), TimeSpan.FromMinutes(15), tenant.AnswerAllOpenAsync);

        Assert.Equal([new DateOnly(2026, 11, 25)], (await tenant.PromptsAsync("anna")).Select(p => p.LocalDate));
        Assert.Equal(3, (await tenant.PromptsAsync("lead")).Count);
    }

    [Fact]
    public async Task NoPromptUntilResumedWhenPausedWithoutEnd()
    {
        await using var tenant = await PromptTenant.StartAsync(Monday);
        await tenant.AddTeamAsync("team-1", "lead", null, "anna");
        await tenant.Preferences.PauseAsync(PromptTenant.Tenant, "anna", default);

        await tenant.RunUntilAsync(Monday.AddDays(2), TimeSpan.FromMinutes(15));
        await tenant.Preferences.ResumeAsync(PromptTenant.Tenant, "anna", default);
        await tenant.RunUntilAsync(Monday.AddDays(3), TimeSpan.FromMinutes(15));

        Assert.Equal([new DateOnly(2026, 11, 25)], (await tenant.PromptsAsync("anna")).Select(p => p.LocalDate));
    }

    [Fact]
    public async Task NoPromptForSomeoneTeamsCannotReach()
    {
        await using var tenant = await PromptTenant.StartAsync(Monday);
        await tenant.AddTeamAsync("team-1", "lead", null, "anna");
        await tenant.Preferences.MarkUnreachableAsync(PromptTenant.Tenant, "anna", "HTTP 403", default);

        await tenant.RunUntilAsync(Monday.AddDays(1), TimeSpan.FromMinutes(15));

        Assert.Empty(await tenant.PromptsAsync("anna"));
        Assert.Single(await tenant.PromptsAsync("lead"));
    }

    [Fact]
    public async Task ThreeIgnoredPromptsHalveTheFrequencyAndAnAnswerRestoresIt()
    {
        await using var tenant = await PromptTenant.StartAsync(Monday);
        await tenant.AddTeamAsync("team-1", "lead");

        // Mon, Tue, Wed ignored; then only every second work day: Fri, Tue, Thu …
        await tenant.RunUntilAsync(Monday.AddDays(10), TimeSpan.FromMinutes(15));
        var dates = (await tenant.PromptsAsync()).Select(p => p.LocalDate.Day).ToList();
        Assert.Equal([23, 24, 25, 27, 1], dates);

        var notices = (await tenant.PromptsAsync()).Where(p => p.CarriesBackoffNotice).Select(p => p.LocalDate.Day);
        Assert.Equal([27], notices);

        // Answering Tuesday's prompt on Wednesday night: from Thursday on, every work day again.
        await tenant.AnswerAllOpenAsync();
        await tenant.RunUntilAsync(Monday.AddDays(12), TimeSpan.FromMinutes(15));
        Assert.Equal([23, 24, 25, 27, 1, 3, 4], (await tenant.PromptsAsync()).Select(p => p.LocalDate.Day));
    }

    [Fact]
    public async Task QuietHoursHoldBackAPromptTimeThatFallsIntoThem()
    {
        await using var tenant = await PromptTenant.StartAsync(Monday);
        await tenant.AddTeamAsync("team-1", "lead", t => t.PromptTime = new TimeOnly(21, 0));

        await tenant.RunUntilAsync(Monday.AddDays(1), TimeSpan.FromMinutes(15));

        Assert.Empty(await tenant.PromptsAsync());
    }

    [Fact]
    public async Task APromptMissedByMoreThanThreeHoursWaitsForTheNextDay()
    {
        await using var tenant = await PromptTenant.StartAsync(Monday.AddHours(18));
        await tenant.AddTeamAsync("team-1", "lead");

        await tenant.Planner.PlanDueAsync(default);

        Assert.Empty(await tenant.PromptsAsync());
    }

    [Fact]
    public async Task ALeadCanSendTodaysPromptNowAndTheScheduledRunDoesNotSendItAgain()
    {
        var saturdayMorning = new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
        await using var tenant = await PromptTenant.StartAsync(saturdayMorning);
        await tenant.AddTeamAsync("team-1", "lead", null, "anna", "bernd");
        await tenant.Preferences.PauseAsync(PromptTenant.Tenant, "bernd", default);

        var result = await tenant.Planner.PlanNowForTeamAsync(PromptTenant.Tenant, "team-1", "lead", default);
        await tenant.RunUntilAsync(saturdayMorning.AddHours(10), TimeSpan.FromMinutes(15));

        Assert.Equal(new ManualRunResult(2, 0, 1, 0, 0, 3), result);
        Assert.Equal(["anna", "lead"], (await tenant.PromptsAsync()).Select(p => p.RecipientAadObjectId).Order());
        Assert.Equal(2, (await tenant.OutboxAsync()).Count);
    }

    [Fact]
    public async Task SendNowLateInTheEveningReachesTheLeadButNotMembersInQuietHours()
    {
        var evening = new DateTimeOffset(2026, 11, 23, 20, 30, 0, TimeSpan.Zero);
        await using var tenant = await PromptTenant.StartAsync(evening);
        await tenant.AddTeamAsync("team-1", "lead", null, "anna");

        var result = await tenant.Planner.PlanNowForTeamAsync(PromptTenant.Tenant, "team-1", "lead", default);

        Assert.Equal(1, result.Planned);
        Assert.Equal(1, result.QuietHours);
        Assert.Equal("lead", Assert.Single(await tenant.PromptsAsync()).RecipientAadObjectId);
    }

    [Fact]
    public async Task SomeoneWhoInstalledTheBotAloneIsAskedAndAnswersIntoTheirOwnBacklog()
    {
        await using var tenant = await PromptTenant.StartAsync(Monday);
        await tenant.AddPersonalChatAsync("solo", "Europe/Berlin");

        await tenant.RunUntilAsync(Monday.AddDays(1), TimeSpan.FromMinutes(15));

        Assert.Equal(TeamRecord.PersonalTeamId("solo"), Assert.Single(await tenant.PromptsAsync()).TeamId);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(5, 2)]
    [InlineData(6, 4)]
    [InlineData(30, 4)]
    public void TheIntervalGrowsWithIgnoredPromptsAndStaysBounded(int ignored, int interval) =>
        Assert.Equal(interval, PromptCalendar.Interval(ignored));

    [Theory]
    [InlineData("19:00", true)]
    [InlineData("23:59", true)]
    [InlineData("06:59", true)]
    [InlineData("07:00", false)]
    [InlineData("15:30", false)]
    public void QuietHoursWrapAroundMidnight(string time, bool quiet) =>
        Assert.Equal(quiet, PromptCalendar.InQuietHours(TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), new TimeOnly(19, 0), new TimeOnly(7, 0)));
}
