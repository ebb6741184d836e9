using Microsoft.Bot.Schema;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Turns;

public sealed class WelcomeTurnTests
{
    private const string TeamId = "19:team-vertrieb@thread.tacv2";

    [Fact]
    public async Task WelcomeCardSentOnPersonalInstallInGerman()
    {
        await using var harness = await TurnHarness.StartAsync();

        var card = (await harness.SendAsync(TurnHarness.PersonalInstall())).SingleCard();

        var text = card.VisibleText();
        Assert.Equal("Hallo! Ich bin dein KI-Coach für kleine Schritte.", card.Title());
        Assert.Contains("Ich helfe deinem Team", text);
        Assert.Contains("in weniger als 30 Sekunden", text);
        Assert.Contains("Die Entscheidung triffst du.", text);
        Assert.Contains("Was ich nicht tue", text);
        Assert.Contains("Ich entscheide nichts", text);
        Assert.Contains("Ich bewerte keine Menschen", text);
        Assert.Contains("Schreib mir „pause“", text);
        Assert.Contains("„hilfe“", text);
        Assert.DoesNotContain("Kanal", text);
    }

    [Fact]
    public async Task WelcomeCardSentInEnglishForAnEnglishLocale()
    {
        await using var harness = await TurnHarness.StartAsync();

        var text = (await harness.SendAsync(TurnHarness.PersonalInstall(locale: "en-GB"))).SingleCard().VisibleText();

        Assert.Contains("What I don't do", text);
        Assert.Contains("I decide nothing", text);
        Assert.Contains("You make the decision.", text);
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

        Assert.Equal("Hallo! Ich bin dein KI-Coach für kleine Schritte.", first.SingleCard().Title());
        Assert.Empty(second);
    }

    [Fact]
    public async Task TeamInstallWelcomesTheTeamInItsChannelAndStoresTheRoster()
    {
        await using var harness = await TurnHarness.StartAsync();
        var added = TurnHarness.TeamBotAdded(TeamId, "de-DE", new ChannelAccount("29:aad-bernd", "Bernd", aadObjectId: "aad-bernd"));

        var card = (await harness.SendAsync(added)).SingleCard();

        var text = card.VisibleText();
        Assert.Equal("Hallo zusammen! Ich bin euer KI-Coach für kleine Schritte.", card.Title());
        Assert.Contains("Ich helfe diesem Team", text);
        Assert.Contains("Die Entscheidung trefft ihr.", text);
        Assert.Contains("nicht hier im Kanal", text);
        Assert.Contains("Wer eine Pause möchte, schreibt mir im persönlichen Chat „pause“.", text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "Hallo"));
        var roster = await harness.Directory.RosterAsync(TurnHarness.Tenant, TeamId, default);
        Assert.Contains(roster, m => m.AadObjectId == "aad-bernd");
        var channel = await harness.Directory.FindAsync(TurnHarness.Tenant, TeamId, default);
        Assert.Equal(TeamId, channel!.TeamId);
    }

    [Fact]
    public async Task AGroupChatInstallIsStoredAsAGroupChatAndWelcomesTheGroup()
    {
        await using var harness = await TurnHarness.StartAsync();

        var card = (await harness.SendAsync(TurnHarness.GroupChatInstall("19:group-einkauf@thread.v2"))).SingleCard();

        var text = card.VisibleText();
        Assert.Equal("Hallo zusammen! Ich bin euer KI-Coach für kleine Schritte.", card.Title());
        Assert.Contains("nicht hier im Gruppenchat", text);
        Assert.Contains("Die Entscheidung trefft ihr.", text);
        Assert.DoesNotContain("diesem Team", text);
        Assert.DoesNotContain("Kanal", text);
        var chat = await harness.Directory.FindAsync(TurnHarness.Tenant, "19:group-einkauf@thread.v2", default);
        Assert.Equal(ConversationScope.GroupChat, chat!.Scope);
    }

    [Fact]
    public async Task AGroupChatInstallInEnglishSpeaksToTheGroup()
    {
        await using var harness = await TurnHarness.StartAsync();

        var card = (await harness.SendAsync(TurnHarness.GroupChatInstall("19:group-purchasing@thread.v2", "en-US"))).SingleCard();

        Assert.Equal("Hello everyone! I'm your coach for small steps toward AI.", card.Title());
        Assert.Contains("not here in the group chat", card.VisibleText());
    }

    [Fact]
    public async Task UninstallInAPersonalChatMarksItUninstalledAndAReinstallWelcomesAgain()
    {
        await using var harness = await TurnHarness.StartAsync();
        await harness.SendAsync(TurnHarness.PersonalInstall());

        var onRemove = await harness.SendAsync(TurnHarness.PersonalUninstall());

        Assert.Empty(onRemove);
        var chatId = $"a:personal-{TurnHarness.Tenant}-aad-anna";
        Assert.False((await harness.Directory.FindAsync(TurnHarness.Tenant, chatId, default))!.Installed);
        var again = (await harness.SendAsync(TurnHarness.PersonalInstall())).SingleCard();
        Assert.Equal("Hallo! Ich bin dein KI-Coach für kleine Schritte.", again.Title());
        Assert.True((await harness.Directory.FindAsync(TurnHarness.Tenant, chatId, default))!.Installed);
    }

    [Fact]
    public async Task TheBotRemovedFromATeamMarksItsChannelUninstalledAndAReAddWelcomesAgain()
    {
        await using var harness = await TurnHarness.StartAsync();
        await harness.SendAsync(TurnHarness.TeamBotAdded(TeamId));

        var onRemove = await harness.SendAsync(TurnHarness.TeamBotRemoved(TeamId));

        Assert.Empty(onRemove);
        Assert.False((await harness.Directory.FindAsync(TurnHarness.Tenant, TeamId, default))!.Installed);
        var again = (await harness.SendAsync(TurnHarness.TeamBotAdded(TeamId))).SingleCard();
        Assert.Equal("Hallo zusammen! Ich bin euer KI-Coach für kleine Schritte.", again.Title());
    }

    [Fact]
    public async Task TheWelcomeButtonShowsTheHelpCardAndKeepsTheWelcome()
    {
        await using var harness = await TurnHarness.StartAsync();

        var sent = await harness.SendAsync(TurnHarness.CardAction("help.show"));

        Assert.Equal("Diese Befehle verstehe ich", sent.SingleCard().Title());
        var invokeResponse = Assert.Single(sent, a => a.Type == ActivityTypesEx.InvokeResponse);
        Assert.Contains("Was ich nicht tue", Newtonsoft.Json.JsonConvert.SerializeObject(invokeResponse.Value));
    }

    [Fact]
    public async Task AnUnknownCardVerbGetsAClearAnswerAndChangesNothing()
    {
        await using var harness = await TurnHarness.StartAsync();

        var sent = await harness.SendAsync(TurnHarness.CardAction("pilot.teleport"));

        var invokeResponse = Assert.Single(sent, a => a.Type == ActivityTypesEx.InvokeResponse);
        Assert.Contains("Diese Aktion kenne ich nicht", Newtonsoft.Json.JsonConvert.SerializeObject(invokeResponse.Value));
        Assert.Null(await harness.Preferences.FindAsync(TurnHarness.Tenant, "aad-anna", default));
    }
}
