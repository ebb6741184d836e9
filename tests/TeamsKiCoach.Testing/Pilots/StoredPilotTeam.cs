using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage.Assessment;
using TeamsKiCoach.Storage.Backlog;
using TeamsKiCoach.Storage.Conversations;
using TeamsKiCoach.Storage.Pilots;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Tests.Pilots;

/// <summary>
/// A stored team for pilot tests: installed by Lena (its first lead), Lars made a second lead, Anna and Max as
/// members, a pattern of three entries that Anna confirmed as fit, on a fake clock and a database of its own.
/// </summary>
public sealed class StoredPilotTeam : IAsyncDisposable
{
    public const string Tenant = "tenant-1";
    public const string Team = "19:team-1@thread.tacv2";

    public static readonly PilotActor Anna = new("aad-anna", "Anna Proposer");
    public static readonly PilotActor Lena = new("aad-lena", "Lena Lead");
    public static readonly PilotActor Lars = new("aad-lars", "Lars Lead");
    public static readonly PilotActor Max = new("aad-max", "Max Member");

    private readonly TestDatabase database;

    private StoredPilotTeam(TestDatabase database, CoachDbFactory factory, int maxRunning)
    {
        this.database = database;
        Factory = factory;
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        Teams = new TeamDirectory(factory, Clock);
        Backlogs = new BacklogService(factory, Teams, new LexicalPatternGrouper(), Clock);
        Assessments = new AssessmentService(factory, new LexicalPatternGrouper(), new RuleAssessmentEngine(), Clock);
        var options = new PilotOptions { MaxRunning = maxRunning };
        Proposals = new PilotProposals(factory, Assessments, options, Clock);
        Steps = new PilotSteps(factory, options, Clock);
        ReliefChecks = new ReliefChecks(factory, Clock);
    }

    public CoachDbFactory Factory { get; }
    public FakeTimeProvider Clock { get; }
    public BacklogService Backlogs { get; }
    public AssessmentService Assessments { get; }
    public TeamDirectory Teams { get; }
    public PilotProposals Proposals { get; }
    public PilotSteps Steps { get; }
    public ReliefChecks ReliefChecks { get; }
    public TestDatabase Database => database;

    /// <summary>The key of the pattern confirmed as fit.</summary>
    public int PatternKey { get; private set; }

    public static async Task<StoredPilotTeam> StartAsync(StorageProvider provider = StorageProvider.Sqlite, int maxRunning = 1)
    {
        var database = TestDatabase.Create(provider);
        var team = new StoredPilotTeam(database, await database.OpenAsync(), maxRunning);
        await team.SeedAsync();
        return team;
    }

    private async Task SeedAsync()
    {
        await Teams.RecordInstallAsync(Tenant, Team, "Buchhaltung", Lena.AadObjectId, default);
        var directory = new ConversationDirectory(Factory, Clock);
        await directory.AddTeamMembersAsync(Tenant, Team,
            [.. new[] { Lena, Lars, Anna, Max }.Select(p => new Person(p.AadObjectId, "29:" + p.AadObjectId, p.Name))], default);
        await using (var db = await Factory.ForTenantAsync(Tenant, default))
        {
            db.TeamLeads.Add(new TeamLead { TenantId = Tenant, TeamId = Team, AadObjectId = Lars.AadObjectId, AddedAt = Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        foreach (var (who, text) in new[]
        {
            (Anna, "Rechnungen von Hand ins ERP abtippen"),
            (Max, "Rechnungen ins ERP abtippen dauert ewig"),
            (Anna, "Eingangsrechnungen abtippen, jeden Tag"),
        })
        {
            Assert.IsType<CaptureResult.Recorded>(await Backlogs.CaptureAsync(Tenant, who.AadObjectId, Team, text, false, BacklogService.NewCaptureKey(), default));
        }

        var opening = Assert.IsType<AssessmentOpening.Ready>(await Assessments.OpenAsync(Tenant, Anna.AadObjectId, Team, 1, AssessmentText.For("de-DE"), default));
        var (change, confirmed) = await Assessments.ConfirmAsync(Tenant, Anna.AadObjectId, Anna.Name, opening.Assessment.Id, default);
        Assert.Equal(AssessmentChange.Done, change);
        Assert.True(confirmed!.IsConfirmedFit, $"the rules judged the pattern {confirmed.ConfirmedVerdict}");
        PatternKey = confirmed.PatternKey;
    }

    public PilotProposal Proposal(PilotActor? owner = null) => new(
        PatternKey, "ignored: the backlog's title counts", "Rechnungsdaten aus dem PDF automatisch ins ERP übernehmen.", "Prüfen und Freigeben.",
        "Die Buchhaltung: weniger Abtippen.", owner ?? Anna, null, false);

    public async Task<Pilot> ProposeAsync(PilotActor? by = null)
    {
        var outcome = await Proposals.ProposeAsync(Tenant, by ?? Anna, Team, Proposal(), default);
        return Assert.IsType<ProposeOutcome.Proposed>(outcome).View.Pilot;
    }

    public async Task<PilotResult> ActAsync(PilotActor actor, long pilotId, PilotStep step, string? reason = null) =>
        (await Steps.ActAsync(Tenant, actor, pilotId, step, reason, null, default)).Result;

    public async Task<T> ReadAsync<T>(Func<CoachDbContext, Task<T>> read)
    {
        await using var db = await Factory.ForTenantAsync(Tenant, default);
        return await read(db);
    }

    public Task<Pilot> PilotAsync(long id) => ReadAsync(db => db.Pilots.AsNoTracking().SingleAsync(p => p.Id == id));

    public async ValueTask DisposeAsync() => await database.DisposeAsync();
}
