using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Host;

/// <summary>
/// Card actions on pilots that nobody may take, each a real <c>adaptiveCard/action</c> invoke through the host over
/// HTTP: people who are not leads of the pilot's team, card data that names someone or something else, verbs and
/// payloads the bot never sent, and decisions on pilots that are past deciding. Every one gets a clear answer and
/// changes nothing in the database: every row of every table is compared before and after, down to the value
/// (only the time a conversation was last seen moves, as it does for every activity).
/// </summary>
public sealed class ForgedPilotActionCorpusTests(ForgedPilotActionCorpusTests.HostFixture fixture) : IClassFixture<ForgedPilotActionCorpusTests.HostFixture>
{
    public const string Contoso = CoachHost.Tenant;
    public const string Fabrikam = "tenant-fabrikam";
    public const string Team = "19:team-vertrieb@thread.tacv2";
    public const string OtherTeam = "19:team-einkauf@thread.tacv2";
    public const string FabrikamTeam = "19:team-fabrikam@thread.tacv2";

    public sealed class HostFixture : IAsyncLifetime
    {
        public LoopbackConnector Connector { get; private set; } = null!;
        public TestDatabase Database { get; } = TestDatabase.CreateSqlite();
        public CoachHost Host { get; private set; } = null!;
        public Dictionary<PilotState, long> Pilots { get; } = [];
        public long ChangesRequested { get; private set; }

        public async Task InitializeAsync()
        {
            Connector = await LoopbackConnector.StartAsync();
            Host = CoachHost.Development(Database, ("Coach:Pilots:MaxRunning", "1"));
            foreach (var (tenant, user) in new[] { (Contoso, "aad-anna"), (Contoso, "aad-bernd"), (Contoso, "aad-lead"), (Contoso, "aad-lead2"), (Fabrikam, "aad-flead") })
            {
                Assert.Equal(HttpStatusCode.OK, (await Host.PostActivityAsync(CoachHost.Message(Connector.ServiceUrl, "hilfe", tenant, user))).StatusCode);
            }

            var factory = Host.Services.GetRequiredService<CoachDbFactory>();
            var now = DateTimeOffset.UtcNow;
            await SeedTeamAsync(factory, Contoso, Team, "aad-lead", ["aad-anna", "aad-bernd", "aad-lead"], now);
            await SeedTeamAsync(factory, Contoso, OtherTeam, "aad-lead2", ["aad-lead2"], now);
            await SeedTeamAsync(factory, Fabrikam, FabrikamTeam, "aad-flead", ["aad-flead"], now);

            await using var db = await factory.ForTenantAsync(Contoso, default);
            var number = 0;
            Pilot Add(PilotState state, PilotDecision? decision)
            {
                var pilot = new Pilot
                {
                    TenantId = Contoso,
                    TeamId = Team,
                    Number = ++number,
                    PatternKey = 1,
                    PatternTitle = "Rechnungen abtippen",
                    Step = "Rechnungsdaten automatisch ins ERP übernehmen.",
                    StaysManual = "Prüfen.",
                    WhoIsRelieved = "Die Buchhaltung.",
                    OwnerAadObjectId = "aad-anna",
                    OwnerName = "Anna",
                    ProposedByAadObjectId = "aad-anna",
                    ProposedByName = "Anna",
                    ProposedAt = now,
                    ReviewOn = DateOnly.FromDateTime(now.UtcDateTime).AddDays(28),
                    State = state,
                    Version = 3,
                    Decision = decision,
                    DecidedByAadObjectId = decision is null ? null : "aad-lead",
                    DecidedByName = decision is null ? null : "Lea Leitung",
                    DecidedAt = decision is null ? null : now,
                    DecisionReason = decision is PilotDecision.Approved or null ? null : "Zu groß.",
                    WithdrawnAt = state == PilotState.Withdrawn ? now : null,
                    StartedAt = state is PilotState.Running ? now : null,
                    LastChangedAt = now,
                };
                db.Pilots.Add(pilot);
                return pilot;
            }

            var proposed = Add(PilotState.Proposed, null);
            var declined = Add(PilotState.Declined, PilotDecision.Declined);
            var withdrawn = Add(PilotState.Withdrawn, null);
            var retired = Add(PilotState.Retired, PilotDecision.Approved);
            var running = Add(PilotState.Running, PilotDecision.Approved);
            var changes = Add(PilotState.ChangesRequested, PilotDecision.ChangesRequested);
            await db.SaveChangesAsync();
            (Pilots[PilotState.Proposed], Pilots[PilotState.Declined], Pilots[PilotState.Withdrawn], Pilots[PilotState.Retired], Pilots[PilotState.Running]) =
                (proposed.Id, declined.Id, withdrawn.Id, retired.Id, running.Id);
            ChangesRequested = changes.Id;
        }

