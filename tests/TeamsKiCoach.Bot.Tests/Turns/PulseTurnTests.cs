using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Pulse;
using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage.Privacy;

namespace TeamsKiCoach.Tests.Turns;

public sealed class PulseTurnTests
{
    private const string Team = "19:team-vertrieb@thread.tacv2";

    private static async Task<string> SayAsync(TurnHarness harness, string message, string user = "aad-lead", string locale = "de-DE") =>
        (await harness.SendAsync(TurnHarness.PersonalMessage(message, locale, user))).SingleText();

    // The team of the harness (its lead, who wrote in the channel, counts as a member) plus people who write to the
    // bot first, so that each has a chat and a time zone.
    private static async Task<TurnHarness> TeamAsync(params (string Aad, string Zone)[] more)
    {
        var harness = await TurnHarness.WithTeamAsync(Team);
        await harness.Directory.AddTeamMembersAsync(TurnHarness.Tenant, Team,
            more.Select(m => new Coaching.Conversations.Person(m.Aad, "29:" + m.Aad, m.Aad)).ToList(), default);
        foreach (var (aad, zone) in more.Append(("aad-anna", "Europe/Berlin")).Append(("aad-bernd", "Europe/Berlin")))
        {
            var hello = TurnHarness.PersonalMessage("hallo", user: aad);
            hello.Entities = [new Entity("clientInfo") { Properties = JObject.FromObject(new { locale = "de-DE", timezone = zone }) }];
            await harness.SendAsync(hello);
        }

        return harness;
    }

    private static async Task<PulseRun> RunAsync(TurnHarness harness)
    {
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        return await db.PulseRuns.AsNoTracking().SingleAsync();
    }

    private static async Task<List<PulseAnswer>> AnswersAsync(TurnHarness harness)
    {
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        return await db.PulseAnswers.AsNoTracking().ToListAsync();
    }

    // The card as the delivery engine renders it for this person.
    private static async Task<JObject> CardOfAsync(TurnHarness harness, string aad, BotText? text = null)
    {
        var facts = await harness.Pulses.CardAsync(TurnHarness.Tenant, (await RunAsync(harness)).Id, aad, default);
        return JObject.Parse(PulseCards.Question(facts!, text ?? BotText.German).ToJsonString());
    }

    [Fact]
    public async Task ALeadSendsThePulseNowAndEachMemberGetsOneCardThroughTheOutbox()
    {
        await using var harness = await TeamAsync();

        var reply = await SayAsync(harness, "puls jetzt senden");
        var again = await SayAsync(harness, "puls jetzt senden");

        Assert.Equal("Wochenpuls für Vertrieb: an 3 von 3 Mitgliedern geplant (wer pausiert, nicht erreichbar ist oder ihn schon hat, bekommt keinen).", reply);
        Assert.StartsWith("Wochenpuls für Vertrieb: an 0 von 3", again);
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        var outbox = await db.Outbox.AsNoTracking().ToListAsync();
        Assert.Equal(["aad-anna", "aad-bernd", "aad-lead"], outbox.Select(m => m.RecipientAadObjectId).Order());
        Assert.All(outbox, m => Assert.Equal(OutboxKind.Pulse, m.Kind));
        var run = await RunAsync(harness);
        Assert.Equal((5, PulseVariant.Coach, "2026-W48"), (run.MinAnswers, run.Variant, run.Week));
        Assert.True(harness.Delivery.Count >= 2);
        Assert.Equal("Den Wochenpuls sofort senden dürfen nur Teamleitungen.", await SayAsync(harness, "puls jetzt senden", "aad-anna"));
    }

