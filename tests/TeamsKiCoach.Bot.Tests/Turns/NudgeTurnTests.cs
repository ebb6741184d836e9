using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.Stages;
using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage.Nudges;

namespace TeamsKiCoach.Tests.Turns;

/// <summary>The harness's clock stands on Wednesday 25 November 2026, 10:00 in Berlin: a work day, outside quiet hours.</summary>
public sealed class NudgeTurnTests
{
    private const string Team = StageTurnTests.Team;

    private static async Task<string> SendNowAsync(TurnHarness harness, string user = "aad-lead") =>
        (await harness.SendAsync(TurnHarness.PersonalMessage("nudge jetzt senden", user: user))).SingleText();

    private static async Task<(List<NudgeRun> Runs, List<OutboxMessage> Outbox)> PlannedAsync(TurnHarness harness)
    {
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        return (await db.NudgeRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync(),
            await db.Outbox.AsNoTracking().Where(m => m.Kind == OutboxKind.Nudge).OrderBy(m => m.Id).ToListAsync());
    }

    private static async Task SetStageAsync(TurnHarness harness, TeamStage stage)
    {
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        await db.Teams.Where(t => t.TeamId == Team).ExecuteUpdateAsync(s => s.SetProperty(t => t.Stage, stage));
    }

    [Fact]
    public async Task ALeadStartsTheWeeksRunAndOneNudgeForItsStageIsPlannedForTheTeamChannel()
    {
        await using var harness = await StageTurnTests.TeamWithSpreadPatternsAsync();

        var answer = await SendNowAsync(harness);

        Assert.Equal("„Vertrieb“: Der Hinweis dieser Woche kommt gleich in den Teamkanal.", answer);
        Assert.Equal(1, harness.Delivery.Count);
        var (runs, outbox) = await PlannedAsync(harness);
        var run = Assert.Single(runs);
        var message = Assert.Single(outbox);
        Assert.Equal((Team, "nudge:2026-W48", Team, run.Id), (message.ConversationId, message.RunKey, message.RecipientKey, message.SubjectId));
        Assert.Equal((TeamStage.FrictionVisible, "Diese Woche im Backlog", NudgeActions.ShowBacklog, "aad-lead"), (run.Stage, run.Title, run.ActionId, run.TriggeredByAadObjectId));
        Assert.Equal(4, run.LineList.Count);
        Assert.All(run.LineList.Take(3), l => Assert.EndsWith("“: 2 Nennungen von 2 Personen", l));
        Assert.Equal("Danke an alle, die geantwortet haben – auch „heute nichts“ hilft weiter.", run.LineList[3]);

        var card = Newtonsoft.Json.Linq.JObject.Parse(NudgeCard.Build(run, BotText.German).ToJsonString());
        Assert.Equal(["Backlog ansehen"], card.Buttons());
    }

    [Fact]
    public async Task ASecondRunInTheSameWeekSendsNothing()
    {
        await using var harness = await StageTurnTests.TeamWithSpreadPatternsAsync();
        await SendNowAsync(harness);
        harness.Clock.Advance(TimeSpan.FromHours(2));

        var again = await SendNowAsync(harness);

        Assert.Equal("„Vertrieb“: Der letzte Hinweis ist weniger als 7 Tage her.", again);
        Assert.Single((await PlannedAsync(harness)).Runs);
    }

    [Fact]
    public async Task NothingToShowSendsNothingAndOnlyALeadMayStartTheRun()
    {
        await using var harness = await TurnHarness.WithTeamAsync(Team);

        Assert.Equal("„Vertrieb“: Zu Stufe 1: Reibung sichtbar machen gibt es gerade nichts zu zeigen – dann schicke ich nichts.", await SendNowAsync(harness));
        Assert.Equal("Den Hinweis der Woche starten nur Teamleitungen.", await SendNowAsync(harness, "aad-anna"));
        var (runs, outbox) = await PlannedAsync(harness);
        Assert.Empty(runs);
        Assert.Empty(outbox);
        Assert.Equal(0, harness.Delivery.Count);
    }

