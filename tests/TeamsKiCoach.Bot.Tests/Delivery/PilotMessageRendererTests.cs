using Microsoft.EntityFrameworkCore;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.Delivery;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage.Pilots;

namespace TeamsKiCoach.Tests.Delivery;

/// <summary>A proposed pilot's outbox messages as their renderers make them at send time.</summary>
public sealed class PilotMessageRendererTests
{
    private const string Team = "19:team-vertrieb@thread.tacv2";

    [Fact]
    public async Task TheLeadIsAskedToDecideAndTheChannelIsToldWithoutButtons()
    {
        await using var harness = await ProposedAsync();
        var messages = await OutboxAsync(harness);

        var approval = await RenderAsync(harness, messages.Single(m => m.Kind == OutboxKind.PilotApproval));
        var notice = await RenderAsync(harness, messages.Single(m => m.Kind == OutboxKind.PilotNotice));

        Assert.Equal("Ein neuer Pilot wartet auf deine Entscheidung.", approval.Activity.Summary);
        Assert.Contains("Freigeben", Card(approval).Buttons());
        Assert.Equal("Neuer Pilotvorschlag im Team. Eine Teamleitung entscheidet.", notice.Activity.Summary);
        Assert.Equal(ConversationScope.Channel, notice.Chat?.Scope);
        Assert.DoesNotContain("Freigeben", Card(notice).Buttons());
    }

    [Fact]
    public async Task AMessageAboutAPilotThatIsGoneIsSkipped()
    {
        await using var harness = await ProposedAsync();
        var approval = (await OutboxAsync(harness)).Single(m => m.Kind == OutboxKind.PilotApproval);
        approval.SubjectId += 1000;

        var rendering = await Renderer(harness, OutboxKind.PilotApproval).RenderAsync(approval, default);

        Assert.IsType<OutboxRendering.Skip>(rendering);
    }

    private static PilotMessageRenderer Renderer(TurnHarness harness, OutboxKind kind) => new(kind, harness.PilotSteps(), harness.Preferences, harness.Directory);

    private static async Task<OutboxRendering.Ready> RenderAsync(TurnHarness harness, OutboxMessage message) =>
        Assert.IsType<OutboxRendering.Ready>(await Renderer(harness, message.Kind).RenderAsync(message, default));

    private static JObject Card(OutboxRendering.Ready ready) => JObject.Parse(ready.Activity.Attachments[0].Content.ToString()!);

    private static async Task<List<OutboxMessage>> OutboxAsync(TurnHarness harness)
    {
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        return await db.Outbox.AsNoTracking().Where(m => m.Kind != OutboxKind.DailyPrompt).ToListAsync();
    }

    // Anna and Bernd report the same friction, Anna confirms the check and proposes a pilot.
    private static async Task<TurnHarness> ProposedAsync()
    {
        var harness = await TurnHarness.WithTeamAsync(Team);
        await SayAsync(harness, "reibung: Rechnungen von Hand ins ERP abtippen");
        await SayAsync(harness, "reibung: Lieferantenrechnungen ins ERP abtippen dauert ewig", "aad-bernd");
        var backlog = await SayAsync(harness, "backlog");
        var detail = (await harness.SendAsync(backlog.Click("Details"))).AnswerCard();
        var check = (await harness.SendAsync(detail.Click("Muss das ein Mensch tun?"))).AnswerCard();
        var confirmed = (await harness.SendAsync(check.Click("Bestätigen"))).AnswerCard();
        var form = (await harness.SendAsync(confirmed.Click("Pilot vorschlagen"))).AnswerCard();
        await harness.SendAsync(form.Click("Zur Freigabe senden",
            inputs: new { step = "Rechnungsdaten automatisch ins ERP übernehmen.", manual = "Prüfen und Freigeben.", relieved = "Die Buchhaltung.", owner = "aad-anna" }));
        return harness;
    }

    private static async Task<JObject> SayAsync(TurnHarness harness, string message, string user = "aad-anna") =>
        (await harness.SendAsync(TurnHarness.PersonalMessage(message, "de-DE", user))).SingleCard();
}
