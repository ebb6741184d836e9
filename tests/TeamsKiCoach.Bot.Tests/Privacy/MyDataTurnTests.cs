using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Coaching.Privacy;
using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Storage.Privacy;

namespace TeamsKiCoach.Tests.Privacy;

public sealed class MyDataTurnTests
{
    private const string Team = "19:team-vertrieb@thread.tacv2";

    private static async Task<JObject> SayAsync(TurnHarness harness, string message, string user = "aad-anna", string locale = "de-DE") =>
        (await harness.SendAsync(TurnHarness.PersonalMessage(message, locale, user))).SingleCard();

    // Anna writes, captures a named and an anonymous friction, confirms a check and pauses; Bernd captures one too.
    private static async Task<TurnHarness> BusyTeamAsync()
    {
        var harness = await TurnHarness.WithTeamAsync(Team);
        await SayAsync(harness, "reibung: Rechnungen von Hand ins ERP abtippen");
        await SayAsync(harness, "reibung anonym: Lieferscheine abtippen nervt");
        await SayAsync(harness, "reibung: Rechnungen ins ERP abtippen dauert", "aad-bernd");
        var detail = (await harness.SendAsync((await SayAsync(harness, "backlog")).Click("Details"))).AnswerCard();
        var check = (await harness.SendAsync(detail.Click("Muss das ein Mensch tun?"))).AnswerCard();
        await harness.SendAsync(check.Click("Bestätigen"));
        await harness.SendAsync(TurnHarness.PersonalMessage("pause 3 tage"));
        return harness;
    }

    [Fact]
    public async Task MyDataShowsWhatIsStoredAboutThePersonWithExportAndErase()
    {
        await using var harness = await BusyTeamAsync();

        var card = await SayAsync(harness, "meine daten");

        Assert.Equal("Deine Daten bei TeamsKiCoach", card.Title());
        var facts = card.SelectTokens("$..facts[*]").ToDictionary(f => (string)f["title"]!, f => (string)f["value"]!);
        Assert.Equal("ja", facts["Einstellungen (Pause, Uhrzeit)"]);
        Assert.Equal("1", facts["Backlog-Einträge mit deinem Namen"]);
        Assert.Equal("1", facts["Teams, in denen du Mitglied bist"]);
        // The confirmed check and its audit row.
        Assert.Equal("2", facts["Entscheidungen mit deinem Namen (Prüfungen, Zusammenführen, Verlauf)"]);
        Assert.Contains("Anonyme Einträge", card.VisibleText());
        Assert.Equal(["Exportieren", "Alles löschen"], card.Buttons());
        Assert.Equal("Your data at TeamsKiCoach", (await SayAsync(harness, "my data", locale: "en-US")).Title());
    }

    [Fact]
    public async Task TheExportContainsEverythingThePersonHasAndNothingOfOthersOrTheAnonymousEntry()
    {
        await using var harness = await BusyTeamAsync();
        var card = await SayAsync(harness, "meine daten");

        var download = (await harness.SendAsync(card.Click("Exportieren"))).AnswerCard();
        var link = new Uri((string)download.SelectToken("$..actions[?(@.type=='Action.OpenUrl')].url")!);
        var grant = harness.ExportLinks.ReadPersonal(Uri.UnescapeDataString(link.AbsolutePath.Split('/')[^1]));
        Assert.Equal((TurnHarness.Tenant, "aad-anna"), (grant!.TenantId, grant.AadObjectId));

        using var json = JsonDocument.Parse(await harness.PersonalData.ExportAsync(TurnHarness.Tenant, "aad-anna", default));
        var root = json.RootElement;
        var entries = root.GetProperty("backlogEntries").EnumerateArray().Select(e => e.GetProperty("Text").GetString()).ToList();
        Assert.Equal(["Rechnungen von Hand ins ERP abtippen"], entries);
        Assert.NotEqual(JsonValueKind.Null, root.GetProperty("settings").ValueKind);
        Assert.Single(root.GetProperty("conversations").EnumerateArray());
        Assert.Single(root.GetProperty("teams").EnumerateArray());
        Assert.Equal("confirm", Assert.Single(root.GetProperty("auditTrail").EnumerateArray()).GetProperty("Action").GetString());
        var text = root.GetRawText();
        Assert.DoesNotContain("Lieferscheine", text);
        Assert.DoesNotContain("aad-bernd", text);
    }

