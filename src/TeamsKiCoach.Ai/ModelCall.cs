using System.Text.Json;
using Microsoft.Extensions.AI;

namespace TeamsKiCoach.Ai;

/// <summary>How one request to the model ended: an answer to read, no answer in time, or a failed call.</summary>
public enum ModelOutcome
{
    Answered,
    TimedOut,
    Failed,
}

/// <summary>The model's text when it answered; the kind of error when the call failed.</summary>
public readonly record struct ModelAnswer(ModelOutcome Outcome, string? Text, string? Error);

/// <summary>
/// One request to a language model for a JSON answer, as every suggestion of the bot makes it: a system and a user
/// message, a deadline the model's client is told and one the wait keeps by itself (for a client that does not
/// honour cancellation). What the answer means and what is suggested instead is the caller's.
/// </summary>
public static class ModelCall
{
    public static async Task<ModelAnswer> AskAsync(
        IChatClient chat, string system, string user, ChatOptions options, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var call = chat.GetResponseAsync([new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, user)], options, linked.Token);
            var response = await call.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return new ModelAnswer(ModelOutcome.Answered, response.Text, null);
        }
        catch (Exception e) when ((e is OperationCanceledException or TimeoutException) && !cancellationToken.IsCancellationRequested)
        {
            return new ModelAnswer(ModelOutcome.TimedOut, null, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ModelAnswer(ModelOutcome.Failed, null, e.GetType().Name);
        }
    }

    /// <summary>The answer as a JSON document no deeper than <paramref name="maxDepth"/>; null with the problem otherwise.</summary>
    public static JsonDocument? Document(string? json, int maxDepth, out string problem)
    {
        problem = string.Empty;
        if (string.IsNullOrWhiteSpace(json))
        {
            problem = "empty answer";
            return null;
        }

        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = maxDepth });
        }
        catch (JsonException)
        {
            problem = "not JSON";
            return null;
        }
    }
}
