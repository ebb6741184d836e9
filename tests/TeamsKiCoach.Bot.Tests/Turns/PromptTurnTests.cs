using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Turns;

public sealed class PromptTurnTests
{
    private const string Team = "19:team-vertrieb@thread.tacv2";

    // The lead installs the bot in the team (and so becomes its lead); Anna and Bernd are members.
    private static Task<TurnHarness> TeamAsync() => TurnHarness.WithTeamAsync(Team);

    private static async Task<DailyPrompt> PromptForAnnaAsync(TurnHarness harness)
    {
        await harness.SendAsync(TurnHarness.PersonalMessage("impulse jetzt senden", user: "aad-lead"));
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        return await db.DailyPrompts.AsNoTracking().SingleAsync(p => p.RecipientAadObjectId == "aad-anna");
    }

    private static string InvokeAnswer(IEnumerable<Activity> sent) =>
        JsonConvert.SerializeObject(Assert.Single(sent, a => a.Type == ActivityTypesEx.InvokeResponse).Value);

    [Fact]
    public async Task ALeadSendsTodaysPromptNowToTheWholeTeam()
    {
        await using var harness = await TeamAsync();

        var reply = (await harness.SendAsync(TurnHarness.PersonalMessage("Impulse jetzt senden", user: "aad-lead"))).SingleText();

        Assert.Contains("an 3 von 3 Personen im Team „Vertrieb“", reply);
        Assert.Equal(1, harness.Delivery.Count);
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        Assert.Equal(3, await db.Outbox.CountAsync());
    }

    [Fact]
    public async Task AMemberWhoIsNoLeadCannotSendTheTeamsPrompt()
    {
        await using var harness = await TeamAsync();

        var reply = (await harness.SendAsync(TurnHarness.PersonalMessage("impulse jetzt senden", user: "aad-anna"))).SingleText();

        Assert.Contains("nur Teamleitungen", reply);
        Assert.Equal(0, harness.Delivery.Count);
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        Assert.Equal(0, await db.Outbox.CountAsync());
    }

    [Fact]
    public async Task SubmittingThePromptReplacesTheCardWithTheEntryNumber()
    {
        await using var harness = await TeamAsync();
        var prompt = await PromptForAnnaAsync(harness);

        var sent = await harness.SendAsync(TurnHarness.CardAction("prompt.answer", data: new
        {
            promptId = prompt.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            text = "Rechnungen von Hand abtippen",
            frequency = "daily",
            minutes = "20",
            anonymous = "false",
        }));

        var answer = InvokeAnswer(sent);
        Assert.Contains("Eingetragen als Nr. 1 im Team-Backlog", answer);
        Assert.Contains("Vertrieb", answer);
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        var entry = await db.BacklogEntries.SingleAsync();
        Assert.Equal(("Rechnungen von Hand abtippen", Frequency.Daily, (int?)20, "aad-anna"), (entry.Text, entry.Frequency, entry.MinutesLost, entry.AuthorAadObjectId));
    }

    [Fact]
    public async Task ASecondSubmitSaysItWasAnsweredAndAddsNothing()
    {
        await using var harness = await TeamAsync();
        var prompt = await PromptForAnnaAsync(harness);
        var data = new { promptId = prompt.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), text = "Drucker", frequency = "weekly", anonymous = "true" };

        await harness.SendAsync(TurnHarness.CardAction("prompt.answer", data: data));
        var again = InvokeAnswer(await harness.SendAsync(TurnHarness.CardAction("prompt.answer", data: data)));

