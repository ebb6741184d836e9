using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsKiCoach.Ai;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog;

namespace TeamsKiCoach.Tests.Assessment;

/// <summary>
/// The real provider clients, each against a canned HTTP answer: the request carries the JSON schema as the
/// response format and the entries inside the fence, and the provider's answer comes back as an AI suggestion.
/// No network: the HTTP handler answers in process.
/// </summary>
public sealed class ProviderWireTests
{
    private static readonly AssessmentSubject Subject = AssessmentSubjects.Single("Rechnungen von Hand ins ERP abtippen", Frequency.Daily);

    [Fact]
    public async Task OllamaGetsTheSchemaAsItsFormatAndItsAnswerIsParsed()
    {
        var handler = new CannedHandler(_ => JsonSerializer.Serialize(new
        {
            model = "llama3.2",
            created_at = "2026-11-25T10:00:00Z",
            message = new { role = "assistant", content = AssessmentModelAnswers.ValidAnswer() },
            done = true,
            done_reason = "stop",
        }) + "\n");
        var options = new AiOptions { Provider = AiProvider.Ollama, Endpoint = new Uri("http://127.0.0.1:11434"), Model = "llama3.2" };
        var engine = new KernelAssessmentEngine(AssessmentServices.CreateKernel(options, new HttpClient(handler)), new RuleAssessmentEngine(), options.Timeout);

        var result = await engine.AssessAsync(Subject, AssessmentText.German, CancellationToken.None);

        Assert.Equal(AssessmentSource.Ai, result.Source);
        var request = Assert.Single(handler.Requests);
        Assert.EndsWith("/api/chat", request.Path);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("llama3.2", (string?)body["model"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(AssessmentReply.Schema.GetRawText()), body["format"]), body["format"]?.ToJsonString());
        Assert.Contains("Rechnungen von Hand ins ERP abtippen", (string?)body["messages"]![1]!["content"]);
    }

    [Fact]
    public async Task OpenAIGetsAStrictJsonSchemaResponseFormatAndItsAnswerIsParsed()
    {
        var handler = new CannedHandler(_ => JsonSerializer.Serialize(new
        {
            id = "chatcmpl-1",
            @object = "chat.completion",
            created = 1764064800,
            model = "gpt-4o-mini",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = AssessmentModelAnswers.ValidAnswer() }, finish_reason = "stop" } },
        }));
        var options = new AiOptions { Provider = AiProvider.OpenAI, Endpoint = new Uri("http://127.0.0.1:8080/v1"), Model = "gpt-4o-mini", ApiKey = "test-key" };
        var engine = new KernelAssessmentEngine(AssessmentServices.CreateKernel(options, new HttpClient(handler)), new RuleAssessmentEngine(), options.Timeout);

        var result = await engine.AssessAsync(Subject, AssessmentText.English, CancellationToken.None);

        Assert.Equal(AssessmentSource.Ai, result.Source);
        var request = Assert.Single(handler.Requests);
        Assert.EndsWith("/chat/completions", request.Path);
        var format = JsonNode.Parse(request.Body)!["response_format"]!;
        Assert.Equal("json_schema", (string?)format["type"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(AssessmentReply.Schema.GetRawText()), format["json_schema"]!["schema"]), format.ToJsonString());
        Assert.True((bool?)format["json_schema"]!["strict"]);
        Assert.Null(JsonNode.Parse(request.Body)!["tools"]);
    }

    [Fact]
    public async Task AProviderErrorFallsBackToTheRules()
    {
        var handler = new CannedHandler(_ => "{\"error\":{\"message\":\"invalid api key\"}}", HttpStatusCode.Unauthorized);
        var options = new AiOptions { Provider = AiProvider.OpenAI, Endpoint = new Uri("http://127.0.0.1:8080/v1"), Model = "gpt-4o-mini", ApiKey = "wrong" };
        var engine = new KernelAssessmentEngine(AssessmentServices.CreateKernel(options, new HttpClient(handler)), new RuleAssessmentEngine(), options.Timeout);

        var result = await engine.AssessAsync(Subject, AssessmentText.German, CancellationToken.None);

        Assert.Equal(AssessmentSource.Rules, result.Source);
        Assert.Equal("Die KI war nicht erreichbar; das ist der Vorschlag der Regeln.", result.Note);
    }

    private sealed class CannedHandler(Func<string, string> answer, HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
    {
        public List<(string Path, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add((request.RequestUri!.AbsolutePath, body));
            return new HttpResponseMessage(status) { Content = new StringContent(answer(body), Encoding.UTF8, "application/json") };
        }
    }
}
