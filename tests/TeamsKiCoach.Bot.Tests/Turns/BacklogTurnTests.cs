using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Tests.Cards;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Turns;

public sealed class BacklogTurnTests
{
    private const string Team = "19:team-vertrieb@thread.tacv2";
    private const string OtherTeam = "19:team-einkauf@thread.tacv2";

    // The lead installs the bot in the team (and so becomes its lead); Anna and Bernd are members.
    private static Task<TurnHarness> TeamAsync() => TurnHarness.WithTeamAsync(Team);

    private static async Task<JObject> SayAsync(TurnHarness harness, string message, string user = "aad-anna", string locale = "de-DE") =>
        (await harness.SendAsync(TurnHarness.PersonalMessage(message, locale, user))).SingleCard();

    private static async Task<List<BacklogEntry>> EntriesAsync(TurnHarness harness)
    {
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        return await db.BacklogEntries.AsNoTracking().OrderBy(e => e.Number).ToListAsync();
    }

    private static async Task<int> DecisionCountAsync(TurnHarness harness)
    {
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        return await db.GroupingDecisions.CountAsync();
    }

    [Fact]
    public async Task FrictionWrittenInChatIsRecordedAtOnceWithItsNumberAndCanBeUndoneWithinAMinute()
    {
        await using var harness = await TeamAsync();

        var recorded = await SayAsync(harness, "reibung: Rechnungen abtippen kostet Zeit");

        Assert.Equal("Festgehalten als Nr. 1 im Backlog:", recorded.Title());
        Assert.Contains("Vertrieb", recorded.VisibleText());
        var entry = Assert.Single(await EntriesAsync(harness));
        Assert.Equal(("Rechnungen abtippen kostet Zeit", Team, "aad-anna", EntrySource.Chat), (entry.Text, entry.TeamId, entry.AuthorAadObjectId, entry.Source));

        harness.Clock.Advance(TimeSpan.FromSeconds(59));
        var undone = (await harness.SendAsync(recorded.Click("Rückgängig"))).AnswerCard();

        Assert.Contains("nicht mehr im Backlog", undone.VisibleText());
        var withdrawn = Assert.Single(await EntriesAsync(harness));
        Assert.NotNull(withdrawn.WithdrawnAt);
        Assert.Equal(string.Empty, withdrawn.Text);
        Assert.Contains("Noch keine Einträge", (await SayAsync(harness, "backlog")).VisibleText());
    }

    [Fact]
    public async Task UndoAfterSixtyOneSecondsIsRefusedAndTheEntryStays()
    {
        await using var harness = await TeamAsync();
        var recorded = await SayAsync(harness, "reibung: Rechnungen abtippen kostet Zeit");

        harness.Clock.Advance(TimeSpan.FromSeconds(61));
        var answer = (await harness.SendAsync(recorded.Click("Rückgängig"))).AnswerMessage();

        Assert.StartsWith("Die Minute für „Rückgängig“ ist vorbei", answer);
        Assert.Null(Assert.Single(await EntriesAsync(harness)).WithdrawnAt);
    }

    [Fact]
    public async Task SomeoneElseCannotUndoAPersonsCaptureEvenWithItsCardData()
    {
        await using var harness = await TeamAsync();
        var recorded = await SayAsync(harness, "reibung: Rechnungen abtippen kostet Zeit");

        var answer = (await harness.SendAsync(recorded.Click("Rückgängig", user: "aad-bernd"))).AnswerMessage();

        Assert.StartsWith("Das ist nicht dein Eintrag", answer);
        Assert.Null(Assert.Single(await EntriesAsync(harness)).WithdrawnAt);
    }

    [Theory]
    [InlineData("Das Abtippen der Lieferscheine nervt jeden Tag", "de-DE", "Soll ich das als Reibung festhalten?")]
    [InlineData("Copying invoices by hand into the ERP takes forever", "en-US", "Shall I keep this as a friction?")]
    public async Task AComplaintAboutWorkIsOfferedAndKeptWithOneTap(string message, string locale, string question)
    {
        await using var harness = await TeamAsync();

        var asked = await SayAsync(harness, message, locale: locale);

        Assert.Equal(question, asked.Title());
        Assert.Empty(await EntriesAsync(harness));
        var kept = (await harness.SendAsync(asked.Click(locale == "de-DE" ? "Festhalten" : "Keep it", locale: locale))).AnswerCard();
        Assert.Contains(locale == "de-DE" ? "Nr. 1" : "no. 1", kept.Title());
        Assert.Equal(message, Assert.Single(await EntriesAsync(harness)).Text);

        var again = (await harness.SendAsync(asked.Click(locale == "de-DE" ? "Festhalten" : "Keep it", locale: locale))).AnswerCard();
        Assert.Contains(locale == "de-DE" ? "schon festgehalten" : "already kept", again.VisibleText());
        Assert.Single(await EntriesAsync(harness));
    }

