using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Audit;
using TeamsKiCoach.Coaching.Registry;
using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage.Audit;

namespace TeamsKiCoach.Tests.Turns;

public sealed class RegistryTurnTests
{
    private const string Team = StageTurnTests.Team;

    private static Task<Newtonsoft.Json.Linq.JObject> SayAsync(TurnHarness harness, string message, string user = "aad-anna", string locale = "de-DE") =>
        StageTurnTests.SayAsync(harness, message, user, locale);

    private static async Task<(List<AutomationEntry> Entries, List<AuditRecord> Audit)> StoredAsync(TurnHarness harness)
    {
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        return (await db.Automations.AsNoTracking().ToListAsync(),
            await db.AuditRecords.AsNoTracking().Where(a => a.Subject == AuditSubjects.Automation).OrderBy(a => a.Id).ToListAsync());
    }

    [Fact]
    public async Task WhatIsAutomatedListsTheBotsOwnStepsAsItRunsThem()
    {
        await using var harness = await TurnHarness.WithTeamAsync(Team);

        var card = await SayAsync(harness, "was ist automatisiert?");

        var visible = card.VisibleText();
        Assert.StartsWith("Was im Team „Vertrieb“ automatisiert ist", visible);
        Assert.Contains("Schritte, die der Bot selbst ausführt", visible);
        Assert.Contains("„Täglicher Reibungs-Impuls“ – läuft", visible);
        Assert.Contains("„Muster im Backlog bilden“ – läuft", visible);
        Assert.Contains("„Hinweise im Teamkanal“ – läuft", visible);
        Assert.Contains("„Alte Daten löschen“ – pausiert", visible);
        Assert.DoesNotContain("Wochenabfrage", visible);
        Assert.Contains("Noch keine eingetragen.", visible);
        Assert.DoesNotContain("Automatisierung eintragen", card.Buttons());
        Assert.Contains("Add an automation", (await SayAsync(harness, "what is automated?", "aad-lead", "en-US")).Buttons());
    }