    [Fact]
    public async Task AMemberAnswersOnceAWeekAndCanChangeTheAnswerUntilTheWeekCloses()
    {
        await using var harness = await TeamAsync();
        await SayAsync(harness, "puls jetzt senden");
        var card = await CardOfAsync(harness, "aad-anna");
        Assert.Contains("Vertraulich heißt", card.VisibleText());
        Assert.DoesNotContain("anonym", card.VisibleText(), StringComparison.OrdinalIgnoreCase);

        var answered = (await harness.SendAsync(card.Click("Absenden", inputs: new { relief = "4", first = "Rechnungen wieder von Hand" }))).AnswerCard();

        Assert.Equal("Danke! Deine Antwort ist vertraulich gespeichert.", answered.Title());
        Assert.Contains("Rechnungen wieder von Hand", answered.VisibleText());
        var stored = Assert.Single(await AnswersAsync(harness));
        Assert.Equal((4, "Rechnungen wieder von Hand"), (stored.Relief, stored.Bypassed));
        Assert.DoesNotContain(await DatabaseRows.CellsAsync(harness.ConnectionString), c => c.Table == "pulse_answers" && c.Value.Contains("aad-anna", StringComparison.Ordinal));

        var form = (await harness.SendAsync(answered.Click("Ändern"))).AnswerCard();
        Assert.Equal("4", (string?)form.SelectToken("$..body[?(@.id=='relief')].value"));
        var changed = (await harness.SendAsync(form.Click("Änderung absenden", inputs: new { relief = "2", first = "" }))).AnswerCard();

        Assert.Equal("Geändert. Es zählt nur deine letzte Antwort dieser Woche.", changed.Title());
        stored = Assert.Single(await AnswersAsync(harness));
        Assert.Equal((2, (string?)null), (stored.Relief, stored.Bypassed));

        harness.Clock.SetUtcNow((await RunAsync(harness)).ClosesAt);
        var late = (await harness.SendAsync(form.Click("Änderung absenden", inputs: new { relief = "5" }))).AnswerMessage();

        Assert.StartsWith("Diese Woche ist vorbei", late);
        Assert.Equal(2, Assert.Single(await AnswersAsync(harness)).Relief);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("0")]
    [InlineData("vier")]
    public async Task ARatingThatIsNoNumberFromOneToFiveIsRefusedAndNothingIsStored(string relief)
    {
        await using var harness = await TeamAsync();
        await SayAsync(harness, "puls jetzt senden");

        var again = (await harness.SendAsync((await CardOfAsync(harness, "aad-anna")).Click("Absenden", inputs: new { relief }))).AnswerCard();

        Assert.Contains("Die Bewertung geht von 1 bis 5", again.VisibleText());
        Assert.Empty(await AnswersAsync(harness));
    }

    [Fact]
    public async Task SomeoneOutsideTheTeamCannotAnswerItsPulseWithTheCardsData()
    {
        await using var harness = await TeamAsync();
        await SayAsync(harness, "puls jetzt senden");

        var answer = (await harness.SendAsync((await CardOfAsync(harness, "aad-anna")).Click("Absenden", user: "aad-stranger", inputs: new { relief = "1" }))).AnswerMessage();

        Assert.StartsWith("Diesen Puls beantworten nur Mitglieder des Teams", answer);
        Assert.Empty(await AnswersAsync(harness));
    }

    [Fact]
    public async Task WithFewerThanKAnswersTheResultsShowNoNumberAndSayMoreAnswersAreNeeded()
    {
        await using var harness = await TeamAsync();
        await SayAsync(harness, "puls jetzt senden");
        await harness.SendAsync((await CardOfAsync(harness, "aad-anna")).Click("Absenden", inputs: new { relief = "5" }));
        await harness.SendAsync((await CardOfAsync(harness, "aad-bernd")).Click("Absenden", user: "aad-bernd", inputs: new { relief = "1" }));

        var open = (await harness.SendAsync(TurnHarness.PersonalMessage("puls", user: "aad-lead"))).SingleCard();
        harness.Clock.SetUtcNow((await RunAsync(harness)).ClosesAt.AddHours(1));
        var closed = (await harness.SendAsync(TurnHarness.PersonalMessage("puls", user: "aad-lead"))).SingleCard();

        Assert.Contains("KW 48/2026 läuft noch", open.VisibleText());
        Assert.Contains("Es braucht noch mehr Antworten", closed.VisibleText());
        foreach (var card in new[] { open, closed })
        {
            Assert.Empty(card.SelectTokens("$..facts[*]"));
            Assert.DoesNotContain("Mittel", card.VisibleText());
            Assert.Contains("Vertraulich heißt", card.VisibleText());
        }

        Assert.StartsWith("Die Ergebnisse des Wochenpulses sehen Teamleitungen", await SayAsync(harness, "puls", "aad-anna"));
    }