    [Fact]
    public async Task NoThanksKeepsNothing()
    {
        await using var harness = await TeamAsync();
        var asked = await SayAsync(harness, "Das Abtippen der Lieferscheine nervt jeden Tag");

        var answer = (await harness.SendAsync(asked.Click("Nein, danke"))).AnswerCard();

        Assert.Contains("nichts festgehalten", answer.VisibleText());
        Assert.Empty(await EntriesAsync(harness));
    }

    [Theory]
    [InlineData("Hallo, alles klar?")]
    [InlineData("Guten Morgen!")]
    [InlineData("Wie funktioniert das mit dem Backlog, das nervt mich?")]
    [InlineData("Kannst du mir sagen, warum das Abtippen so lange dauert")]
    [InlineData("Danke dir, super!")]
    [InlineData("Ich mag grüne Äpfel sehr gern")]
    public async Task GreetingsAndQuestionsToTheBotAreNotTakenForFriction(string message)
    {
        await using var harness = await TeamAsync();

        var reply = (await harness.SendAsync(TurnHarness.PersonalMessage(message))).SingleText();

        Assert.StartsWith("Das habe ich nicht verstanden", reply);
    }

    [Fact]
    public async Task APersonInTwoTeamsPicksTheBacklogAndCannotPickATeamTheyAreNotIn()
    {
        await using var harness = await TeamAsync();
        await harness.SendAsync(TurnHarness.TeamBotAdded(OtherTeam, "de-DE", new ChannelAccount("29:aad-anna", "Anna", aadObjectId: "aad-anna")));
        await harness.SendAsync(TurnHarness.TeamBotAdded("19:team-geheim@thread.tacv2", "de-DE", new ChannelAccount("29:aad-carla", "Carla", aadObjectId: "aad-carla")));

        var asked = await SayAsync(harness, "reibung: Bestellungen doppelt erfassen");

        Assert.Equal("In welches Backlog soll das?", asked.Title());
        Assert.Empty(await EntriesAsync(harness));
        var refused = (await harness.SendAsync(asked.Click("Festhalten", inputs: new { team = "19:team-geheim@thread.tacv2" }))).AnswerMessage();
        Assert.Contains("nicht Mitglied", refused);
        Assert.Empty(await EntriesAsync(harness));

        await harness.SendAsync(asked.Click("Festhalten", inputs: new { team = OtherTeam }));
        Assert.Equal(OtherTeam, Assert.Single(await EntriesAsync(harness)).TeamId);
    }

    [Fact]
    public async Task SomeoneWhoUsesTheBotAloneWritesToTheirPersonalBacklog()
    {
        await using var harness = await TurnHarness.StartAsync();

        var recorded = await SayAsync(harness, "friction: expense reports on paper", user: "aad-solo", locale: "en-US");

        Assert.Equal("Kept as no. 1 in the backlog:", recorded.Title());
        Assert.Contains("Your personal backlog", recorded.VisibleText());
        Assert.Equal("personal:aad-solo", Assert.Single(await EntriesAsync(harness)).TeamId);
        Assert.Contains("Expense reports on paper", (await SayAsync(harness, "backlog", user: "aad-solo", locale: "en-US")).VisibleText());
    }

    [Theory]
    [InlineData("reibung:")]
    [InlineData("reibung:    \n\t ")]
    [InlineData("friction:")]
    public async Task AnEmptyCaptureGetsAClearAnswerAndStoresNothing(string message)
    {
        await using var harness = await TeamAsync();

        var answer = await SayAsync(harness, message);

        Assert.Contains("nichts, was ich festhalten könnte", answer.VisibleText());
        Assert.Empty(await EntriesAsync(harness));
    }

    [Fact]
    public async Task AVeryLongCaptureIsCutToTheMaximumWithANote()
    {
        await using var harness = await TeamAsync();

        var recorded = await SayAsync(harness, "reibung: " + new string('x', 20_000));

        Assert.Contains($"länger als {BacklogEntry.MaxTextLength} Zeichen", recorded.VisibleText());
        Assert.Equal(BacklogEntry.MaxTextLength, Assert.Single(await EntriesAsync(harness)).Text.Length);
    }