    [Fact]
    public async Task ChangingTheTeamsPromptTimeChangesTheBotsOwnEntry()
    {
        await using var harness = await TurnHarness.WithTeamAsync(Team);
        var before = (await SayAsync(harness, "erkläre Täglicher Reibungs-Impuls")).VisibleText();

        await using (var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default))
        {
            await db.Teams.Where(t => t.TeamId == Team).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.PromptTime, new TimeOnly(8, 45))
                .SetProperty(t => t.QuietFrom, new TimeOnly(18, 0)));
        }

        var after = (await SayAsync(harness, "erkläre täglicher reibungs-impuls")).VisibleText();

        Assert.Contains("Montag bis Freitag um 15:30 Uhr", before);
        Assert.Contains("Ruhezeiten (19:00 Uhr bis 07:00 Uhr)", before);
        Assert.Contains("Montag bis Freitag um 08:45 Uhr", after);
        Assert.Contains("Ruhezeiten (18:00 Uhr bis 07:00 Uhr)", after);
        Assert.DoesNotContain("15:30", after);
    }

    [Fact]
    public async Task TheConfiguredAiProviderIsNamedWhereTheBotUsesIt()
    {
        await using var harness = await TurnHarness.WithTeamAsync(Team);
        var offline = (await SayAsync(harness, "explain suggestion for must a person do this", locale: "en-US")).VisibleText();
        harness.BotSettings = new BotSettings { AiProvider = "Ollama" };

        var withModel = (await SayAsync(harness, "explain suggestion for must a person do this", locale: "en-US")).VisibleText();

        Assert.Contains("AI: none", offline);
        Assert.Contains("Ollama", withModel);
        Assert.DoesNotContain("Ollama", offline);
    }

    [Fact]
    public async Task AQuestionIsAnsweredFromTheRegistryAndNamesTheEntriesItRestsOn()
    {
        await using var harness = await TurnHarness.WithTeamAsync(Team);
        harness.BotSettings = new BotSettings { AiProvider = "Azure OpenAI" };

        var card = await SayAsync(harness, "wo wird KI eingesetzt?");

        var visible = card.VisibleText();
        Assert.StartsWith("Suche im Verzeichnis", visible);
        Assert.Contains("Frage: wo wird KI eingesetzt?", visible);
        Assert.Contains("Beruht auf: Vorschlag zu „Muss das ein Mensch tun?“", visible);
        Assert.DoesNotContain("Täglicher Reibungs-Impuls", visible);
    }

    [Fact]
    public async Task ALeadEntersAnAutomationWithACardAndTheAuditTrailKeepsIt()
    {
        await using var harness = await TurnHarness.WithTeamAsync(Team);
        var list = await SayAsync(harness, "was ist automatisiert?", "aad-lead");
        var form = (await harness.SendAsync(list.Click("Automatisierung eintragen", user: "aad-lead"))).AnswerCard();

        var saved = (await harness.SendAsync(form.Click("Speichern", user: "aad-lead", inputs: new
        {
            name = "Eingangsrechnungen erfassen",
            steps = "Liest neue Rechnungen aus dem Postfach.\nTrägt Betrag und Fälligkeit ins ERP ein.",
            doesNot = "Gibt keine Zahlung frei.",
            trigger = "Neue E-Mail mit PDF",
            dataUsed = "Rechnungs-PDFs",
            usesAi = "true",
            aiRole = "Texterkennung (Azure OpenAI)",
            owner = "aad-bernd",
            status = "Running",
        }))).AnswerCard();

        var visible = saved.VisibleText();
        Assert.Contains("1. Liest neue Rechnungen aus dem Postfach.", visible);
        Assert.Contains("2. Trägt Betrag und Fälligkeit ins ERP ein.", visible);
        Assert.Contains("– Gibt keine Zahlung frei.", visible);
        Assert.Contains("Verantwortlich: Bernd", visible);
        Assert.Contains("Gespeichert; im Audit-Trail vermerkt.", visible);
        var (entries, audit) = await StoredAsync(harness);
        var entry = Assert.Single(entries);
        Assert.Equal(("Eingangsrechnungen erfassen", "aad-bernd", AutomationStatus.Running, true), (entry.Name, entry.OwnerAadObjectId, entry.Status, entry.UsesAi));
        var row = Assert.Single(audit);
        Assert.Equal(("add", "aad-lead", entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (row.Action, row.ActorAadObjectId, row.SubjectId));
        Assert.Contains("„Eingangsrechnungen erfassen“ – läuft, verantwortlich: Bernd, mit KI", (await SayAsync(harness, "was ist automatisiert?")).VisibleText());
    }

    [Fact]
    public async Task ALeadPausesAndRetiresAnEntryWhileAMembersClickChangesNothing()
    {
        await using var harness = await TurnHarness.WithTeamAsync(Team);
        var form = (await harness.SendAsync((await SayAsync(harness, "was ist automatisiert?", "aad-lead")).Click("Automatisierung eintragen", user: "aad-lead"))).AnswerCard();
        var saved = (await harness.SendAsync(form.Click("Speichern", user: "aad-lead", inputs: new { name = "Protokollvorlage", steps = "Legt eine Vorlage an.", doesNot = "Schreibt kein Protokoll.", owner = "nobody", status = "Running" }))).AnswerCard();

        var byMember = (await harness.SendAsync(saved.Click("Pausieren", user: "aad-anna"))).AnswerMessage();
        var paused = (await harness.SendAsync(saved.Click("Pausieren", user: "aad-lead"))).AnswerCard();
        var stale = (await harness.SendAsync(saved.Click("Beenden", user: "aad-lead"))).AnswerCard();
        var retired = (await harness.SendAsync(paused.Click("Beenden", user: "aad-lead"))).AnswerCard();

        Assert.Equal("Einträge im Verzeichnis ändern nur Teamleitungen.", byMember);
        Assert.Contains("„Protokollvorlage“ (pausiert", paused.VisibleText());
        Assert.Contains("Eine andere Teamleitung hat den Eintrag inzwischen geändert", stale.VisibleText());
        Assert.Contains("„Protokollvorlage“ (beendet", retired.VisibleText());
        var (entries, audit) = await StoredAsync(harness);
        Assert.Equal(AutomationStatus.Retired, Assert.Single(entries).Status);
        Assert.Equal(["add", "pause", "retire"], audit.Select(a => a.Action));
    }

    [Fact]
    public async Task AFormWithoutANameStoresNothingAndSaysWhatIsMissing()
    {
        await using var harness = await TurnHarness.WithTeamAsync(Team);
        var form = (await harness.SendAsync((await SayAsync(harness, "was ist automatisiert?", "aad-lead")).Click("Automatisierung eintragen", user: "aad-lead"))).AnswerCard();

        var again = (await harness.SendAsync(form.Click("Speichern", user: "aad-lead", inputs: new { name = " ", steps = "Ein Schritt", owner = "aad-stranger", status = "Running" }))).AnswerCard();

        Assert.Contains("Nichts gespeichert", again.VisibleText());
        Assert.Contains("Ein Schritt", again.VisibleText());
        var (entries, audit) = await StoredAsync(harness);
        Assert.Empty(entries);
        Assert.Empty(audit);
    }
}
