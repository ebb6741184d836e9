using Microsoft.EntityFrameworkCore;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Coaching.Audit;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.Stages;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage.Audit;
using TeamsKiCoach.Storage.Stages;

namespace TeamsKiCoach.Tests.Turns;

public sealed class StageTurnTests
{
    public const string Team = "19:team-vertrieb@thread.tacv2";
    private const string ConfirmMove = "Bestätigen: Stufe 2: Die richtige Frage stellen";

    internal static async Task<JObject> SayAsync(TurnHarness harness, string message, string user = "aad-anna", string locale = "de-DE") =>
        (await harness.SendAsync(TurnHarness.PersonalMessage(message, locale, user))).SingleCard();

    /// <summary>Anna and Bernd each name the same three frictions: three patterns, each from two people, within two weeks.</summary>
    internal static async Task<TurnHarness> TeamWithSpreadPatternsAsync()
    {
        var harness = await TurnHarness.WithTeamAsync(Team);
        await NameFrictionsAsync(harness);
        return harness;
    }

    internal static async Task NameFrictionsAsync(TurnHarness harness)
    {
        foreach (var (anna, bernd) in new[]
        {
            ("Rechnungen von Hand ins ERP abtippen", "Lieferantenrechnungen ins ERP abtippen dauert ewig"),
            ("Urlaubsanträge ausdrucken und unterschreiben lassen", "Urlaubsantrag auf Papier ausdrucken nervt"),
            ("Schichtplan jede Woche neu abstimmen", "Schichtplan abstimmen dauert jede Woche ewig"),
        })
        {
            await SayAsync(harness, "reibung: " + anna);
            await SayAsync(harness, "reibung: " + bernd, "aad-bernd");
        }
    }

    private static async Task<TeamRecord> TeamRecordAsync(TurnHarness harness)
    {
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        return await db.Teams.AsNoTracking().SingleAsync(t => t.TeamId == Team);
    }

    private static async Task<List<AuditRecord>> StageAuditAsync(TurnHarness harness)
    {
        await using var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default);
        return await db.AuditRecords.AsNoTracking().Where(a => a.Subject == AuditSubjects.Stage).OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task TheTeamsStatusCountsAsLedAreTheTeamsEveryLeadCheckFinds()
    {
        // "status" takes the led teams from the stage question; pulses, exports and the backlog ask TeamDirectory.
        // Both must agree: installed teams only, personal ones included, member-only teams not, oldest install first.
        await using var harness = await TurnHarness.StartAsync();
        var tenant = TurnHarness.Tenant;
        await harness.Teams.RecordInstallAsync(tenant, "19:later@thread.tacv2", "Später", "aad-anna", default);
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        await harness.Teams.RecordInstallAsync(tenant, TeamRecord.PersonalTeamId("aad-anna"), null, "aad-anna", default);
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        await harness.Teams.RecordInstallAsync(tenant, "19:gone@thread.tacv2", "Weg", "aad-anna", default);
        await harness.Teams.MarkUninstalledAsync(tenant, "19:gone@thread.tacv2", default);
        await harness.Teams.RecordInstallAsync(tenant, "19:bernds@thread.tacv2", "Bernds", "aad-bernd", default);
        await harness.Directory.AddTeamMembersAsync(tenant, "19:bernds@thread.tacv2", [new Coaching.Conversations.Person("aad-anna", null, "Anna")], default);

        foreach (var person in new[] { "aad-anna", "aad-bernd", "aad-nobody" })
        {
            var fromStatus = (await harness.StageService().TeamsOfPersonAsync(tenant, person, default)).Led.Select(t => t.TeamId).ToList();
            var fromDirectory = (await harness.Teams.LedByAsync(tenant, person, default)).Select(t => t.TeamId).ToList();
            Assert.Equal(fromDirectory, fromStatus);
        }

        Assert.Equal(
            ["19:later@thread.tacv2", TeamRecord.PersonalTeamId("aad-anna")],
            (await harness.Teams.LedByAsync(tenant, "aad-anna", default)).Select(t => t.TeamId));
    }

