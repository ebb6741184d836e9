using Microsoft.Extensions.AI;

namespace TeamsKiCoach.Tests.Registry;

/// <summary>
/// A chat model that plays a script: each turn looks at the conversation so far and answers with text or with
/// function calls. Records every request, so a test sees which tools were offered and which results came back.
/// </summary>
internal sealed class ScriptedChatClient(params Func<IReadOnlyList<ChatMessage>, ChatResponse>[] turns) : IChatClient
{
    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

    public static Func<IReadOnlyList<ChatMessage>, ChatResponse> Say(string text) => _ => new ChatResponse(new ChatMessage(ChatRole.Assistant, text));

    public static Func<IReadOnlyList<ChatMessage>, ChatResponse> Call(string function, params (string Name, object? Value)[] arguments) =>
        CallAll((function, arguments));

    public static Func<IReadOnlyList<ChatMessage>, ChatResponse> CallAll(params (string Function, (string Name, object? Value)[] Arguments)[] calls) => _ =>
        new ChatResponse(new ChatMessage(ChatRole.Assistant, [.. calls.Select((c, i) =>
            (AIContent)new FunctionCallContent($"call-{Guid.NewGuid():N}-{i}", c.Function, c.Arguments.ToDictionary(a => a.Name, a => a.Value)))]));

    /// <summary>The function results the model was given, in order.</summary>
    public IReadOnlyList<string> Results => Calls.Count == 0 ? [] : Calls[^1].Messages
        .SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => r.Result?.ToString() ?? string.Empty).ToList();

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages.ToList();
        Calls.Add((history, options));
        var turn = Calls.Count - 1;
        return turn < turns.Length
            ? Task.FromResult(turns[turn](history))
            : throw new InvalidOperationException($"The script has {turns.Length} turns; turn {turn + 1} was asked for.");
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Registry questions do not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
