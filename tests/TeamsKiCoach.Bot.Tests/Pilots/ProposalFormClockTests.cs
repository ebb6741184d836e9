using System.Globalization;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Pilots;

/// <summary>The proposal form's review dates come from the bot's clock, not from the machine's.</summary>
public sealed class ProposalFormClockTests
{
    private const string Team = "19:team-vertrieb@thread.tacv2";

    [Fact]
    public async Task TheReviewDateIsBoundedFromTheBotsClockYearsAwayFromTheMachinesDate()
    {
        await using var harness = await TurnHarness.WithTeamAsync(Team);
        await SayAsync(harness, "reibung: Rechnungen von Hand ins ERP abtippen");
        await SayAsync(harness, "reibung: Lieferantenrechnungen ins ERP abtippen dauert ewig", "aad-bernd");
        var backlog = await SayAsync(harness, "backlog");
        var detail = (await harness.SendAsync(backlog.Click("Details"))).AnswerCard();
        var check = (await harness.SendAsync(detail.Click("Muss das ein Mensch tun?"))).AnswerCard();
        var confirmed = (await harness.SendAsync(check.Click("Bestätigen"))).AnswerCard();

        // Far enough from any real date that a card reading the machine's clock offers other days.
        harness.Clock.Advance(TimeSpan.FromDays(3 * 365));
        var form = (await harness.SendAsync(confirmed.Click("Pilot vorschlagen"))).AnswerCard();

        var today = DateOnly.FromDateTime(harness.Clock.GetUtcNow().UtcDateTime);
        var review = (JObject)form.SelectTokens("$..body[?(@.id == 'review')]").Single();
        Assert.Equal(Day(today.AddDays(Pilot.MinReviewDays)), (string?)review["min"]);
        Assert.Equal(Day(today.AddDays(Pilot.MaxReviewDays)), (string?)review["max"]);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<JObject> SayAsync(TurnHarness harness, string message, string user = "aad-anna") =>
        (await harness.SendAsync(TurnHarness.PersonalMessage(message, "de-DE", user))).SingleCard();
}
