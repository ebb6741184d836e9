using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeamsKiCoach.Bot.Exchange;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Exchange;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage.Backlog;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Tests.Host;

/// <summary>A lead's "backlog exportieren" through the real host, and the download links it serves over HTTP.</summary>
public sealed class ExportLinkHostTests : IAsyncLifetime
{
    private const string Team = "19:team-vertrieb@thread.tacv2";
    private const string Lead = "aad-anna";

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    private TestDatabase database = null!;
    private LoopbackConnector connector = null!;
    private CoachHost host = null!;

    public async Task InitializeAsync()
    {
        database = TestDatabase.CreateSqlite();
        connector = await LoopbackConnector.StartAsync();
        host = new CoachHost(
            "Development",
            CoachHost.Settings(database, ("Coach:AllowedTenants:0", CoachHost.Tenant), ("Coach:PublicBaseUrl", "https://coach.example.org/")),
            services => services.AddSingleton<TimeProvider>(clock));
        _ = host.Server;
        await host.Services.GetRequiredService<TeamDirectory>().RecordInstallAsync(CoachHost.Tenant, Team, "Vertrieb", Lead, default);
        await using var db = await host.Services.GetRequiredService<CoachDbFactory>().ForTenantAsync(CoachHost.Tenant, default);
        foreach (var text in new[] { "Rechnungen von Hand abtippen, \"jeden\" Tag", "=HYPERLINK(\"https://evil.example\")" })
        {
            await BacklogWriter.AddAsync(db, new BacklogEntry
            {
                TenantId = CoachHost.Tenant, TeamId = Team, Text = text, Frequency = Frequency.Daily, CreatedAt = clock.GetUtcNow(), Source = EntrySource.Chat,
            }, default);
        }
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await connector.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task ALeadGetsLinksThatDownloadTheBacklogAsCsvAndXlsxUntilTheyExpire()
    {
        var (csv, xlsx) = await AskForLinksAsync();
        Assert.StartsWith("https://coach.example.org/api/backlog/export/", csv.AbsoluteUri, StringComparison.Ordinal);

        using var csvResponse = await GetAsync(csv);
        using var xlsxResponse = await GetAsync(xlsx);

        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", csvResponse.Content.Headers.ContentType?.ToString());
        Assert.Equal("attachment", csvResponse.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("backlog-Vertrieb-2026-11-25.csv", csvResponse.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Contains("no-store", csvResponse.Headers.CacheControl?.ToString());
        var body = Encoding.UTF8.GetString(await csvResponse.Content.ReadAsByteArrayAsync());
        Assert.Contains("\"Rechnungen von Hand abtippen, \"\"jeden\"\" Tag\"", body, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"https://evil.example\"\")\"", body, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, xlsxResponse.StatusCode);
        Assert.Equal(ExchangeFormat.Xlsx.ContentType(), xlsxResponse.Content.Headers.ContentType?.ToString());
        using var workbook = new ClosedXML.Excel.XLWorkbook(await xlsxResponse.Content.ReadAsStreamAsync());
        Assert.Equal("=HYPERLINK(\"https://evil.example\")", workbook.Worksheet(1).Cell(3, 2).GetString());

        clock.Advance(TimeSpan.FromMinutes(10));
        using var expired = await GetAsync(csv);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Equal(0, expired.Content.Headers.ContentLength ?? (await expired.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task ATamperedTokenIsRefusedWithoutDetails()
    {
        var (csv, _) = await AskForLinksAsync();
        var token = Uri.UnescapeDataString(csv.Segments[^1]);
        var (payload, signature) = (token.Split('.')[0], token.Split('.')[1]);
        var otherTeam = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(payload))).Replace(Team, "19:team-einkauf", StringComparison.Ordinal);

        foreach (var tampered in new[]
        {
            payload + "." + Flip(signature),
            Flip(payload) + "." + signature,
            Convert.ToBase64String(Encoding.UTF8.GetBytes(otherTeam)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "." + signature,
            payload,
            "kein-token",
        })
        {
            using var response = await GetAsync(new Uri(csv, ExportEndpoint.PathFor(tampered)));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task ALinkForATenantThisHostDoesNotServeOrATeamItDoesNotKnowIsRefused()
    {
        var links = host.Services.GetRequiredService<ExportLinks>();

        using var otherTenant = await GetAsync(links.Create("tenant-fabrikam", Team, ExchangeFormat.Csv));
        using var unknownTeam = await GetAsync(links.Create(CoachHost.Tenant, "19:team-einkauf", ExchangeFormat.Csv));
        using var known = await GetAsync(links.Create(CoachHost.Tenant, Team, ExchangeFormat.Jsonl));

        Assert.Equal(HttpStatusCode.NotFound, otherTenant.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownTeam.StatusCode);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
    }

    [Fact]
    public async Task SomeoneWhoLeadsNoTeamGetsNoLinks()
    {
        await host.PostActivityAsync(CoachHost.Message(connector.ServiceUrl, "backlog exportieren", user: "aad-ben"));

        var reply = Assert.Single(connector.SentActivities);
        Assert.Equal("Das Backlog exportieren dürfen nur Teamleitungen.", reply["text"]?.GetValue<string>());
        Assert.Null(reply["attachments"]?.AsArray().FirstOrDefault());
    }

    private async Task<(Uri Csv, Uri Xlsx)> AskForLinksAsync()
    {
        var response = await host.PostActivityAsync(CoachHost.Message(connector.ServiceUrl, "backlog exportieren", user: Lead));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var card = Assert.Single(connector.SentActivities)["attachments"]![0]!["content"]!;
        var urls = card["body"]!.AsArray()
            .Where(e => e?["type"]?.GetValue<string>() == "ActionSet")
            .SelectMany(e => e!["actions"]!.AsArray())
            .Select(a => new Uri(a!["url"]!.GetValue<string>()))
            .ToList();
        Assert.Equal(2, urls.Count);
        return (urls[0], urls[1]);
    }

    private Task<HttpResponseMessage> GetAsync(Uri link) => host.CreateClient().GetAsync(link.PathAndQuery);

    private static string Flip(string value) => (value[0] == 'A' ? "B" : "A") + value[1..];

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - (s.Length % 4)) % 4);
    }
}

public sealed class ExportLinkSettingsTests
{
    [Theory]
    [InlineData("Coach:Export:LinkKey", "kein-base64!")]
    [InlineData("Coach:Export:LinkKey", "c2hvcnQ=")]
    [InlineData("Coach:Export:LinkLifetime", "00:00:00")]
    [InlineData("Coach:Export:LinkLifetime", "7.00:00:00")]
    public async Task AnUnusableLinkSettingStopsTheHostAtStartWithItsName(string key, string value)
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var host = CoachHost.Development(database, (key, value));

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinksSignedWithTheConfiguredKeyWorkOnAnotherInstanceWithTheSameKey()
    {
        var key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        // Each instance on a database of its own: on SQLite only one host may run on a file.
        await using var database = TestDatabase.CreateSqlite();
        await using var secondDatabase = TestDatabase.CreateSqlite();
        await using var otherDatabase = TestDatabase.CreateSqlite();
        await using var first = CoachHost.Development(database, ("Coach:Export:LinkKey", key));
        await using var second = CoachHost.Development(secondDatabase, ("Coach:Export:LinkKey", key));
        await using var other = CoachHost.Development(otherDatabase);
        var token = first.Services.GetRequiredService<ExportLinks>().Create(CoachHost.Tenant, "team-1", ExchangeFormat.Csv).Segments[^1];

        Assert.NotNull(second.Services.GetRequiredService<ExportLinks>().Read(Uri.UnescapeDataString(token)));
        Assert.Null(other.Services.GetRequiredService<ExportLinks>().Read(Uri.UnescapeDataString(token)));
    }
}