        private static async Task SeedTeamAsync(CoachDbFactory factory, string tenant, string team, string lead, string[] members, DateTimeOffset now)
        {
            await using var db = await factory.ForTenantAsync(tenant, default);
            db.Teams.Add(new TeamRecord { TenantId = tenant, TeamId = team, Name = team, InstalledAt = now, InstalledByAadObjectId = lead });
            db.TeamLeads.Add(new TeamLead { TenantId = tenant, TeamId = team, AadObjectId = lead, AddedAt = now });
            foreach (var member in members)
            {
                db.TeamMembers.Add(new Coaching.People.TeamMember { TenantId = tenant, TeamId = team, AadObjectId = member, TeamsUserId = "29:" + member, Name = member, JoinedAt = now, LastSeenAt = now });
            }

            await db.SaveChangesAsync();
        }

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            await Connector.DisposeAsync();
            await Database.DisposeAsync();
        }
    }

    private const string NotLead = "Das kann nur eine Teamleitung dieses Teams.";
    private const string NotFound = "Diesen Piloten finde ich nicht";
    private const string Unknown = "Diese Aktion kenne ich nicht (mehr).";
    private const string AlreadyDecided = "Schon entschieden: von Lea Leitung";

    /// <summary>One forged click: who, from which tenant, which verb, the card data (the pilot by its state), and what the answer must say.</summary>
    private sealed record Case(string User, string Tenant, string Verb, Func<HostFixture, JsonObject> Data, string Answer);

    private static JsonObject Pilot(HostFixture r, PilotState state, params (string Key, JsonNode? Value)[] extra)
    {
        var data = new JsonObject { ["pilot"] = r.Pilots[state].ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (key, value) in extra)
        {
            data[key] = value;
        }

        return data;
    }

    private static Case Member(string verb, PilotState state, string answer, params (string, JsonNode?)[] extra) =>
        new("aad-bernd", Contoso, verb, r => Pilot(r, state, extra), answer);

    private static Case Lead(string verb, PilotState state, string answer, params (string, JsonNode?)[] extra) =>
        new("aad-lead", Contoso, verb, r => Pilot(r, state, extra), answer);

    private static readonly Dictionary<string, Case> Corpus = new()
    {
        // People who are not leads of the pilot's team
        ["a member approves"] = Member("pilot.approve", PilotState.Proposed, NotLead),
        ["the proposer approves her own pilot"] = new("aad-anna", Contoso, "pilot.approve", r => Pilot(r, PilotState.Proposed), NotLead),
        ["a member declines, with a reason"] = Member("pilot.decline", PilotState.Proposed, NotLead, ("reason", "Ich will das nicht.")),
        ["a member asks for changes"] = Member("pilot.changes", PilotState.Proposed, NotLead, ("reason", "Anders.")),
        ["a member retires the running pilot"] = Member("pilot.retire", PilotState.Running, NotLead, ("reason", "Weg damit.")),
        ["a member who is not the owner pauses it"] = Member("pilot.pause", PilotState.Running, "Das können nur die Teamleitung und die verantwortliche Person."),
        ["a member who did not propose it withdraws it"] = Member("pilot.withdraw", PilotState.Proposed, "Das kann nur, wer den Piloten vorgeschlagen hat."),
        ["the lead of another team approves"] = new("aad-lead2", Contoso, "pilot.approve", r => Pilot(r, PilotState.Proposed), NotFound),
        ["the lead of another team declines"] = new("aad-lead2", Contoso, "pilot.decline", r => Pilot(r, PilotState.Proposed, ("reason", "Nein.")), NotFound),
        ["the lead of another tenant approves"] = new("aad-flead", Fabrikam, "pilot.approve", r => Pilot(r, PilotState.Proposed), NotFound),
        ["the lead of another tenant opens its history"] = new("aad-flead", Fabrikam, "pilot.history", r => Pilot(r, PilotState.Proposed), NotFound),

        // Card data that names someone or something else
        ["data names the lead as the actor"] = Member("pilot.approve", PilotState.Proposed, NotLead, ("actor", "aad-lead"), ("aadObjectId", "aad-lead"), ("from", "aad-lead")),
        ["data names the lead as the user"] = Member("pilot.approve", PilotState.Proposed, NotLead, ("user", new JsonObject { ["id"] = "29:aad-lead", ["aadObjectId"] = "aad-lead" })),
        ["data names the lead's team"] = new("aad-lead2", Contoso, "pilot.approve", r => Pilot(r, PilotState.Proposed, ("team", Team)), NotFound),
        ["data names the other tenant"] = new("aad-flead", Fabrikam, "pilot.approve", r => Pilot(r, PilotState.Proposed, ("tenant", Contoso), ("tenantId", Contoso)), NotFound),
        ["data says the member is a lead"] = Member("pilot.approve", PilotState.Proposed, NotLead, ("isLead", true), ("role", "lead")),
        ["a pilot id that does not exist"] = new("aad-lead", Contoso, "pilot.approve", _ => new JsonObject { ["pilot"] = "999999" }, NotFound),
        ["a negative pilot id"] = new("aad-lead", Contoso, "pilot.approve", _ => new JsonObject { ["pilot"] = "-1" }, NotFound),
        ["a pilot id with SQL"] = new("aad-lead", Contoso, "pilot.approve", _ => new JsonObject { ["pilot"] = "1 OR 1=1" }, NotFound),
        ["a pilot id that is an object"] = new("aad-lead", Contoso, "pilot.approve", _ => new JsonObject { ["pilot"] = new JsonObject { ["$gt"] = 0 } }, NotFound),
        ["a pilot id that is an array"] = new("aad-lead", Contoso, "pilot.approve", r => new JsonObject { ["pilot"] = new JsonArray(r.Pilots[PilotState.Proposed]) }, NotFound),
        ["a pilot id beyond a long"] = new("aad-lead", Contoso, "pilot.approve", _ => new JsonObject { ["pilot"] = "99999999999999999999999" }, NotFound),
        ["no pilot id"] = new("aad-lead", Contoso, "pilot.approve", _ => new JsonObject(), NotFound),

        // Verbs and payloads the bot never sent
        ["the verb with a trailing space"] = Lead("pilot.approve ", PilotState.Proposed, Unknown),
        ["the verb in capitals"] = Lead("PILOT.APPROVE", PilotState.Proposed, Unknown),
        ["a verb the bot does not have"] = Lead("pilot.delete", PilotState.Proposed, Unknown),
        ["a verb with something appended"] = Lead("pilot.approve;pilot.retire", PilotState.Proposed, Unknown),
        ["an oversized payload"] = Lead("pilot.approve", PilotState.Declined, "Diese Karte ist zu groß", ("reason", new string('x', 40_000))),
        ["an oversized reason on a decline"] = new("aad-lead", Contoso, "pilot.decline", r => Pilot(r, PilotState.Proposed, ("reason", new string('x', 600))), "Die Begründung ist zu lang"),

        // Decisions on pilots that are past deciding
        ["approving a declined pilot"] = Lead("pilot.approve", PilotState.Declined, "Schon entschieden: von Lea Leitung"),
        ["approving a withdrawn pilot"] = Lead("pilot.approve", PilotState.Withdrawn, "Dieser Vorschlag wurde am"),
        ["approving a retired pilot"] = Lead("pilot.approve", PilotState.Retired, AlreadyDecided),
        ["approving the running pilot again (double approval)"] = Lead("pilot.approve", PilotState.Running, AlreadyDecided),
        ["declining the running pilot after its approval"] = Lead("pilot.decline", PilotState.Running, AlreadyDecided, ("reason", "Doch nicht.")),
        ["approving a pilot sent back for changes"] = new("aad-lead", Contoso, "pilot.approve", r => new JsonObject { ["pilot"] = r.ChangesRequested.ToString(System.Globalization.CultureInfo.InvariantCulture) }, AlreadyDecided),
        ["approving over the running limit"] = Lead("pilot.approve", PilotState.Proposed, "Freigeben geht nicht: Das Team hat schon 1 von höchstens 1"),
        ["declining without a reason"] = Lead("pilot.decline", PilotState.Proposed, "Bitte eine Begründung"),
        ["starting a declined pilot"] = new("aad-anna", Contoso, "pilot.start", r => Pilot(r, PilotState.Declined), "Das geht im Stand „Abgelehnt“ nicht."),
    };

    public static TheoryData<string> Kinds => new(Corpus.Keys);

    [Fact]
    public void TheCorpusHoldsAtLeastThirtyForgedActions() => Assert.True(Corpus.Count >= 30, $"{Corpus.Count} cases");

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task AForgedPilotActionIsRefusedWithAClearAnswerAndChangesNothing(string kind)
    {
        var forged = Corpus[kind];
        var before = await DatabaseRows.SnapshotAsync(fixture.Database);
        var invoke = CoachHost.Message(fixture.Connector.ServiceUrl, "", forged.Tenant, forged.User);
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke.Remove("text");
        invoke["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = forged.Verb, ["data"] = forged.Data(fixture) },
            ["trigger"] = "manual",
        };

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(invoke.ToJsonString(), Encoding.UTF8, "application/json") };
        var response = await fixture.Host.CreateClient().SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{kind}: {(int)response.StatusCode} {body}");
        var shown = string.Join("\n", Strings(JsonNode.Parse(body)));
        Assert.True(shown.Contains(forged.Answer, StringComparison.Ordinal), $"{kind}: the answer does not say \"{forged.Answer}\": {shown}");
        var after = await DatabaseRows.SnapshotAsync(fixture.Database);
        Assert.True(after == before, $"{kind}: the database changed");
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        JsonObject obj => obj.SelectMany(p => Strings(p.Value)),
        JsonArray array => array.SelectMany(Strings),
        _ => [],
    };
}