    [Fact]
    public async Task FiveAnswersShowCountMeanDistributionAndTheTrendAsAPngWithItsNumbersAsText()
    {
        await using var harness = await TeamAsync(("aad-carla", "Europe/Berlin"), ("aad-dirk", "Europe/Berlin"), ("aad-eva", "Europe/Berlin"));
        await SayAsync(harness, "puls jetzt senden");
        var ratings = new Dictionary<string, string> { ["aad-anna"] = "4", ["aad-bernd"] = "2", ["aad-carla"] = "5", ["aad-dirk"] = "3", ["aad-eva"] = "4" };
        foreach (var (aad, rating) in ratings)
        {
            await harness.SendAsync((await CardOfAsync(harness, aad)).Click("Absenden", user: aad, inputs: new { relief = rating }));
        }

        harness.Clock.SetUtcNow((await RunAsync(harness)).ClosesAt.AddHours(1));
        var german = (await harness.SendAsync(TurnHarness.PersonalMessage("puls", user: "aad-lead"))).SingleCard();
        var english = (await harness.SendAsync(TurnHarness.PersonalMessage("pulse", "en-US", "aad-lead"))).SingleCard();

        var facts = german.SelectTokens("$..facts[*]").ToDictionary(f => (string)f["title"]!, f => (string)f["value"]!);
        Assert.Equal("5", facts["Antworten"]);
        Assert.Equal("Mittel 3,6 von 5 (5 Bewertungen)", facts["Nutzen des Coachs"]);
        Assert.Equal("1: 0 · 2: 1 · 3: 1 · 4: 2 · 5: 1", facts["Verteilung (1 bis 5)"]);
        Assert.Contains("Freitext-Themen erst ab 10 Antworten.", german.VisibleText());
        var image = german.SelectTokens("$..body[?(@.type=='Image')]").Single();
        var png = Convert.FromBase64String(((string)image["url"]!)["data:image/png;base64,".Length..]);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal((600, 300), (BigEndian(png, 16), BigEndian(png, 20)));
        Assert.Contains("3,6", (string)image["altText"]!);
        Assert.Contains("mean 3.6 of 5 (5 ratings)", english.VisibleText());
        Assert.True(german.ToString(Newtonsoft.Json.Formatting.None).Length < 28_000, "Teams takes cards up to about 28 KB.");
    }

    [Fact]
    public async Task ThePulseIsDueAtTheTeamsDayAndTimeInEachPersonsOwnZoneAndNotForSomeonePaused()
    {
        await using var harness = await TeamAsync(("aad-nyc", "America/New_York"), ("aad-paused", "Europe/Berlin"));
        await SayAsync(harness, "pause", "aad-paused");
        var pulses = harness.Pulses;

        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 12, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, await pulses.PlanDueAsync(default));
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 13, 0, 0, TimeSpan.Zero));
        Assert.Equal(3, await pulses.PlanDueAsync(default));
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 18, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, await pulses.PlanDueAsync(default));
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 19, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await pulses.PlanDueAsync(default));
        Assert.Equal(0, await pulses.PlanDueAsync(default));

        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        Assert.Equal(["aad-anna", "aad-bernd", "aad-lead", "aad-nyc"], (await db.Outbox.AsNoTracking().Select(m => m.RecipientAadObjectId).ToListAsync()).Order());
        Assert.Single(await db.PulseRuns.AsNoTracking().ToListAsync());
    }

    [Fact]
    public async Task AnOpenWeeksAnswerIsInMyDataAndErasedWithItAndAClosedOneBelongsToNobody()
    {
        await using var harness = await TeamAsync();
        await SayAsync(harness, "puls jetzt senden");
        await harness.SendAsync((await CardOfAsync(harness, "aad-anna")).Click("Absenden", inputs: new { relief = "3", third = "Angebote" }));
        await harness.SendAsync((await CardOfAsync(harness, "aad-bernd")).Click("Absenden", user: "aad-bernd", inputs: new { relief = "4" }));

        Assert.Equal(1, (await harness.PersonalData.SummaryAsync(TurnHarness.Tenant, "aad-anna", default)).LinkablePulseAnswers);
        Assert.Contains("Angebote", System.Text.Encoding.UTF8.GetString(await harness.PersonalData.ExportAsync(TurnHarness.Tenant, "aad-anna", default)));
        await harness.PersonalData.EraseAsync(TurnHarness.Tenant, "aad-anna", default);
        Assert.Equal([4], (await AnswersAsync(harness)).Select(a => a.Relief));

        harness.Clock.SetUtcNow((await RunAsync(harness)).ClosesAt);
        Assert.Equal(1, await harness.Pulses.ForgetClosedKeysAsync(TurnHarness.Tenant, default));
        Assert.Equal(0, (await harness.PersonalData.SummaryAsync(TurnHarness.Tenant, "aad-bernd", default)).LinkablePulseAnswers);
        Assert.Null(Assert.Single(await AnswersAsync(harness)).AnswerKey);
    }

    [Fact]
    public async Task APulseMissedOnThursdayGoesOutOnFridayButNeverOnTheWeekendOrInQuietHours()
    {
        await using var harness = await TeamAsync();
        var pulses = harness.Pulses;

        // Friday 06:00 in Berlin is still in the quiet hours (until 07:00); 08:00 is not.
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 5, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await pulses.PlanDueAsync(default));
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 7, 0, 0, TimeSpan.Zero));
        Assert.Equal(3, await pulses.PlanDueAsync(default));

        // The next week's Thursday and Friday pass with no host running: not on Saturday, and Monday starts a new week.
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await pulses.PlanDueAsync(default));
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await pulses.PlanDueAsync(default));
    }

    private static int BigEndian(byte[] bytes, int at) => (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
}
