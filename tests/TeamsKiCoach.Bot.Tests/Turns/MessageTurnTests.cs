using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Turns;

public sealed class MessageTurnTests
{
    [Theory]
    [InlineData("hilfe")]
    [InlineData("Hilfe!")]
    [InlineData("HÍLFE")]
    [InlineData("was kannst du?")]
    [InlineData("Hilfe, bitte")]
    public async Task HelpCardListsTheCommandsInGerman(string message)
    {
        await using var harness = await TurnHarness.StartAsync();

        var card = (await harness.SendAsync(TurnHarness.PersonalMessage(message))).SingleCard();

        Assert.Equal("Diese Befehle verstehe ich", card.Title());
        Assert.Equal(["hilfe", "pause", "urlaub bis 12.12.", "weiter", "zeit 9:00", "status", "impulse jetzt senden", "reibung: Drucker streikt", "backlog", "meine einträge", "meine daten", "prüfen", "piloten", "verlauf 1", "leitung hinzufügen @Name", "backlog exportieren", "puls", "puls jetzt senden", "was ist automatisiert?", "erkläre Hinweise im Teamkanal", "wo wird KI eingesetzt?", "nudge jetzt senden"], card.FactTitles());
    }

    [Fact]
    public async Task HelpCardInEnglishForAnEnglishLocale()
    {
        await using var harness = await TurnHarness.StartAsync();

        var card = (await harness.SendAsync(TurnHarness.PersonalMessage("help", locale: "en-US"))).SingleCard();

        Assert.Equal("Commands I understand", card.Title());
        Assert.Equal(["help", "pause", "vacation until 12/12", "resume", "time 9:00", "status", "send prompts now", "friction: printer jammed", "backlog", "my entries", "my data", "review", "pilots", "history 1", "add lead @name", "export backlog", "pulse", "send pulse now", "what is automated?", "explain daily friction prompt", "where is AI used?", "send nudge now"], card.FactTitles());
    }

    [Fact]
    public async Task HelpWorksWhenTheBotIsMentionedInAChannel()
    {
        await using var harness = await TurnHarness.StartAsync();
        var message = TurnHarness.PersonalMessage("<at>TeamsKiCoach</at> hilfe");
        message.Entities.Add(new Entity("mention")
        {
            Properties = JObject.FromObject(new { mentioned = new { id = TurnHarness.BotId, name = "TeamsKiCoach" }, text = "<at>TeamsKiCoach</at>" }),
        });

        var card = (await harness.SendAsync(message)).SingleCard();

        Assert.Equal("Diese Befehle verstehe ich", card.Title());
    }

    [Fact]
    public async Task TheHelpButtonOfAClientWithoutActionExecuteShowsTheHelpCard()
    {
        await using var harness = await TurnHarness.StartAsync();
        var submit = TurnHarness.PersonalMessage("");
        submit.Text = null;
        submit.Value = JObject.FromObject(new { verb = "help.show" });

        var card = (await harness.SendAsync(submit)).SingleCard();

        Assert.Equal(["hilfe", "pause", "urlaub bis 12.12.", "weiter", "zeit 9:00", "status", "impulse jetzt senden", "reibung: Drucker streikt", "backlog", "meine einträge", "meine daten", "prüfen", "piloten", "verlauf 1", "leitung hinzufügen @Name", "backlog exportieren", "puls", "puls jetzt senden", "was ist automatisiert?", "erkläre Hinweise im Teamkanal", "wo wird KI eingesetzt?", "nudge jetzt senden"], card.FactTitles());
    }

    [Theory]
    [InlineData("de-DE", "Das habe ich nicht verstanden")]
    [InlineData("en-US", "I didn't understand that")]
    [InlineData("fr-FR", "Das habe ich nicht verstanden")]
    [InlineData("", "Das habe ich nicht verstanden")]
    public async Task UnknownTextGetsAFriendlyShortAnswerInThePersonsLanguage(string locale, string expected)
    {
        await using var harness = await TurnHarness.StartAsync();

        var reply = (await harness.SendAsync(TurnHarness.PersonalMessage("Ich mag grüne Äpfel", locale))).SingleText();

        Assert.StartsWith(expected, reply);
    }

    [Theory]
    [InlineData("Pause machen wir nie, weil wir ständig Angebote von Hand abtippen")]
    [InlineData("weiter warten auf Freigaben nervt")]
    [InlineData("Stop, das Ticketsystem frisst jeden Tag Zeit")]
    public async Task FrictionThatStartsWithACommandWordIsNotTakenForTheCommand(string friction)
    {
        await using var harness = await TurnHarness.StartAsync();

        var card = (await harness.SendAsync(TurnHarness.PersonalMessage(friction))).SingleCard();

        Assert.Equal("Soll ich das als Reibung festhalten?", card.Title());
        Assert.Null(await harness.Preferences.FindAsync(TurnHarness.Tenant, "aad-anna", default));
    }

    [Fact]
    public async Task PauseAndResumeAreConfirmedAndRemembered()
    {
        await using var harness = await TurnHarness.StartAsync();

        var paused = (await harness.SendAsync(TurnHarness.PersonalMessage("pause"))).SingleText();
        Assert.Contains("ich pausiere", paused);
        Assert.True((await harness.Preferences.FindAsync(TurnHarness.Tenant, "aad-anna", default))!.IsPaused);

        var again = (await harness.SendAsync(TurnHarness.PersonalMessage("Pause"))).SingleText();
        Assert.Contains("schon pausiert", again);

        var resumed = (await harness.SendAsync(TurnHarness.PersonalMessage("weiter"))).SingleText();
        Assert.Contains("wieder dabei", resumed);
        Assert.False((await harness.Preferences.FindAsync(TurnHarness.Tenant, "aad-anna", default))!.IsPaused);
    }

