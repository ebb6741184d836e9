using Microsoft.Bot.Schema;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Turns;

public sealed class WelcomeTurnTests
{
    [Fact]
    public async Task WelcomeCardSentOnPersonalInstallInGerman()
    {
        await using var harness = await TurnHarness.StartAsync();

        var card = (await harness.SendAsync(TurnHarness.PersonalInstall())).SingleCard();

        var text = card.VisibleText();
        Assert.Contains("Was ich tue", text);
        Assert.Contains("Was ich nicht tue", text);
        Assert.Contains("Ich entscheide nichts", text);
        Assert.Contains("Ich bewerte keine Menschen", text);
        Assert.Contains("„pause“", text);
        Assert.Contains("„hilfe“", text);
    }

    [Fact]
    public async Task WelcomeCardSentInEnglishForAnEnglishLocale()
    {
        await using var harness = await TurnHarness.StartAsync();

        var text = (await harness.SendAsync(TurnHarness.PersonalInstall(locale: "en-GB"))).SingleCard().VisibleText();

        Assert.Contains("What I don't do", text);
        Assert.Contains("I decide nothing", text);
        Assert.DoesNotContain("Was ich", text);
    }

    [Fact]
    public async Task AWelcomeWithoutLocaleUsesTheLanguageStoredForTheConversation()
    {
        await using var harness = await TurnHarness.StartAsync();
        await harness.SendAsync(TurnHarness.PersonalMessage("hallo", locale: "en-US"));
        var added = TurnHarness.PersonalBotAdded();
        added.Locale = null;
        added.Entities = [];

        var text = (await harness.SendAsync(added)).SingleCard().VisibleText();

        Assert.Contains("What I don't do", text);
    }

    [Fact]
    public async Task InstallAnnouncedTwiceGetsOneWelcome()
    {
        await using var harness = await TurnHarness.StartAsync();

        var first = await harness.SendAsync(TurnHarness.PersonalInstall());
        var second = await harness.SendAsync(TurnHarness.PersonalBotAdded());

        Assert.Single(first);
        Assert.Empty(second);
    }

    [Fact]
    public async Task TeamInstallWelcomesTheTeamInItsChannelAndStoresTheRoster()
    {
        await using var harness = await TurnHarness.StartAsync();
        var added = TurnHarness.TeamBotAdded("19:team-vertrieb@thread.tacv2", "de-DE",
            new ChannelAccount("29:aad-bernd", "Bernd", aadObjectId: "aad-bernd"));

        var sent = await harness.SendAsync(added);

        var text = sent.SingleCard().VisibleText();
        Assert.Contains("Hallo zusammen", text);
        Assert.Contains("nicht hier im Kanal", text);
        var roster = await harness.Directory.RosterAsync(TurnHarness.Tenant, "19:team-vertrieb@thread.tacv2", default);
        Assert.Contains(roster, m => m.AadObjectId == "aad-bernd");
        var channel = await harness.Directory.FindAsync(TurnHarness.Tenant, "19:team-vertrieb@thread.tacv2", default);
        Assert.Equal("19:team-vertrieb@thread.tacv2", channel!.TeamId);
    }

    [Fact]
    public async Task TheWelcomeButtonShowsTheHelpCardAndKeepsTheWelcome()
    {
        await using var harness = await TurnHarness.StartAsync();

        var sent = await harness.SendAsync(TurnHarness.CardAction("help.show"));

        Assert.Contains("Das kann ich für dich tun", sent.SingleCard().VisibleText());
        var invokeResponse = Assert.Single(sent, a => a.Type == ActivityTypesEx.InvokeResponse);
        Assert.Contains("Was ich nicht tue", Newtonsoft.Json.JsonConvert.SerializeObject(invokeResponse.Value));
    }

    [Fact]
    public async Task AnUnknownCardVerbGetsAClearAnswerAndChangesNothing()
    {
        await using var harness = await TurnHarness.StartAsync();

        var sent = await harness.SendAsync(TurnHarness.CardAction("pilot.approve"));

        var invokeResponse = Assert.Single(sent, a => a.Type == ActivityTypesEx.InvokeResponse);
        Assert.Contains("Diese Aktion kenne ich nicht", Newtonsoft.Json.JsonConvert.SerializeObject(invokeResponse.Value));
        Assert.Null(await harness.Preferences.FindAsync(TurnHarness.Tenant, "aad-anna", default));
    }
}
