using Microsoft.Extensions.AI;

namespace TeamsKiCoach.Tests.Assessment;

/// <summary>A chat client that answers what a test tells it to, and records what it was asked.</summary>
public sealed class FakeChatClient(Func<CancellationToken, Task<string>> answer) : IChatClient
{
    public FakeChatClient(string text)
        : this(_ => Task.FromResult(text))
    {
    }

    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

    /// <summary>Never answers and ignores cancellation, like a server that hangs.</summary>
    public static FakeChatClient Hanging() => new(_ => new TaskCompletionSource<string>().Task);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Add((messages.ToList(), options));
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, await answer(cancellationToken)));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The assessment does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