    [Fact]
    public async Task StatusShowsTheTeamsStageItsMeaningTheEvidenceAndTheNextSmallStep()
    {
        await using var harness = await TurnHarness.WithTeamAsync(Team);

        var card = await SayAsync(harness, "stand");

        var visible = card.VisibleText();
        Assert.Equal("Dein Stand", card.Title());
        Assert.Contains("Nächster Impuls", visible);
        Assert.Contains("Team „Vertrieb“: wo ihr steht", visible);
        Assert.Contains("Stufe 1: Reibung sichtbar machen", visible);
        Assert.Contains("nicht alles lösen – zunächst nur Muster erkennen", visible);
        Assert.Contains("Muster, die mindestens 2 Personen nennen: 0 (nötig für den nächsten Schritt: 3)", visible);
        Assert.Contains("Nächster kleiner Schritt: Beantwortet diese Woche den täglichen Impuls kurz", visible);
        Assert.Contains("Kein Vorschlag: Das Team bleibt in Stufe 1", visible);
        Assert.DoesNotContain(card.Buttons(), b => b.StartsWith("Bestätigen", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheEvidenceAloneChangesNoStageALeadsConfirmationDoesAndTheAuditTrailNamesThem()
    {
        await using var harness = await TeamWithSpreadPatternsAsync();

        var member = await SayAsync(harness, "stand");
        var lead = await SayAsync(harness, "stand", "aad-lead");

        Assert.Contains("Vorschlag: weiter zu Stufe 2: Die richtige Frage stellen", member.VisibleText());
        Assert.DoesNotContain(ConfirmMove, member.Buttons());
        Assert.Contains("Muster, die mindestens 2 Personen nennen: 3 (nötig für den nächsten Schritt: 3)", lead.VisibleText());
        Assert.Equal(3, lead.VisibleText().Split('\n').Count(l => l.StartsWith("• „", StringComparison.Ordinal) && l.EndsWith("“: 2 Nennungen von 2 Personen", StringComparison.Ordinal)));
        Assert.Equal(TeamStage.FrictionVisible, (await TeamRecordAsync(harness)).Stage);

        var confirmed = (await harness.SendAsync(lead.Click(ConfirmMove, user: "aad-lead"))).AnswerCard();

        Assert.StartsWith("Das Team „Vertrieb“ ist jetzt in Stufe 2: Die richtige Frage stellen. Bestätigt von Anna Becker.", confirmed.VisibleText());
        Assert.Contains("Nicht: Was kann KI? Sondern: Muss das ein Mensch tun?", confirmed.VisibleText());
        var team = await TeamRecordAsync(harness);
        Assert.Equal((TeamStage.RightQuestion, harness.Clock.GetUtcNow()), (team.Stage, team.StageSince!.Value));
        var audit = Assert.Single(await StageAuditAsync(harness));
        Assert.Equal(("2", StageService.Confirm, "aad-lead", Team), (audit.SubjectId, audit.Action, audit.ActorAadObjectId, audit.TeamId));
        Assert.StartsWith("1 -> 2\nMuster, die mindestens 2 Personen nennen: 3", audit.Detail);
    }

    [Fact]
    public async Task AMemberClickingTheLeadsButtonsChangesNothingAndLeavesNoRecord()
    {
        await using var harness = await TeamWithSpreadPatternsAsync();
        var lead = await SayAsync(harness, "stand", "aad-lead");

        var confirm = (await harness.SendAsync(lead.Click(ConfirmMove, user: "aad-anna"))).AnswerMessage();
        var decline = (await harness.SendAsync(lead.Click("Ablehnen", user: "aad-bernd"))).AnswerMessage();

        Assert.Equal("Über die Stufe eines Teams entscheidet nur eine Teamleitung.", confirm);
        Assert.Equal(confirm, decline);
        Assert.Equal(TeamStage.FrictionVisible, (await TeamRecordAsync(harness)).Stage);
        Assert.Empty(await StageAuditAsync(harness));
    }

    [Fact]
    public async Task ADeclinedMoveKeepsTheStageAndIsNotSuggestedAgainForFourWeeks()
    {
        await using var harness = await TeamWithSpreadPatternsAsync();
        var lead = await SayAsync(harness, "stand", "aad-lead");

        var declined = (await harness.SendAsync(lead.Click("Ablehnen", user: "aad-lead"))).AnswerCard();
        harness.Clock.Advance(TimeSpan.FromDays(3));
        var later = await SayAsync(harness, "stand", "aad-lead");

        Assert.StartsWith("Abgelehnt: Das Team „Vertrieb“ bleibt in Stufe 1: Reibung sichtbar machen. Denselben Wechsel schlage ich frühestens am 23. Dezember 2026 wieder vor.", declined.VisibleText());
        Assert.Contains("Kein neuer Vorschlag bis 23. Dezember 2026", later.VisibleText());
        Assert.DoesNotContain(ConfirmMove, later.Buttons());
        Assert.Equal(TeamStage.FrictionVisible, (await TeamRecordAsync(harness)).Stage);
        var audit = Assert.Single(await StageAuditAsync(harness));
        Assert.Equal(("2", StageService.Decline), (audit.SubjectId, audit.Action));

        harness.Clock.Advance(TimeSpan.FromDays(26));
        await NameFrictionsAsync(harness);
        Assert.Contains(ConfirmMove, (await SayAsync(harness, "stand", "aad-lead")).Buttons());
    }

    [Fact]
    public async Task TheSameCardAnsweredTwiceMovesTheTeamOnceAndTheSecondAnswerSaysWhoDecided()
    {
        await using var harness = await TeamWithSpreadPatternsAsync();
        await using (var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default))
        {
            db.TeamLeads.Add(new TeamLead { TenantId = TurnHarness.Tenant, TeamId = Team, AadObjectId = "aad-bernd" });
            await db.SaveChangesAsync();
        }

        var card = await SayAsync(harness, "stand", "aad-lead");
        await harness.SendAsync(card.Click(ConfirmMove, user: "aad-lead"));
        var second = (await harness.SendAsync(card.Click("Ablehnen", user: "aad-bernd"))).AnswerCard();

        Assert.StartsWith("Das hat inzwischen Anna Becker entschieden: Das Team ist in Stufe 2", second.VisibleText());
        Assert.Single(await StageAuditAsync(harness));
        Assert.Equal(TeamStage.RightQuestion, (await TeamRecordAsync(harness)).Stage);
    }

    [Fact]
    public async Task ALeadSetsHowOftenNudgesComeAndAMemberCannot()
    {
        await using var harness = await TurnHarness.WithTeamAsync(Team);
        var card = await SayAsync(harness, "status", "aad-lead", "en-US");
        Assert.Contains("every two weeks", card.VisibleText());

        var byMember = (await harness.SendAsync(card.Click("Save", user: "aad-anna", locale: "en-US", inputs: new { cadence0 = "Off" }))).AnswerMessage();
        Assert.Equal(NudgeCadence.Weekly, (await TeamRecordAsync(harness)).NudgeCadence);
        var byLead = (await harness.SendAsync(card.Click("Save", user: "aad-lead", locale: "en-US", inputs: new { cadence0 = "EveryTwoWeeks" }))).AnswerMessage();

        Assert.Equal("Only team leads set how often nudges come.", byMember);
        Assert.Equal("Nudges in the team channel for \"Vertrieb\": every two weeks.", byLead);
        Assert.Equal(NudgeCadence.EveryTwoWeeks, (await TeamRecordAsync(harness)).NudgeCadence);
    }
}
