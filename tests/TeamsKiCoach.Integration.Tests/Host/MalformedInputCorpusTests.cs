using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Host;

/// <summary>
/// Everything that is not a well-formed Teams activity, sent to the real host over HTTP: never a server error,
/// never a failed turn, a status that says what was wrong, and not one row more in the database. The person
/// and chat the corpus writes from are known to the bot already (one ordinary message first), so whatever a
/// case stores would show as a new row.
/// </summary>
public sealed class MalformedInputCorpusTests(MalformedInputCorpusTests.HostFixture fixture) : IClassFixture<MalformedInputCorpusTests.HostFixture>
{
    public sealed class HostFixture : IAsyncLifetime
    {
        public LoopbackConnector Connector { get; private set; } = null!;
        public TestDatabase Database { get; } = TestDatabase.CreateSqlite();
        public CoachHost Host { get; private set; } = null!;
        public IReadOnlyDictionary<string, long> Seeded { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Connector = await LoopbackConnector.StartAsync();
            Host = CoachHost.Development(Database);
            var first = await Host.PostActivityAsync(CoachHost.Message(Connector.ServiceUrl, "hilfe"));
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Seeded = await DatabaseRows.CountAsync(Database);
            Assert.True(Seeded.Total() > 0, "the ordinary message was not stored");
        }

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            await Connector.DisposeAsync();
            await Database.DisposeAsync();
        }
    }

    private const int Ok = 200;
    private const int BadRequest = 400;
    private const int Forbidden = 403;
    private const int MethodNotAllowed = 405;
    private const int TooLarge = 413;
    private const int UnsupportedMediaType = 415;

    private sealed record Case(Func<Uri, HttpRequestMessage> Request, params int[] Allowed);

    private static HttpRequestMessage Raw(byte[] body, string? contentType = "application/json", HttpMethod? method = null)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return new HttpRequestMessage(method ?? HttpMethod.Post, "/api/messages") { Content = content };
    }

    private static HttpRequestMessage Raw(string body, string? contentType = "application/json") => Raw(Encoding.UTF8.GetBytes(body), contentType);

    private static Case Body(string body, params int[] allowed) => new(_ => Raw(body), allowed);

    private static Case Message(Action<JsonObject> change, params int[] allowed) => new(url =>
    {
        var message = CoachHost.Message(url, "hilfe");
        change(message);
        return Raw(message.ToJsonString());
    }, allowed);

    private static Case MessageText(Func<Uri, string> json, params int[] allowed) => new(url => Raw(json(url)), allowed);

    private static Case Invoke(Action<JsonObject> change, params int[] allowed) => new(url =>
    {
        var invoke = CoachHost.CardAction(url, "prompt.answer");
        change(invoke);
        return Raw(invoke.ToJsonString());
    }, allowed);

    private static Case ActionValue(JsonNode? value, params int[] allowed) => Invoke(i => i["value"] = value, allowed);

    private static Case Action(Action<JsonObject> change, params int[] allowed) => Invoke(i => change(i["value"]!["action"]!.AsObject()), allowed);

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    private static readonly Dictionary<string, Case> Corpus = new()
    {
        // Not JSON, or not one JSON object
        ["empty body"] = Body("", BadRequest),
        ["only whitespace"] = Body(" \r\n\t ", BadRequest),
        ["not JSON"] = Body("hilfe", BadRequest),
        ["broken JSON"] = Body("{not json", BadRequest),
        ["truncated JSON"] = MessageText(url => CoachHost.Message(url, "hilfe").ToJsonString()[..120], BadRequest),
        ["JSON array"] = Body("[{\"type\":\"message\"}]", BadRequest),
        ["JSON number"] = Body("42", BadRequest),
        ["JSON string"] = Body("\"message\"", BadRequest),
        ["JSON null"] = Body("null", BadRequest),
        ["JSON true"] = Body("true", BadRequest),
        ["empty object"] = Body("{}", BadRequest),
        ["garbage after the object"] = MessageText(url => CoachHost.Message(url, "hilfe").ToJsonString() + " trailing", BadRequest),
        ["two objects"] = MessageText(url => CoachHost.Message(url, "hilfe").ToJsonString() + CoachHost.Message(url, "hilfe").ToJsonString(), BadRequest),
        ["single-quoted JSON"] = MessageText(url => CoachHost.Message(url, "hilfe").ToJsonString().Replace('"', '\''), BadRequest),
        ["JSON with comments"] = MessageText(url => "/* hi */" + CoachHost.Message(url, "hilfe").ToJsonString(), BadRequest),
        ["invalid UTF-8"] = new(url => Raw([.. Encoding.UTF8.GetBytes(CoachHost.Message(url, "hilfe").ToJsonString()[..^1] + ",\"x\":\""), 0xC3, 0x28, 0xFF, 0xFE, .. "\"}"u8.ToArray()]), BadRequest),
        ["UTF-16 body"] = new(url => Raw(Encoding.Unicode.GetBytes(CoachHost.Message(url, "hilfe").ToJsonString()), "application/json; charset=utf-16"), BadRequest, UnsupportedMediaType),
        ["nested 10,000 deep"] = new(url => Raw(CoachHost.Message(url, "hilfe").ToJsonString()[..^1] + ",\"deep\":" + Nested(10_000) + "}"), BadRequest),
        ["nested 100 deep"] = new(url => Raw(CoachHost.Message(url, "hilfe").ToJsonString()[..^1] + ",\"deep\":" + Nested(100) + "}"), BadRequest),
        ["nested 60 deep in channelData"] = new(url => Raw(CoachHost.Message(url, "hilfe").ToJsonString()[..^1] + ",\"channelData\":{\"tenant\":{\"id\":\"tenant-contoso\"},\"x\":" + Nested(60) + "}}"), Ok, BadRequest),
        ["body over the limit"] = Message(m => m["text"] = new string('x', 300_000), TooLarge),
        ["body over the limit in many small fields"] = Message(m => m["entities"] = new JsonArray(Enumerable.Range(0, 30_000).Select(i => (JsonNode)new JsonObject { ["type"] = "x" }).ToArray()), TooLarge),

        // Content type and method
        ["no content type"] = new(url => Raw(Encoding.UTF8.GetBytes(CoachHost.Message(url, "hilfe").ToJsonString()), contentType: null), UnsupportedMediaType),
        ["text/plain"] = new(url => Raw(CoachHost.Message(url, "hilfe").ToJsonString(), "text/plain"), UnsupportedMediaType),
        ["form post"] = new(_ => Raw("type=message&text=hilfe", "application/x-www-form-urlencoded"), UnsupportedMediaType),
        ["XML"] = new(_ => Raw("<activity type=\"message\"/>", "application/xml"), UnsupportedMediaType),
        ["GET"] = new(_ => new HttpRequestMessage(HttpMethod.Get, "/api/messages"), MethodNotAllowed),
        ["PUT"] = new(url => Raw(Encoding.UTF8.GetBytes(CoachHost.Message(url, "hilfe").ToJsonString()), method: HttpMethod.Put), MethodNotAllowed),

        // Type and routing fields
        ["no type"] = Message(m => m.Remove("type"), BadRequest),
        ["type null"] = Message(m => m["type"] = null, BadRequest),
        ["type a number"] = Message(m => m["type"] = 1, BadRequest),
        ["type an object"] = Message(m => m["type"] = new JsonObject(), BadRequest),
        ["unknown activity type"] = Message(m => m["type"] = "launchMissiles", Ok),
        ["event"] = Message(m => { m["type"] = "event"; m["name"] = "application/vnd.microsoft.meetingStart"; }, Ok),
        ["typing"] = Message(m => m["type"] = "typing", Ok),
        ["messageReaction without reactions"] = Message(m => m["type"] = "messageReaction", Ok),
        ["messageUpdate"] = Message(m => m["type"] = "messageUpdate", Ok),
        ["messageDelete"] = Message(m => m["type"] = "messageDelete", Ok),
        ["endOfConversation"] = Message(m => m["type"] = "endOfConversation", Ok),
        ["trace"] = Message(m => m["type"] = "trace", Ok),
        ["no serviceUrl"] = Message(m => m.Remove("serviceUrl"), BadRequest),
        ["serviceUrl javascript:"] = Message(m => m["serviceUrl"] = "javascript:alert(1)", BadRequest),
        ["serviceUrl a file"] = Message(m => m["serviceUrl"] = "file:///etc/passwd", BadRequest),
        ["no channelId"] = Message(m => m.Remove("channelId"), Ok),
        ["channelId a number"] = Message(m => m["channelId"] = 7, BadRequest),
        ["channelId an object"] = Message(m => m["channelId"] = new JsonObject(), BadRequest),

        // Who, where and which tenant
        ["no from"] = Message(m => m.Remove("from"), Ok),
        ["from null"] = Message(m => m["from"] = null, Ok),
        ["from a string"] = Message(m => m["from"] = "29:aad-anna", BadRequest),
        ["from.id a number"] = Message(m => m["from"]!["id"] = 29, BadRequest),
        ["from.aadObjectId an array"] = Message(m => m["from"]!["aadObjectId"] = new JsonArray("a", "b"), BadRequest),
        ["no conversation"] = Message(m => m.Remove("conversation"), BadRequest),
        ["conversation null"] = Message(m => m["conversation"] = null, BadRequest),
        ["conversation an array"] = Message(m => m["conversation"] = new JsonArray(), BadRequest),
        ["conversation.id a number"] = Message(m => m["conversation"]!["id"] = 12345, BadRequest),
        ["conversation without id"] = Message(m => m["conversation"]!.AsObject().Remove("id"), BadRequest),
        ["no recipient"] = Message(m => m.Remove("recipient"), Ok),
        ["recipient a number"] = Message(m => m["recipient"] = 28, BadRequest),
        ["no channelData and no conversation tenant"] = Message(m => { m.Remove("channelData"); m["conversation"]!.AsObject().Remove("tenantId"); }, Ok),
        ["channelData a string"] = Message(m => { m["channelData"] = "tenant-contoso"; m["conversation"]!.AsObject().Remove("tenantId"); }, Ok),
        ["tenant of channelData differs from the conversation's"] = Message(m => m["channelData"]!["tenant"]!["id"] = "tenant-fabrikam", Ok),
        ["tenant id null"] = Message(m => { m["channelData"]!["tenant"]!["id"] = null; m["conversation"]!["tenantId"] = null; }, Ok),
        ["tenant id a number"] = Message(m => { m["channelData"]!["tenant"]!["id"] = 5; m["conversation"]!["tenantId"] = 5; }, BadRequest),
        ["tenant id of channelData a number, the conversation's text"] = Message(m => m["channelData"]!["tenant"]!["id"] = 5, Ok),

        // Field values
        ["text a number"] = Message(m => m["text"] = 42, BadRequest),
        ["text an object"] = Message(m => m["text"] = new JsonObject { ["de"] = "hilfe" }, BadRequest),
        ["text null"] = Message(m => m["text"] = null, Ok),
        ["text of 200,000 characters"] = Message(m => m["text"] = new string('a', 200_000), Ok),
        ["text with control characters and NUL"] = Message(m => m["text"] = "hil\u0000fe\u0001\u001b[31m\u0007", Ok),
        ["text with lone surrogates"] = MessageText(url => CoachHost.Message(url, "x").ToJsonString().Replace("\"text\":\"x\"", "\"text\":\"\\ud800hilfe\\udfff\"", StringComparison.Ordinal), Ok, BadRequest),
        ["from.name of 100,000 characters"] = Message(m => m["from"]!["name"] = new string('n', 100_000), Ok),
        ["id of 50,000 characters"] = Message(m => m["id"] = new string('1', 50_000), BadRequest),
        ["timestamp not a date"] = Message(m => m["timestamp"] = "yesterday at noon", BadRequest, Ok),
        ["timestamp a number"] = Message(m => m["timestamp"] = 1_700_000_000, BadRequest, Ok),
        ["locale not a culture"] = Message(m => m["locale"] = "xx-INVALID-@@!", Ok),
        ["locale of 10,000 characters"] = Message(m => m["locale"] = new string('d', 10_000), Ok),
        ["entities an object"] = Message(m => m["entities"] = new JsonObject { ["type"] = "clientInfo" }, BadRequest),
        ["entities a string"] = Message(m => m["entities"] = "clientInfo", BadRequest),
        ["time zone that is a path"] = Message(m => m["entities"]![0]!["timezone"] = "../../../../etc/passwd", Ok),
        ["attachments a string"] = Message(m => m["attachments"] = "card", BadRequest),
        ["attachments with a null"] = Message(m => m["attachments"] = new JsonArray((JsonNode?)null), Ok),
        ["value of a submitted card that is garbage"] = Message(m => { m.Remove("text"); m["value"] = new JsonObject { ["verb"] = 5, ["promptId"] = new JsonArray() }; }, Ok),
        ["submitted card answering a prompt that does not exist"] = Message(m => { m.Remove("text"); m["value"] = new JsonObject { ["verb"] = "prompt.answer", ["promptId"] = "00000000-0000-0000-0000-000000000000", ["answer"] = "x" }; }, Ok),

        // Invokes
        ["invoke without a name"] = Invoke(i => i.Remove("name"), BadRequest),
        ["invoke with an unknown name"] = Invoke(i => i["name"] = "coach/selfDestruct", BadRequest),
        ["invoke name a number"] = Invoke(i => i["name"] = 7, BadRequest),
        ["task/fetch (no task modules)"] = Invoke(i => i["name"] = "task/fetch", BadRequest),
        ["composeExtension/query (no message extension)"] = Invoke(i => i["name"] = "composeExtension/query", BadRequest),
        ["signin/verifyState (no sign-in)"] = Invoke(i => { i["name"] = "signin/verifyState"; i["value"] = new JsonObject { ["state"] = "x" }; }, BadRequest, Ok),
        ["adaptiveCard/action without value"] = Invoke(i => i.Remove("value"), BadRequest),
        ["adaptiveCard/action value null"] = ActionValue(null, BadRequest),
        ["adaptiveCard/action value a string"] = ActionValue("prompt.answer", BadRequest),
        ["adaptiveCard/action value an array"] = ActionValue(new JsonArray(), BadRequest),
        ["adaptiveCard/action without action"] = ActionValue(new JsonObject { ["trigger"] = "manual" }, BadRequest),
        ["adaptiveCard/action action a string"] = ActionValue(new JsonObject { ["action"] = "Action.Execute" }, BadRequest),
        ["adaptiveCard/action of type Action.Submit"] = Action(a => a["type"] = "Action.Submit", BadRequest),
        ["adaptiveCard/action without verb"] = Action(a => a.Remove("verb"), Ok),
        ["adaptiveCard/action verb unknown"] = Action(a => a["verb"] = "prompt.delete-everything", Ok),
        ["adaptiveCard/action verb a number"] = Action(a => a["verb"] = 3, Ok),
        ["adaptiveCard/action verb an object"] = Action(a => a["verb"] = new JsonObject(), BadRequest, Ok),
        ["adaptiveCard/action data a string"] = Action(a => a["data"] = "promptId=1", Ok),
        ["adaptiveCard/action data an array"] = Action(a => a["data"] = new JsonArray(1, 2), Ok),
        ["adaptiveCard/action data null"] = Action(a => a["data"] = null, Ok),
        ["adaptiveCard/action promptId of the wrong type"] = Action(a => a["data"] = new JsonObject { ["promptId"] = new JsonObject { ["$gt"] = "" }, ["answer"] = 5 }, Ok),
        ["adaptiveCard/action prompt that does not exist"] = Action(a => a["data"] = new JsonObject { ["promptId"] = "00000000-0000-0000-0000-000000000000", ["answer"] = "x" }, Ok),
        ["adaptiveCard/action 'nothing today' for no prompt"] = Action(a => { a["verb"] = "prompt.nothing"; a["data"] = new JsonObject(); }, Ok),
        ["adaptiveCard/action from another channel"] = Invoke(i => i["channelId"] = "webchat", Forbidden),
    };

    public static TheoryData<string> Kinds => new(Corpus.Keys);

    [Fact]
    public void TheCorpusHoldsAtLeastFiftyKinds() => Assert.True(Corpus.Count >= 50, $"{Corpus.Count} kinds");

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task MalformedInputGetsAClearStatusNeverAServerErrorAndStoresNothing(string kind)
    {
        var errorsBefore = fixture.Host.Logs.Errors.Count;
        var rowsBefore = await DatabaseRows.CountAsync(fixture.Database);
        var expected = Corpus[kind];
        using var request = expected.Request(fixture.Connector.ServiceUrl);

        var response = await fixture.Host.CreateClient().SendAsync(request);

        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"{kind}: {status} {await response.Content.ReadAsStringAsync()}");
        Assert.True(expected.Allowed.Contains(status), $"{kind}: {status}, expected {string.Join(" or ", expected.Allowed)}");
        var failures = fixture.Host.Logs.Errors.Skip(errorsBefore).ToList();
        Assert.True(failures.Count == 0, $"{kind}: {string.Join(Environment.NewLine, failures)}");
        var rows = await DatabaseRows.CountAsync(fixture.Database);
        Assert.True(rows.SequenceEqual(rowsBefore), $"{kind}: stored {rows.Describe()} (before: {rowsBefore.Describe()})");
    }
}
