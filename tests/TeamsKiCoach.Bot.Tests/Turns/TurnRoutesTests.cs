using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Turns;
using TeamsKiCoach.Coaching.Commands;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Tests.Cards;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Turns;

/// <summary>The one table of commands and card verbs: nothing a card offers goes unanswered, nothing answered is unreachable.</summary>
public sealed class TurnRoutesTests
{
    private const string Team = "19:team-vertrieb@thread.tacv2";

    private static IEnumerable<(string Card, string Verb, JObject Data)> Buttons() =>
        CardCatalog.All().SelectMany(c => JObject.Parse(c.Card.ToJsonString()).SelectTokens("$..[?(@.type == 'Action.Execute')]").OfType<JObject>()
            .Select(a => (c.Name, (string)a["verb"]!, (JObject)(a["data"] ?? new JObject()).DeepClone())));

    private static TurnRoutes Routes(TurnHarness harness) => harness.Services.GetRequiredService<TurnRoutes>();

    [Fact]
    public async Task EveryVerbOnACardHasAHandlerAndEveryHandledVerbIsOnACard()
    {
        await using var harness = await TurnHarness.StartAsync();
        var onCards = Buttons().Select(b => b.Verb).ToHashSet();
        var handled = Routes(harness).VerbNames.ToHashSet();

        var unanswered = string.Join(", ", onCards.Except(handled).Order());
        var unreachable = string.Join(", ", handled.Except(onCards).Order());
        Assert.True(unanswered.Length == 0, "On a card, but no handler answers: " + unanswered);
        Assert.True(unreachable.Length == 0, "Answered, but no card carries it: " + unreachable);
    }

    [Fact]
    public async Task EveryCommandOfTheParserHasAHandler()
    {
        await using var harness = await TurnHarness.StartAsync();
        Assert.Empty(Enum.GetValues<CommandKind>().Except(Routes(harness).CommandKinds));
    }

    [Fact]
    public void TwoHandlersForOneVerbStopTheHostAtStart()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new TurnRoutes([new HelpTurns(), new HelpTurns()]));
        Assert.Contains("two handlers", error.Message);
    }

    // Each button of each card in the catalogue, clicked in a team where the bot is installed: every one is
    // answered by its handler (a card, or a note such as "not found" for the catalogue's made-up ids), none with
    // "unknown action", none fails the turn.
    [Fact]
    public async Task EveryButtonOfEveryCardIsAnsweredByItsHandler()
    {
        await using var harness = await TurnHarness.WithTeamAsync("team-1");
        var unknown = new[] { BotText("de-DE"), BotText("en-US") };
        var clicked = 0;
        foreach (var (card, verb, data) in Buttons())
        {
            var locale = card.EndsWith("-en", StringComparison.Ordinal) ? "en-US" : "de-DE";
            var sent = await harness.SendAsync(TurnHarness.CardAction(verb, locale, "aad-lead", data));
            var (answerCard, message) = sent.Answer();
            Assert.True(answerCard is not null || !string.IsNullOrWhiteSpace(message), $"{card}: {verb} got no answer");
            Assert.False(unknown.Contains(message), $"{card}: {verb} answered as an unknown action");
            clicked++;
        }

        Assert.True(clicked > 150, $"only {clicked} buttons clicked");
    }

    [Fact]
    public async Task TheStartSmallNudgeOpensTheProposalFormOfItsPattern()
    {
        await using var harness = await TurnHarness.WithTeamAsync(Team);
        await harness.SendAsync(TurnHarness.PersonalMessage("reibung: Rechnungen von Hand ins ERP abtippen"));
        await harness.SendAsync(TurnHarness.PersonalMessage("reibung: Lieferantenrechnungen ins ERP abtippen dauert ewig", user: "aad-bernd"));
        var backlog = (await harness.SendAsync(TurnHarness.PersonalMessage("backlog"))).SingleCard();
        var detail = (await harness.SendAsync(backlog.Click("Details"))).AnswerCard();
        var check = (await harness.SendAsync(detail.Click("Muss das ein Mensch tun?"))).AnswerCard();
        var confirmed = (await harness.SendAsync(check.Click("Bestätigen"))).AnswerCard();
        var pattern = (string)confirmed.Button("Pilot vorschlagen").Data[PilotCards.EntryField]!;

        var nudge = JObject.Parse(NudgeCard.Build(new NudgeRun
        {
            TenantId = TurnHarness.Tenant, TeamId = Team, Period = "2026-W48", Fingerprint = "f", Language = "de", Title = "Eins auswählen",
            Lines = "Ein Muster ist geprüft.", ActionId = NudgeActions.ProposePilot, ActionSubject = pattern, ActionLabel = "Pilot vorschlagen",
        }, Bot.Localization.BotText.German).ToJsonString());
        var sent = await harness.SendAsync(nudge.Click("Pilot vorschlagen"));

        Assert.Equal("Steht unten.", sent.AnswerMessage());
        var form = sent.SingleCard();
        Assert.Equal("Pilot vorschlagen", form.Title());
        Assert.Contains("Zur Freigabe senden", form.Buttons());
    }

    [Fact]
    public async Task AButtonSentAsAMessageIsAnsweredByTheSameHandlerAsANewMessage()
    {
        await using var harness = await TurnHarness.StartAsync();
        var submitted = TurnHarness.PersonalMessage(string.Empty);
        submitted.Text = null;
        submitted.Value = new JObject { [ExecuteAction.VerbField] = CardVerbs.ShowMyData };

        var card = (await harness.SendAsync(submitted)).SingleCard();

        Assert.Equal("Deine Daten bei TeamsKiCoach", card.Title());
    }

    [Fact]
    public async Task WhoClickedIsUnknownHelpIsStillShownAndAPromptAnswerIsNotTheirs()
    {
        await using var harness = await TurnHarness.StartAsync();
        var help = TurnHarness.CardAction(CardVerbs.ShowHelp);
        help.From.AadObjectId = null;
        var answer = TurnHarness.CardAction(CardVerbs.AnswerPrompt, data: new { promptId = "1" });
        answer.From.AadObjectId = null;

        var helped = await harness.SendAsync(help);
        var answered = await harness.SendAsync(answer);

        Assert.Contains("hilfe", helped.SingleCard().VisibleText(), StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(helped.Answer().Card);
        Assert.Equal(Bot.Localization.BotText.German["Prompt.NotYours"], answered.AnswerMessage());
    }

    private static string BotText(string locale) => Bot.Localization.BotText.For(locale)["UnknownAction.Reply"];
}
