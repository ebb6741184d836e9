using Microsoft.Bot.Connector;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Turns;

public sealed class MessageTurnTests
{
    [Theory]
    [InlineData("hilfe")]
    [InlineData("Hilfe!")]
    [InlineData("HÍLFE")]
    [InlineData("was kannst du?")]
    public async Task HelpCardListsTheCommandsInGerman(string message)
    {
        await using var harness = await TurnHarness.StartAsync();

        var text = (await harness.SendAsync(TurnHarness.PersonalMessage(message))).SingleCard().VisibleText();

        Assert.Contains("Das kann ich für dich tun", text);
        Assert.Contains("hilfe", text);
        Assert.Contains("pause", text);
        Assert.Contains("weiter", text);
    }

    [Fact]
    public async Task HelpCardInEnglishForAnEnglishLocale()
    {
        await using var harness = await TurnHarness.StartAsync();

        var text = (await harness.SendAsync(TurnHarness.PersonalMessage("help", locale: "en-US"))).SingleCard().VisibleText();

        Assert.Contains("What I can do for you", text);
        Assert.Contains("resume", text);
    }

    [Fact]
    public async Task HelpWorksWhenTheBotIsMentionedInAChannel()
    {
        await using var harness = await TurnHarness.StartAsync();
        var message = TurnHarness.PersonalMessage("<at>TeamsKiCoach</at> hilfe");
        message.Entities.Add(new Microsoft.Bot.Schema.Entity("mention")
        {
            Properties = Newtonsoft.Json.Linq.JObject.FromObject(new { mentioned = new { id = TurnHarness.BotId, name = "TeamsKiCoach" }, text = "<at>TeamsKiCoach</at>" }),
        });

        var text = (await harness.SendAsync(message)).SingleCard().VisibleText();

        Assert.Contains("Das kann ich für dich tun", text);
    }

    [Theory]
    [InlineData("de-DE", "Das habe ich nicht verstanden")]
    [InlineData("en-US", "I didn't understand that")]
    [InlineData("fr-FR", "Das habe ich nicht verstanden")]
    [InlineData("", "Das habe ich nicht verstanden")]
    public async Task UnknownTextGetsAFriendlyShortAnswerInThePersonsLanguage(string locale, string expected)
    {
        await using var harness = await TurnHarness.StartAsync();

        var reply = (await harness.SendAsync(TurnHarness.PersonalMessage("Die Kaffeemaschine ist kaputt", locale))).SingleText();

        Assert.StartsWith(expected, reply);
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
        message.Conversation = new Microsoft.Bot.Schema.ConversationAccount(isGroup: true, conversationType: "channel", id: "19:general@thread.tacv2;messageid=1795610861547", tenantId: TurnHarness.Tenant);
        message.ChannelData = Newtonsoft.Json.Linq.JObject.FromObject(new { team = new { id = "19:general@thread.tacv2" }, tenant = new { id = TurnHarness.Tenant } });

        await harness.SendAsync(message);

        var channel = await harness.Directory.FindAsync(TurnHarness.Tenant, "19:general@thread.tacv2", default);
        Assert.NotNull(channel);
        Assert.Equal(Coaching.Conversations.ConversationScope.Channel, channel.Scope);
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

    [Fact]
    public async Task AnActivityFromAnotherChannelIsDropped()
    {
        await using var harness = await TurnHarness.StartAsync();
        var message = TurnHarness.PersonalMessage("hilfe");
        message.ChannelId = Channels.Webchat;

        var sent = await harness.SendAsync(message);

        Assert.Empty(sent);
    }
}