    [Fact]
    public async Task HostileTextIsStoredAsGivenAndShownLiterally()
    {
        await using var harness = await TeamAsync();

        await SayAsync(harness, "reibung:  " + CardCatalog.HostileText + "  ");
        var overview = await SayAsync(harness, "backlog");
        var detail = (await harness.SendAsync(overview.Click("Details"))).AnswerCard();

        Assert.Equal(CardCatalog.HostileText.Trim(), Assert.Single(await EntriesAsync(harness)).Text);
        var runs = detail.SelectTokens("$..inlines[*]").Where(r => (string?)r["type"] == "TextRun").Select(r => (string)r["text"]!).ToList();
        Assert.Contains(CardCatalog.HostileText.Trim(), runs);
        Assert.DoesNotContain(detail.SelectTokens("$..[?(@.type == 'TextBlock')].text").Select(t => (string)t!), t => t.Contains("${user.name}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APersonEditsAndWithdrawsTheirOwnEntry()
    {
        await using var harness = await TeamAsync();
        await SayAsync(harness, "reibung: Rechnungen abtippen");

        var mine = await SayAsync(harness, "meine einträge");
        Assert.Contains("Rechnungen abtippen", mine.VisibleText());
        var edit = (await harness.SendAsync(mine.Click("Bearbeiten"))).AnswerCard();
        var saved = (await harness.SendAsync(edit.Click("Speichern", inputs: new { text = "Eingangsrechnungen von Hand abtippen" }))).AnswerCard();

        Assert.Contains("Nr. 1 ist geändert", saved.VisibleText());
        var entry = Assert.Single(await EntriesAsync(harness));
        Assert.Equal("Eingangsrechnungen von Hand abtippen", entry.Text);
        Assert.NotNull(entry.EditedAt);

        var withdrawn = (await harness.SendAsync(saved.Click("Zurückziehen"))).AnswerCard();
        Assert.Contains("Nr. 1 ist zurückgezogen", withdrawn.VisibleText());
        Assert.NotNull(Assert.Single(await EntriesAsync(harness)).WithdrawnAt);
    }

    [Fact]
    public async Task SomeoneElsesEntryCannotBeEditedOrWithdrawnAndStaysUnchanged()
    {
        await using var harness = await TeamAsync();
        await SayAsync(harness, "reibung: Rechnungen abtippen");
        var annas = await SayAsync(harness, "meine einträge");
        var edit = (await harness.SendAsync(annas.Click("Bearbeiten"))).AnswerCard();

        var saved = (await harness.SendAsync(edit.Click("Speichern", user: "aad-bernd", inputs: new { text = "überschrieben" }))).AnswerMessage();
        var withdrawn = (await harness.SendAsync(annas.Click("Zurückziehen", user: "aad-bernd"))).AnswerMessage();

        Assert.StartsWith("Das ist nicht dein Eintrag", saved);
        Assert.StartsWith("Das ist nicht dein Eintrag", withdrawn);
        var entry = Assert.Single(await EntriesAsync(harness));
        Assert.Equal(("Rechnungen abtippen", (DateTimeOffset?)null, (DateTimeOffset?)null), (entry.Text, entry.EditedAt, entry.WithdrawnAt));
    }

    [Fact]
    public async Task AnAnonymousEntryCanBeChangedByNobodyAndTheListSaysWhy()
    {
        await using var harness = await TeamAsync();
        var recorded = await SayAsync(harness, "reibung anonym: Urlaubsanträge auf Papier");
        Assert.StartsWith("Anonym festgehalten als Nr. 1", recorded.Title());

        var mine = await SayAsync(harness, "meine einträge");
        var refused = (await harness.SendAsync(TurnHarness.CardAction("entry.withdraw", data: new { team = Team, entry = "1" }))).AnswerMessage();

        Assert.Contains("keine Einträge mit deinem Namen", mine.VisibleText());
        Assert.Contains("Anonyme Einträge tragen keinen Namen", mine.VisibleText());
        Assert.StartsWith("Das ist ein anonymer Eintrag", refused);
        Assert.Null(Assert.Single(await EntriesAsync(harness)).WithdrawnAt);
    }

    [Fact]
    public async Task AffectsMeTooCountsAsAMentionOncePerPerson()
    {
        await using var harness = await TeamAsync();
        await SayAsync(harness, "reibung: Rechnungen von Hand abtippen");
        var overview = await SayAsync(harness, "backlog", user: "aad-bernd");
        var detail = (await harness.SendAsync(overview.Click("Details", user: "aad-bernd"))).AnswerCard();

        var counted = (await harness.SendAsync(detail.Click("Betrifft mich auch", user: "aad-bernd"))).AnswerCard();
        var twice = (await harness.SendAsync(detail.Click("Betrifft mich auch", user: "aad-bernd"))).AnswerMessage();
        var author = (await harness.SendAsync(detail.Click("Betrifft mich auch"))).AnswerMessage();

        Assert.Contains("2 Erwähnungen · 2 Personen", counted.VisibleText());
        Assert.Contains("+1 von Bernd", counted.VisibleText());
        Assert.Contains("schon mit", twice);
        Assert.Contains("schon mit", author);
        Assert.Equal(1, (await EntriesAsync(harness)).Count(e => e.Source == EntrySource.PlusOne));
        Assert.Contains("2 Erwähnungen · 2 Personen", (await SayAsync(harness, "backlog")).VisibleText());
    }

    [Fact]
    public async Task OnlyALeadMergesAndSplitsAndTheDecisionIsRemembered()
    {
        await using var harness = await TeamAsync();
        await SayAsync(harness, "reibung: Rechnungen von Hand abtippen");
        await SayAsync(harness, "reibung: Drucker im Lager streikt", user: "aad-bernd");
        var overview = await SayAsync(harness, "backlog", user: "aad-lead");
        var detail = (await harness.SendAsync(overview.Click("Details", user: "aad-lead"))).AnswerCard();
        var memberDetail = (await harness.SendAsync(overview.Click("Details"))).AnswerCard();
        Assert.DoesNotContain("Zusammenführen", memberDetail.Buttons());
        var other = (string)detail.SelectToken("$..[?(@.id == 'mergeWith')].choices[0].value")!;

        var refused = (await harness.SendAsync(detail.Click("Zusammenführen", inputs: new { mergeWith = other }))).AnswerMessage();
        Assert.StartsWith("Zusammenführen und Herauslösen dürfen nur Teamleitungen", refused);
        Assert.Equal(0, await DecisionCountAsync(harness));
        Assert.Equal(2, (await EntriesAsync(harness)).Count);

        var merged = (await harness.SendAsync(detail.Click("Zusammenführen", user: "aad-lead", inputs: new { mergeWith = other }))).AnswerCard();
        Assert.Contains("Zusammengeführt", merged.VisibleText());
        Assert.Contains("2 Erwähnungen · 2 Personen", merged.VisibleText());
        var reloaded = await SayAsync(harness, "backlog", user: "aad-lead");
        Assert.Single(reloaded.Buttons(), b => b == "Details");

        var refusedSplit = (await harness.SendAsync(merged.Click("Eintrag herauslösen", user: "aad-anna", inputs: new { splitEntry = "2" }))).AnswerMessage();
        Assert.StartsWith("Zusammenführen und Herauslösen dürfen nur Teamleitungen", refusedSplit);
        Assert.Equal(1, await DecisionCountAsync(harness));

        var split = (await harness.SendAsync(merged.Click("Eintrag herauslösen", user: "aad-lead", inputs: new { splitEntry = "2" }))).AnswerCard();
        Assert.Contains("Nr. 2 ist herausgelöst", split.VisibleText());
        Assert.Equal(2, (await SayAsync(harness, "backlog", user: "aad-lead")).Buttons().Count(b => b == "Details"));
    }

    [Fact]
    public async Task TheOverviewPagesFivePatternsAtATimeInPlace()
    {
        await using var harness = await TeamAsync();
        string[] frictions =
        [
            "Rechnungen von Hand abtippen", "Drucker im Lager streikt", "Urlaubsanträge auf Papier", "Reisekosten in Excel",
            "Passwörter zurücksetzen lassen", "Lieferscheine einscannen", "Meetingprotokolle schreiben",
        ];
        foreach (var friction in frictions)
        {
            await SayAsync(harness, "reibung: " + friction);
        }

        var first = await SayAsync(harness, "backlog");
        Assert.Equal(5, first.Buttons().Count(b => b == "Details"));
        Assert.Contains("7 Einträge · Seite 1 von 2", first.VisibleText());
        Assert.DoesNotContain("‹ Zurück", first.Buttons());

        var second = (await harness.SendAsync(first.Click("Weiter ›"))).AnswerCard();
        Assert.Equal(2, second.Buttons().Count(b => b == "Details"));
        Assert.Contains("Seite 2 von 2", second.VisibleText());
        Assert.DoesNotContain("Weiter ›", second.Buttons());
        var back = (await harness.SendAsync(second.Click("‹ Zurück"))).AnswerCard();
        Assert.Contains("Seite 1 von 2", back.VisibleText());
    }

    [Fact]
    public async Task TheOverviewShowsMentionsPeopleTimeAndTheTrendAgainstTheWeekBefore()
    {
        await using var harness = await TeamAsync();
        await harness.SendAsync(TurnHarness.PersonalMessage("impulse jetzt senden", user: "aad-lead"));
        await using (var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default))
        {
            var prompt = await db.DailyPrompts.AsNoTracking().SingleAsync(p => p.RecipientAadObjectId == "aad-anna");
            await harness.SendAsync(TurnHarness.CardAction("prompt.answer", data: new
            {
                promptId = prompt.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                text = "Rechnungen von Hand abtippen",
                frequency = "daily",
                minutes = "72",
            }));
        }

        harness.Clock.Advance(TimeSpan.FromDays(8));
        await SayAsync(harness, "reibung: Rechnung per Hand abtippen nervt", user: "aad-bernd");
        await SayAsync(harness, "reibung: rechnungen abtippen von hand", user: "aad-lead");

        var german = (await SayAsync(harness, "backlog")).VisibleText();
        var english = (await SayAsync(harness, "backlog", locale: "en-US")).VisibleText();

        Assert.Contains("3 Erwähnungen · 3 Personen · ca. 6 Std./Woche · ↑ mehr als in der Vorwoche (2 zu 1)", german);
        Assert.Contains("3 mentions · 3 people · about 6 h/week · ↑ more than the week before (2 vs 1)", english);
    }

    [Fact]
    public async Task TheDetailNamesAuthorsOnlyOfNamedEntriesAndOpensTheCheckOfThePattern()
    {
        await using var harness = await TeamAsync();
        await SayAsync(harness, "reibung: Rechnungen von Hand abtippen");
        await SayAsync(harness, "reibung anonym: Rechnung per Hand abtippen nervt", user: "aad-bernd");
        var overview = await SayAsync(harness, "backlog", locale: "en-US");

        var detail = (await harness.SendAsync(overview.Click("Details", locale: "en-US"))).AnswerCard();
        var human = (await harness.SendAsync(detail.Click("Must a human do this?", locale: "en-US"))).AnswerCard();

        var visible = detail.VisibleText();
        Assert.Contains("No. 1 · Anna · ", visible);
        Assert.Contains("No. 2 · anonymous · ", visible);
        Assert.DoesNotContain("Bernd", visible);
        Assert.Equal("Must a human do this?", human.Title());
        Assert.Contains("Suggestion (rules)", human.VisibleText());
    }

    [Fact]
    public async Task CapturingInATeamChannelIsRedirectedToPersonalChat()
    {
        await using var harness = await TeamAsync();
        var message = TurnHarness.PersonalMessage("reibung: Rechnungen abtippen");
        message.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: Team, tenantId: TurnHarness.Tenant);
        message.ChannelData = JObject.FromObject(new { team = new { id = Team, name = "Vertrieb" }, tenant = new { id = TurnHarness.Tenant } });

        var reply = (await harness.SendAsync(message)).SingleText();

        Assert.Contains("nur im persönlichen Chat", reply);
        Assert.Empty(await EntriesAsync(harness));
    }

    [Fact]
    public async Task AnotherTenantNeitherSeesNorChangesATeamsBacklog()
    {
        await using var harness = await TurnHarness.StartAsync(TurnHarness.Tenant, "tenant-fabrikam");
        await harness.SendAsync(TurnHarness.TeamBotAdded(Team, "de-DE", new ChannelAccount("29:aad-anna", "Anna", aadObjectId: "aad-anna")));
        await SayAsync(harness, "reibung: Rechnungen von Hand abtippen");

        var foreign = TurnHarness.CardAction("pattern.show", data: new { team = Team, entry = "1" });
        foreign.Conversation.TenantId = "tenant-fabrikam";
        foreign.ChannelData = JObject.FromObject(new { tenant = new { id = "tenant-fabrikam" } });
        var plusOne = TurnHarness.CardAction("pattern.plusone", data: new { team = Team, entry = "1" });
        plusOne.Conversation.TenantId = "tenant-fabrikam";
        plusOne.ChannelData = JObject.FromObject(new { tenant = new { id = "tenant-fabrikam" } });
        var ownBacklog = (await harness.SendAsync(TurnHarness.PersonalMessage("backlog", tenant: "tenant-fabrikam"))).SingleCard();

        Assert.Contains("nicht Mitglied", (await harness.SendAsync(foreign)).AnswerMessage());
        Assert.Contains("nicht Mitglied", (await harness.SendAsync(plusOne)).AnswerMessage());
        Assert.Contains("Noch keine Einträge", ownBacklog.VisibleText());
        Assert.Single(await EntriesAsync(harness));
        await using var other = await harness.DbFactory.ForTenantAsync("tenant-fabrikam", default);
        Assert.Empty(await other.BacklogEntries.ToListAsync());
    }
}