    [Theory]
    [InlineData("de-DE", "Ich kann nicht erkennen, wer mir gerade schreibt")]
    [InlineData("en-US", "I can't tell who is writing to me")]
    public async Task PauseFromSomeoneWithoutATeamsIdentitySaysTheBotCannotTellWhoIsWriting(string locale, string expected)
    {
        await using var harness = await TurnHarness.StartAsync();
        var message = TurnHarness.PersonalMessage("pause", locale);
        message.From = new ChannelAccount("29:someone", "Someone");

        var reply = (await harness.SendAsync(message)).SingleText();

        Assert.StartsWith(expected, reply);
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        Assert.Empty(await db.PersonSettings.ToListAsync());
    }

    [Fact]
    public async Task EveryMessageStoresTheConversationReferenceWithLocaleAndTimeZone()
    {
        await using var harness = await TurnHarness.StartAsync();

        await harness.SendAsync(TurnHarness.PersonalMessage("hallo", locale: "en-GB", user: "aad-carla"));

        var stored = await harness.Directory.FindAsync(TurnHarness.Tenant, $"a:personal-{TurnHarness.Tenant}-aad-carla", default);
        Assert.NotNull(stored);
        Assert.Equal("aad-carla", stored.UserAadObjectId);
        Assert.Equal("en-GB", stored.Locale);
        Assert.Equal("Europe/Berlin", stored.TimeZone);
        Assert.Equal("https://smba.trafficmanager.net/emea/", stored.ServiceUrl);
    }

    [Fact]
    public async Task AMessageInAChannelThreadStoresTheChannelAndPutsTheSenderOnTheRoster()
    {
        await using var harness = await TurnHarness.StartAsync();
        var message = TurnHarness.PersonalMessage("hilfe", user: "aad-dana");
        message.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: "19:general@thread.tacv2;messageid=1795610861547", tenantId: TurnHarness.Tenant);
        message.ChannelData = JObject.FromObject(new { team = new { id = "19:general@thread.tacv2" }, tenant = new { id = TurnHarness.Tenant } });

        await harness.SendAsync(message);

        var channel = await harness.Directory.FindAsync(TurnHarness.Tenant, "19:general@thread.tacv2", default);
        Assert.NotNull(channel);
        Assert.Equal(ConversationScope.Channel, channel.Scope);
        Assert.Equal(["aad-dana"], (await harness.Directory.RosterAsync(TurnHarness.Tenant, "19:general@thread.tacv2", default)).Select(m => m.AadObjectId));
    }

    [Fact]
    public async Task AnActivityFromAForeignTenantIsDroppedAndNothingIsStored()
    {
        await using var harness = await TurnHarness.StartAsync();

        var sent = await harness.SendAsync(TurnHarness.PersonalMessage("hilfe", tenant: "tenant-fabrikam"));

        Assert.Empty(sent);
        Assert.Null(await harness.Directory.FindAsync("tenant-fabrikam", "a:personal-tenant-fabrikam-aad-anna", default));
    }

    [Theory]
    [InlineData("tenant-fabrikam")]
    [InlineData("TENANT-FABRIKAM")]
    public async Task AnActivityWhoseChannelDataNamesAnotherTenantIsDroppedAndNothingIsStored(string otherTenant)
    {
        await using var harness = await TurnHarness.StartAsync(TurnHarness.Tenant, "tenant-fabrikam");
        var message = TurnHarness.PersonalMessage("hilfe");
        message.ChannelData = JObject.FromObject(new { tenant = new { id = otherTenant } });

        var sent = await harness.SendAsync(message);

        Assert.Empty(sent);
        Assert.Null(await harness.Directory.FindAsync(TurnHarness.Tenant, message.Conversation.Id, default));
        Assert.Null(await harness.Directory.FindAsync("tenant-fabrikam", message.Conversation.Id, default));
    }

    [Fact]
    public async Task ATenantIdInAnotherCaseIsTheSameTenantAndTheSameConversation()
    {
        await using var harness = await TurnHarness.StartAsync();
        var shouted = TurnHarness.PersonalMessage("hallo");
        shouted.Conversation.TenantId = "TENANT-CONTOSO";
        shouted.ChannelData = JObject.FromObject(new { tenant = new { id = "Tenant-Contoso" } });

        var reply = (await harness.SendAsync(shouted)).SingleText();
        await harness.SendAsync(TurnHarness.PersonalMessage("hallo"));

        Assert.StartsWith("Das habe ich nicht verstanden", reply);
        await using var db = await harness.DbFactory.ForSystemAsync(default);
        var stored = Assert.Single(await db.Conversations.IgnoreQueryFilters().ToListAsync());
        Assert.Equal(TurnHarness.Tenant, stored.TenantId);
    }

    [Fact]
    public async Task AnActivityFromAnotherChannelIsDroppedAndNothingIsStored()
    {
        await using var harness = await TurnHarness.StartAsync();
        var message = TurnHarness.PersonalMessage("hilfe");
        message.ChannelId = Channels.Webchat;

        var sent = await harness.SendAsync(message);

        Assert.Empty(sent);
        Assert.Null(await harness.Directory.FindAsync(TurnHarness.Tenant, message.Conversation.Id, default));
    }
}