    [Fact]
    public async Task NeverOnAWeekendAndNeverInQuietHoursInTheTeamsTimeZone()
    {
        await using var harness = await StageTurnTests.TeamWithSpreadPatternsAsync();

        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 18, 30, 0, TimeSpan.Zero));
        var evening = await SendNowAsync(harness);
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        var saturday = await SendNowAsync(harness);

        Assert.Equal("„Vertrieb“: Jetzt sind Ruhezeiten (19:00 bis 07:00); da schicke ich keine Hinweise.", evening);
        Assert.Equal("„Vertrieb“: Am Wochenende schicke ich keine Hinweise.", saturday);
        Assert.Empty((await PlannedAsync(harness)).Runs);
    }

    [Fact]
    public async Task TheScheduledRunComesOnceAWeekFromTuesdayAtTenAndNotWhenNudgesAreOff()
    {
        await using var harness = await StageTurnTests.TeamWithSpreadPatternsAsync();
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await StageTurnTests.NameFrictionsAsync(harness);

        var monday = await harness.NudgePlanner.PlanDueAsync(default);
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var tuesday = await harness.NudgePlanner.PlanDueAsync(default);
        harness.Clock.Advance(TimeSpan.FromMinutes(15));
        var again = await harness.NudgePlanner.PlanDueAsync(default);

        Assert.Equal((0, 1, 0), (monday, tuesday, again));
        Assert.Equal("2026-W49", Assert.Single((await PlannedAsync(harness)).Runs).Period);

        await using (var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default))
        {
            await db.Teams.Where(t => t.TeamId == Team).ExecuteUpdateAsync(s => s.SetProperty(t => t.NudgeCadence, NudgeCadence.Off));
        }

        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero));
        await StageTurnTests.NameFrictionsAsync(harness);
        Assert.Equal(0, await harness.NudgePlanner.PlanDueAsync(default));
        Assert.Equal("„Vertrieb“: Hinweise sind ausgeschaltet; unter „stand“ lassen sie sich einschalten.", await SendNowAsync(harness));
    }

    [Fact]
    public async Task ANudgeWithNothingNewIsNotSentAgainTheNextWeek()
    {
        await using var harness = await StageTurnTests.TeamWithSpreadPatternsAsync();
        await SetStageAsync(harness, TeamStage.RightQuestion);

        var first = await SendNowAsync(harness);
        harness.Clock.Advance(TimeSpan.FromDays(7));
        var nextWeek = await SendNowAsync(harness);

        Assert.Equal("„Vertrieb“: Der Hinweis dieser Woche kommt gleich in den Teamkanal.", first);
        Assert.Equal("„Vertrieb“: Seit dem letzten Hinweis ist nichts Neues dazugekommen – dann schicke ich nichts.", nextWeek);
        var run = Assert.Single((await PlannedAsync(harness)).Runs);
        Assert.Equal((TeamStage.RightQuestion, NudgeActions.CheckPattern, "3 Muster warten auf die Frage, ob das wirklich ein Mensch tun muss."), (run.Stage, run.ActionId, run.LineList[0]));
    }

    [Fact]
    public async Task TheNudgesButtonOpensTheCheckOfItsPatternAsANewMessageAndLeavesTheNudgeAsItWas()
    {
        await using var harness = await StageTurnTests.TeamWithSpreadPatternsAsync();
        await SetStageAsync(harness, TeamStage.RightQuestion);
        await SendNowAsync(harness);
        var run = Assert.Single((await PlannedAsync(harness)).Runs);
        var card = Newtonsoft.Json.Linq.JObject.Parse(NudgeCard.Build(run, BotText.German).ToJsonString());

        var sent = await harness.SendAsync(card.Click(run.ActionLabel, user: "aad-bernd"));

        Assert.Equal("Steht unten.", sent.AnswerMessage());
        var check = sent.Where(a => a.Type == ActivityTypes.Message).SingleCard();
        Assert.Equal("Muss das ein Mensch tun?", check.Title());
        Assert.Contains("Vorschlag (Regeln)", check.VisibleText());
    }
}