        Assert.Contains("schon beantwortet", again);
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        Assert.Equal(1, await db.BacklogEntries.CountAsync());
        Assert.Null((await db.BacklogEntries.SingleAsync()).AuthorAadObjectId);
    }

    [Fact]
    public async Task SomeoneElseCannotAnswerAPersonsPromptEvenWithItsCardData()
    {
        await using var harness = await TeamAsync();
        var prompt = await PromptForAnnaAsync(harness);

        var answer = InvokeAnswer(await harness.SendAsync(TurnHarness.CardAction("prompt.answer", user: "aad-bernd", data: new
        {
            promptId = prompt.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            text = "untergeschoben",
            frequency = "daily",
            recipient = "aad-bernd",
        })));

        Assert.Contains("an jemand anderen gegangen", answer);
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        Assert.Equal(0, await db.BacklogEntries.CountAsync());
    }

    [Theory]
    [InlineData("", "daily", "", "Bitte beschreib kurz")]
    [InlineData("Drucker", "daily", "viele", "Minuten als Zahl")]
    [InlineData("Drucker", "hourly", "", "wie oft das passiert")]
    public async Task BadInputBringsTheCardBackWithAClearHintAndStoresNothing(string text, string frequency, string minutes, string hint)
    {
        await using var harness = await TeamAsync();
        var prompt = await PromptForAnnaAsync(harness);

        var answer = InvokeAnswer(await harness.SendAsync(TurnHarness.CardAction("prompt.answer", data: new
        {
            promptId = prompt.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            text,
            frequency,
            minutes,
        })));

        Assert.Contains(hint, answer);
        Assert.Contains("Heute nichts", answer);
        Assert.False((await harness.Answers.FindAsync(TurnHarness.Tenant, prompt.Id, default))!.IsAnswered);
    }

    [Fact]
    public async Task NothingTodayIsThankedAndStoresNoEntry()
    {
        await using var harness = await TeamAsync();
        var prompt = await PromptForAnnaAsync(harness);

        var answer = InvokeAnswer(await harness.SendAsync(TurnHarness.CardAction("prompt.nothing", data: new { promptId = prompt.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })));

        Assert.Contains("eine gute Antwort", answer);
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        Assert.Equal(0, await db.BacklogEntries.CountAsync());
    }

    [Fact]
    public async Task WithoutActionExecuteTheSubmitFallbackIsAnsweredWithANewMessage()
    {
        await using var harness = await TeamAsync();
        var prompt = await PromptForAnnaAsync(harness);
        var message = TurnHarness.PersonalMessage("");
        message.Text = null;
        message.Value = JObject.FromObject(new { verb = "prompt.answer", promptId = prompt.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), text = "Urlaubsanträge per Mail", frequency = "monthly" });

        var card = (await harness.SendAsync(message)).SingleCard();

        Assert.Contains("Eingetragen als Nr. 1", card.VisibleText());
    }

    [Fact]
    public async Task PauseForTwoWeeksEndsOnItsOwn()
    {
        await using var harness = await TurnHarness.StartAsync();

        var reply = (await harness.SendAsync(TurnHarness.PersonalMessage("pause 2 wochen"))).SingleText();

        Assert.Contains("bis einschließlich Di, 08.12.2026", reply);
        Assert.Equal(new DateOnly(2026, 12, 9), (await harness.Preferences.FindAsync(TurnHarness.Tenant, "aad-anna", default))!.PausedUntil);
    }

    [Fact]
    public async Task VacationUntilADatePausesThroughThatDay()
    {
        await using var harness = await TurnHarness.StartAsync();

        var reply = (await harness.SendAsync(TurnHarness.PersonalMessage("Urlaub bis 12.12."))).SingleText();

        Assert.StartsWith("Schönen Urlaub!", reply);
        Assert.Contains("Ab So, 13.12.2026", reply);
        Assert.Equal(new DateOnly(2026, 12, 13), (await harness.Preferences.FindAsync(TurnHarness.Tenant, "aad-anna", default))!.PausedUntil);
    }

    [Theory]
    [InlineData("urlaub bis 31.02.", "Dieses Datum verstehe ich nicht")]
    [InlineData("zeit 25:00", "Diese Uhrzeit verstehe ich nicht")]
    [InlineData("pause 200 tage", "So lange kann ich nicht pausieren")]
    public async Task ACommandWithAnImpossibleValueGetsAClearAnswerAndChangesNothing(string command, string answer)
    {
        await using var harness = await TurnHarness.StartAsync();

        var reply = (await harness.SendAsync(TurnHarness.PersonalMessage(command))).SingleText();

        Assert.StartsWith(answer, reply);
        Assert.Null(await harness.Preferences.FindAsync(TurnHarness.Tenant, "aad-anna", default));
    }

    [Fact]
    public async Task APersonChoosesTheirOwnPromptTime()
    {
        await using var harness = await TurnHarness.StartAsync();

        var reply = (await harness.SendAsync(TurnHarness.PersonalMessage("zeit 9:00"))).SingleText();

        Assert.Contains("um 09:00 Uhr (Europe/Berlin)", reply);
        Assert.Equal(new TimeOnly(9, 0), (await harness.Preferences.FindAsync(TurnHarness.Tenant, "aad-anna", default))!.PromptTime);
    }

    [Fact]
    public async Task APromptTimeInQuietHoursIsRefused()
    {
        await using var harness = await TurnHarness.StartAsync();

        var reply = (await harness.SendAsync(TurnHarness.PersonalMessage("zeit 22:30"))).SingleText();

        Assert.Contains("Ruhezeit", reply);
        Assert.Null(await harness.Preferences.FindAsync(TurnHarness.Tenant, "aad-anna", default));
    }

    [Fact]
    public async Task StatusTellsAPersonWhenTheNextPromptComes()
    {
        await using var harness = await TurnHarness.StartAsync();
        await harness.SendAsync(TurnHarness.PersonalInstall());

        var card = (await harness.SendAsync(TurnHarness.PersonalMessage("status"))).SingleCard();

        Assert.Equal("Dein Stand", card.Title());
        Assert.Contains("Mi, 25.11.2026 um 15:30 Uhr (Europe/Berlin)", card.VisibleText());
        Assert.DoesNotContain("Mitglieder", card.VisibleText());
    }

    [Fact]
    public async Task StatusShowsALeadHowManyOfTheTeamTheBotReachesButNeverWho()
    {
        await using var harness = await TeamAsync();
        await harness.Preferences.MarkUnreachableAsync(TurnHarness.Tenant, "aad-bernd", "HTTP 403", default);

        var card = (await harness.SendAsync(TurnHarness.PersonalMessage("status", user: "aad-lead"))).SingleCard();

        var text = card.VisibleText();
        Assert.Contains("Team „Vertrieb“", text);
        Assert.Contains("nicht erreichbar", text);
        Assert.Contains("sobald sie mir schreibt", text);
        Assert.DoesNotContain("Bernd", text);
        Assert.DoesNotContain("aad-bernd", text);
        var facts = card.SelectTokens("$..facts[*]").Select(f => ((string)f["title"]!, (string)f["value"]!)).ToList();
        Assert.Contains(("Mitglieder", "3"), facts);
        Assert.Contains(("erreichbar", "2"), facts);
        Assert.Contains(("nicht erreichbar", "1"), facts);
    }

    [Fact]
    public async Task SomeoneMarkedUnreachableIsReachableAgainOnceTheyWrite()
    {
        await using var harness = await TurnHarness.StartAsync();
        await harness.Preferences.MarkUnreachableAsync(TurnHarness.Tenant, "aad-anna", "HTTP 404", default);

        await harness.SendAsync(TurnHarness.PersonalMessage("hallo"));

        Assert.Null((await harness.Preferences.FindAsync(TurnHarness.Tenant, "aad-anna", default))!.UnreachableSince);
    }
}
