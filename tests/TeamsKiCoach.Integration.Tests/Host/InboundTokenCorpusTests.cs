using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TeamsKiCoach.Tests.Support;
using static TeamsKiCoach.Tests.Support.LoopbackTokenAuthority;

namespace TeamsKiCoach.Tests.Host;

/// <summary>
/// The host in Production with app credentials, its Bot Framework token validation pointed at a token authority
/// on loopback. Every kind of bad token is refused with 401 before any handler runs or anything is stored; a
/// token as Teams sends it is accepted, so the refusals are not the setup refusing everything.
/// </summary>
public sealed class InboundTokenCorpusTests(InboundTokenCorpusTests.HostFixture fixture) : IClassFixture<InboundTokenCorpusTests.HostFixture>
{
    public sealed class HostFixture : IAsyncLifetime
    {
        public LoopbackTokenAuthority Authority { get; private set; } = null!;
        public LoopbackConnector Connector { get; private set; } = null!;
        public TestDatabase Database { get; } = TestDatabase.CreateSqlite();
        public CountingBot.Counter Handled { get; } = new();
        public CoachHost Host { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Authority = await LoopbackTokenAuthority.StartAsync();
            Connector = await LoopbackConnector.StartAsync();
            Host = new CoachHost("Production", CoachHost.Settings(Database, [.. Authority.HostSettings, ("Coach:AllowedTenants:0", CoachHost.Tenant)]), CountingBot.Around(Handled));
            _ = Host.CreateClient();
        }

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            await Connector.DisposeAsync();
            await Authority.DisposeAsync();
            await Database.DisposeAsync();
        }
    }

    private delegate string[] Headers(LoopbackTokenAuthority authority, Uri serviceUrl);

    private static string Bearer(string token) => $"Bearer {token}";

    private static string[] One(string header) => [header];

    private static JsonObject With(JsonObject claims, Action<JsonObject> change)
    {
        change(claims);
        return claims;
    }

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static readonly Dictionary<string, Headers> BadTokens = new()
    {
        ["no Authorization header"] = (_, _) => [],
        ["Basic scheme"] = (_, _) => One("Basic dXNlcjpwYXNz"),
        ["Bearer with an empty token"] = (_, _) => One("Bearer "),
        ["Bearer with garbage"] = (_, _) => One("Bearer not-a-token"),
        ["a valid token under another scheme"] = (a, u) => One($"Token {a.Token(ValidClaims(u))}"),
        ["a valid token without a scheme"] = (a, u) => One(a.Token(ValidClaims(u))),
        ["Bearer with the token followed by more"] = (a, u) => One($"Bearer {a.Token(ValidClaims(u))} extra"),
        ["unsigned (alg none)"] = (_, u) => One(Bearer($"{Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Base64Url(ValidClaims(u).ToJsonString())}.")),
        ["unsigned (alg none) naming the Teams key"] = (_, u) => One(Bearer($"{Base64Url($"{{\"alg\":\"none\",\"kid\":\"{TeamsKeyId}\"}}")}.{Base64Url(ValidClaims(u).ToJsonString())}.")),
        ["signed with another key under the Teams key id"] = (a, u) => One(Bearer(Sign(Header(TeamsKeyId), ValidClaims(u), a.AttackerKey))),
        ["signed with a key id nobody publishes"] = (a, u) => One(Bearer(Sign(Header("attacker-key"), ValidClaims(u), a.AttackerKey))),
        ["without a key id"] = (a, u) => One(Bearer(Sign(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT" }, ValidClaims(u), a.AttackerKey))),
        ["the attacker's key embedded in the header (jwk)"] = (a, u) => One(Bearer(Sign(EmbeddedKey(a.AttackerKey), ValidClaims(u), a.AttackerKey))),
        ["the attacker's key set named in the header (jku)"] = (a, u) => One(Bearer(Sign(With(Header("attacker-key"), h => h["jku"] = "https://attacker.example/keys"), ValidClaims(u), a.AttackerKey))),
        ["HS256 with the Teams public key as the secret"] = (a, u) => One(Bearer(Hs256(Header(TeamsKeyId, "HS256"), ValidClaims(u), a.TeamsKey.ExportSubjectPublicKeyInfo()))),
        ["HS256 with a guessed secret"] = (_, u) => One(Bearer(Hs256(Header(TeamsKeyId, "HS256"), ValidClaims(u), Encoding.UTF8.GetBytes("not-a-real-secret")))),
        ["header says RS512, signed with RS256"] = (a, u) => One(Bearer(Sign(Header(TeamsKeyId, "RS512"), ValidClaims(u), a.TeamsKey))),
        ["truncated signature"] = (a, u) => One(Bearer(a.Token(ValidClaims(u))[..^12])),
        ["signature removed"] = (a, u) => One(Bearer(a.Token(ValidClaims(u))[..(a.Token(ValidClaims(u)).LastIndexOf('.') + 1)])),
        ["claims changed after signing"] = (a, u) => One(Bearer(Tampered(a.Token(ValidClaims(new Uri("https://attacker.example/"))), ValidClaims(u)))),
        ["wrong audience (the Bot Framework itself)"] = (a, u) => One(Bearer(a.Token(With(ValidClaims(u), c => c["aud"] = "https://api.botframework.com")))),
        ["token for another app id"] = (a, u) => One(Bearer(a.Token(With(ValidClaims(u), c => c["aud"] = "0b6f1d2e-3c4a-4b5c-8d9e-0f1a2b3c4d5e")))),
        ["no audience"] = (a, u) => One(Bearer(a.Token(With(ValidClaims(u), c => c.Remove("aud"))))),
        ["wrong issuer"] = (a, u) => One(Bearer(a.Token(With(ValidClaims(u), c => c["iss"] = "https://api.botframework.attacker.example")))),
        ["no issuer"] = (a, u) => One(Bearer(a.Token(With(ValidClaims(u), c => c.Remove("iss"))))),
        ["Azure AD (Emulator) issuer, signed with the Teams key"] = (a, u) => One(Bearer(a.Token(With(ValidClaims(u), c =>
        {
            c["iss"] = "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0";
            c["ver"] = "2.0";
            c["azp"] = AppId;
        })))),
        ["a skill's token (appid of another bot)"] = (a, u) => One(Bearer(a.Token(With(ValidClaims(u), c =>
        {
            c["ver"] = "1.0";
            c["appid"] = "0b6f1d2e-3c4a-4b5c-8d9e-0f1a2b3c4d5e";
        })))),
        ["expired beyond the clock skew"] = (a, u) => One(Bearer(a.Token(With(ValidClaims(u), c => { c["nbf"] = Now - 3600; c["exp"] = Now - 600; })))),
        ["not yet valid"] = (a, u) => One(Bearer(a.Token(With(ValidClaims(u), c => { c["nbf"] = Now + 600; c["exp"] = Now + 4200; })))),
        ["no expiry"] = (a, u) => One(Bearer(a.Token(With(ValidClaims(u), c => c.Remove("exp"))))),
        ["serviceUrl claim of another service"] = (a, _) => One(Bearer(a.Token(ValidClaims(new Uri("https://smba.trafficmanager.net.attacker.example/emea/"))))),
        ["no serviceUrl claim"] = (a, u) => One(Bearer(a.Token(With(ValidClaims(u), c => c.Remove("serviceurl"))))),
        ["signing key endorsed for Web Chat only"] = (a, u) => One(Bearer(Sign(Header(WebChatKeyId), ValidClaims(u), a.WebChatKey))),
        ["two Authorization headers, both valid tokens"] = (a, u) => [Bearer(a.Token(ValidClaims(u))), Bearer(a.Token(ValidClaims(u)))],
        ["two Authorization headers, garbage first"] = (a, u) => ["Bearer not-a-token", Bearer(a.Token(ValidClaims(u)))],
        ["oversized token (valid signature, 64 KB of claims)"] = (a, u) => One(Bearer(a.Token(With(ValidClaims(u), c => c["padding"] = new string('x', 64 * 1024))))),
        ["oversized garbage (1 MB)"] = (_, _) => One(Bearer(new string('A', 1024 * 1024))),
        ["control characters in the token"] = (a, u) => One(Bearer(a.Token(ValidClaims(u)).Insert(20, "\u0001\u0007"))),
    };

    public static TheoryData<string> BadTokenKinds => new(BadTokens.Keys);

    [Fact]
    public void TheCorpusHoldsAtLeastTwentyKindsOfBadToken() => Assert.True(BadTokens.Count >= 20, $"{BadTokens.Count} kinds");

    [Theory]
    [MemberData(nameof(BadTokenKinds))]
    public async Task ABadTokenIsRefusedWith401BeforeAnyHandlerRunsOrAnythingIsStored(string kind)
    {
        var handledBefore = fixture.Handled.Turns;
        var callsBefore = fixture.Connector.Calls.Count;

        var response = await SendAsync(fixture.Host, CoachHost.Message(fixture.Connector.ServiceUrl, "hilfe"), BadTokens[kind](fixture.Authority, fixture.Connector.ServiceUrl));

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{kind}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(handledBefore, fixture.Handled.Turns);
        Assert.Equal(callsBefore, fixture.Connector.Calls.Count);
        var rows = await DatabaseRows.CountAsync(fixture.Database);
        Assert.True(rows.Total() == 0, $"{kind}: stored {rows.Describe()}");
    }

    [Fact]
    public async Task ATokenAsTeamsSendsItIsAcceptedAndTheTurnIsHandled()
    {
        await using var database = TestDatabase.CreateSqlite();
        var handled = new CountingBot.Counter();
        await using var host = new CoachHost("Production", CoachHost.Settings(database, [.. fixture.Authority.HostSettings, ("Coach:AllowedTenants:0", CoachHost.Tenant)]), CountingBot.Around(handled));

        // A card button whose answer comes back in the HTTP response, so the turn needs no outbound token.
        var invoke = CoachHost.CardAction(fixture.Connector.ServiceUrl, "coach.unknown-verb");
        var response = await SendAsync(host, invoke, [Bearer(fixture.Authority.Token(ValidClaims(fixture.Connector.ServiceUrl)))]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("Diese Aktion kenne ich nicht", answer["value"]!.GetValue<string>());
        Assert.Equal(1, handled.Turns);
        Assert.Equal(1, await host.StoredConversationsAsync());
    }

    [Fact]
    public async Task ATokenExpiredWithinTheClockSkewIsStillAccepted()
    {
        await using var database = TestDatabase.CreateSqlite();
        var handled = new CountingBot.Counter();
        await using var host = new CoachHost("Production", CoachHost.Settings(database, [.. fixture.Authority.HostSettings, ("Coach:AllowedTenants:0", CoachHost.Tenant)]), CountingBot.Around(handled));
        var claims = With(ValidClaims(fixture.Connector.ServiceUrl), c => { c["nbf"] = Now - 3600; c["exp"] = Now - 120; });

        var response = await SendAsync(host, CoachHost.CardAction(fixture.Connector.ServiceUrl, "coach.unknown-verb"), [Bearer(fixture.Authority.Token(claims))]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, handled.Turns);
    }

    private static async Task<HttpResponseMessage> SendAsync(CoachHost host, JsonObject activity, string[] authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        foreach (var header in authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", header);
        }

        return await host.CreateClient().SendAsync(request);
    }

    private static JsonObject EmbeddedKey(RSA key)
    {
        var parameters = key.ExportParameters(false);
        return new JsonObject
        {
            ["alg"] = "RS256",
            ["typ"] = "JWT",
            ["jwk"] = new JsonObject { ["kty"] = "RSA", ["n"] = Base64Url(parameters.Modulus!), ["e"] = Base64Url(parameters.Exponent!) },
        };
    }

    private static string Hs256(JsonObject header, JsonObject claims, byte[] secret)
    {
        var signed = $"{Base64Url(header.ToJsonString())}.{Base64Url(claims.ToJsonString())}";
        return $"{signed}.{Base64Url(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signed)))}";
    }

    // The header and signature of a real token around other claims.
    private static string Tampered(string token, JsonObject claims)
    {
        var parts = token.Split('.');
        return $"{parts[0]}.{Base64Url(claims.ToJsonString())}.{parts[2]}";
    }
}
