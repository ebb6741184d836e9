using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Coaching.Backlog.Exchange;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Turns;

public sealed class ExportTurnTests
{
    private const string Team = "19:team-vertrieb@thread.tacv2";

    // The lead installs the bot in the team and so becomes its lead; Anna is a member.
    private static async Task<TurnHarness> TeamAsync()
    {
        var harness = await TurnHarness.StartAsync();
        await harness.SendAsync(TurnHarness.TeamBotAdded(Team, "de-DE", new ChannelAccount("29:aad-anna", "Anna", aadObjectId: "aad-anna")));
        return harness;
    }

    [Theory]
    [InlineData("backlog exportieren", "de-DE", "Backlog exportieren", "CSV herunterladen")]
    [InlineData("Export backlog", "en-US", "Export the backlog", "Download CSV")]
    public async Task ALeadGetsACardWithSignedCsvAndXlsxLinksForTheTeam(string message, string locale, string title, string csvButton)
    {
        await using var harness = await TeamAsync();

        var card = (await harness.SendAsync(TurnHarness.PersonalMessage(message, locale, user: "aad-lead"))).SingleCard();

        Assert.Equal(title, card.Title());
        var actions = card.SelectTokens("$.body[?(@.type == 'ActionSet')].actions[*]").ToList();
        Assert.Equal([csvButton, "Action.OpenUrl"], [(string)actions[0]["title"]!, (string)actions[0]["type"]!]);
        var grants = actions.Select(a => harness.ExportLinks.Read(Uri.UnescapeDataString(new Uri((string)a["url"]!).Segments[^1]))).ToList();
        Assert.All(actions, a => Assert.StartsWith(TurnHarness.PublicBaseUrl.AbsoluteUri + "api/backlog/export/", (string)a["url"]!, StringComparison.Ordinal));
        Assert.Equal(
            [(TurnHarness.Tenant, Team, ExchangeFormat.Csv), (TurnHarness.Tenant, Team, ExchangeFormat.Xlsx)],
            grants.Select(g => (g!.TenantId, g.TeamId, g.Format)));
        Assert.Equal(harness.Clock.GetUtcNow().AddMinutes(10), grants[0]!.ExpiresAt);
        Assert.Contains("Vertrieb", card.VisibleText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMemberWhoLeadsNoTeamGetsNoLinkWhateverTheCardDataSays()
    {
        await using var harness = await TeamAsync();
        var message = TurnHarness.PersonalMessage("backlog exportieren", user: "aad-anna");
        message.Value = JObject.FromObject(new { lead = "aad-lead", teamId = Team });

        var sent = await harness.SendAsync(message);

        Assert.Equal("Das Backlog exportieren dürfen nur Teamleitungen.", sent.SingleText());
        Assert.DoesNotContain(sent, a => a.Attachments?.Count > 0);
    }

    [Fact]
    public async Task InAChannelTheLeadIsSentToThePersonalChatInsteadOfGettingLinksEveryoneSees()
    {
        await using var harness = await TeamAsync();
        var message = TurnHarness.PersonalMessage("backlog exportieren", user: "aad-lead");
        message.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: Team, tenantId: TurnHarness.Tenant);
        message.ChannelData = JObject.FromObject(new { team = new { id = Team, name = "Vertrieb" }, tenant = new { id = TurnHarness.Tenant } });

        var reply = (await harness.SendAsync(message)).SingleText();

        Assert.Contains("nur im persönlichen Chat", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextThatMerelyStartsWithTheCommandIsNoExport()
    {
        await using var harness = await TeamAsync();

        // It reads like a complaint, so the bot offers to keep it as friction; it offers no download.
        var card = (await harness.SendAsync(TurnHarness.PersonalMessage("backlog exportieren dauert bei uns ewig", user: "aad-lead"))).SingleCard();

        Assert.DoesNotContain("herunterladen", card.ToString(), StringComparison.Ordinal);
        Assert.Contains("Soll ich das als Reibung festhalten?", card.ToString(), StringComparison.Ordinal);
    }
}