    [Fact]
    public async Task EraseAfterConfirmingLeavesNoRowWithThePersonsIdsInAnyTableAndKeepsTheAnonymousEntry()
    {
        await using var harness = await BusyTeamAsync();
        var card = await SayAsync(harness, "meine daten");
        var confirm = (await harness.SendAsync(card.Click("Alles löschen"))).AnswerCard();
        Assert.Equal("Wirklich alles löschen?", confirm.Title());
        Assert.Contains("aad-anna", string.Join(" ", (await DatabaseRows.CellsAsync(harness.ConnectionString)).Select(c => c.Value)));

        var erased = (await harness.SendAsync(confirm.Click("Ja, alles löschen"))).AnswerCard();

        Assert.Equal("Gelöscht.", erased.Title());
        var ids = new[] { "aad-anna", "29:aad-anna", $"a:personal-{TurnHarness.Tenant}-aad-anna" };
        var left = (await DatabaseRows.CellsAsync(harness.ConnectionString)).Where(c => ids.Any(id => c.Value.Contains(id, StringComparison.Ordinal))).ToList();
        Assert.True(left.Count == 0, string.Join("; ", left.Select(c => $"{c.Table}.{c.Column}={c.Value}")));
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        var texts = await db.BacklogEntries.AsNoTracking().OrderBy(e => e.Number).Select(e => e.Text).ToListAsync();
        Assert.Equal(["", "Lieferscheine abtippen nervt", "Rechnungen ins ERP abtippen dauert"], texts);
        Assert.Equal(PersonalData.FormerMember, (await db.AuditRecords.SingleAsync()).ActorAadObjectId);
        Assert.True(await db.TeamMembers.AnyAsync(m => m.AadObjectId == "aad-bernd"));
    }

    [Fact]
    public async Task SomeoneWithoutATeamErasesTheirPersonalBacklogWhole()
    {
        await using var harness = await TurnHarness.StartAsync();
        await harness.SendAsync(TurnHarness.PersonalMessage("reibung: Rechnungen von Hand abtippen", user: "aad-solo"));
        var detail = (await harness.SendAsync((await SayAsync(harness, "backlog", "aad-solo")).Click("Details", user: "aad-solo"))).AnswerCard();
        var check = (await harness.SendAsync(detail.Click("Muss das ein Mensch tun?", user: "aad-solo"))).AnswerCard();
        await harness.SendAsync(check.Click("Bestätigen", user: "aad-solo"));

        await harness.PersonalData.EraseAsync(TurnHarness.Tenant, "aad-solo", default);

        var left = (await DatabaseRows.CellsAsync(harness.ConnectionString)).Where(c => c.Value.Contains("aad-solo", StringComparison.Ordinal)).ToList();
        Assert.True(left.Count == 0, string.Join("; ", left.Select(c => $"{c.Table}.{c.Column}={c.Value}")));
    }

    [Fact]
    public async Task CancellingTheEraseChangesNothing()
    {
        await using var harness = await BusyTeamAsync();
        var before = await DatabaseRows.CountAsync(harness.ConnectionString);
        var confirm = (await harness.SendAsync((await SayAsync(harness, "meine daten")).Click("Alles löschen"))).AnswerCard();

        var back = (await harness.SendAsync(confirm.Click("Abbrechen"))).AnswerCard();

        Assert.Equal("Deine Daten bei TeamsKiCoach", back.Title());
        Assert.Equal(before.Where(c => c.Key != "conversations"), (await DatabaseRows.CountAsync(harness.ConnectionString)).Where(c => c.Key != "conversations"));
    }

    [Fact]
    public async Task InATeamChannelTheBotPointsToThePersonalChatAndShowsNothing()
    {
        await using var harness = await TurnHarness.WithTeamAsync(Team);
        var message = TurnHarness.PersonalMessage("meine daten");
        message.Conversation = new Microsoft.Bot.Schema.ConversationAccount(isGroup: true, conversationType: "channel", id: Team, tenantId: TurnHarness.Tenant);
        message.ChannelData = JObject.FromObject(new { team = new { id = Team, name = "Vertrieb" }, tenant = new { id = TurnHarness.Tenant } });

        var reply = (await harness.SendAsync(message)).SingleText();

        Assert.Equal("Deine Daten zeige ich dir nur im persönlichen Chat mit mir.", reply);
    }

    [Fact]
    public void EveryStoredColumnThatNamesAPersonIsListedWithWhatErasureDoesWithIt()
    {
        using var db = new TeamsKiCoach.Storage.SqliteCoachDbContext(
            new DbContextOptionsBuilder<TeamsKiCoach.Storage.SqliteCoachDbContext>().UseSqlite("Data Source=:memory:").Options);
        var columns = db.Model.GetEntityTypes()
            .SelectMany(t => t.GetProperties().Select(p => (Table: t.GetTableName()!, Property: p.Name)))
            .Where(c => PersonalDataMap.NamesAPerson(c.Property))
            .Select(c => $"{c.Table}.{c.Property}")
            .ToList();

        Assert.NotEmpty(columns);
        var missing = columns.Where(c => !PersonalDataMap.Columns.ContainsKey(c)).ToList();
        Assert.True(missing.Count == 0, "Not in PersonalDataMap: " + string.Join(", ", missing));
    }

}
