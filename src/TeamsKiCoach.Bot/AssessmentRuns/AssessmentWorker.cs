using System.Threading.Channels;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Hosting;
using TeamsKiCoach.Bot.Turns;

namespace TeamsKiCoach.Bot.AssessmentRuns;

/// <summary>An assessment whose suggestion a language model makes, and the card in chat that waits for it.</summary>
public sealed record AssessmentJob(string TenantId, long AssessmentId, string? Locale, ConversationReference Conversation, string CardActivityId);

public interface IAssessmentQueue
{
    /// <summary>Queues the job; false when the queue is full (the card keeps its "Neu laden" button).</summary>
    bool Enqueue(AssessmentJob job);
}

/// <summary>Replaces a card the bot sent earlier.</summary>
public interface ICardUpdater
{
    Task UpdateAsync(ConversationReference conversation, string activityId, AdaptiveCard card, CancellationToken cancellationToken);
}

/// <summary>
/// Runs the model's assessments off the request path of a Teams activity: the turn answers at once with
/// "Ich prüfe das …", and this replaces that card when the suggestion is there. The queue is in memory; an
/// assessment lost with a restart stays pending and is asked for again on the next click
/// (<see cref="Storage.Assessment.AssessmentService.PendingGiveUp"/>).
/// </summary>
public sealed class AssessmentWorker(AssessmentTurns turns, ICardUpdater updater, ILogger<AssessmentWorker> logger) : BackgroundService, IAssessmentQueue
{
    private readonly Channel<AssessmentJob> jobs = Channel.CreateBounded<AssessmentJob>(new BoundedChannelOptions(200) { FullMode = BoundedChannelFullMode.DropWrite });

    public bool Enqueue(AssessmentJob job) => jobs.Writer.TryWrite(job);

    public async Task RunAsync(AssessmentJob job, CancellationToken cancellationToken)
    {
        var card = await turns.SuggestAsync(job.TenantId, job.AssessmentId, job.Locale, cancellationToken);
        if (card is not null)
        {
            await updater.UpdateAsync(job.Conversation, job.CardActivityId, card, cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in jobs.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(job, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "The assessment {AssessmentId} of tenant {TenantId} could not be suggested or shown", job.AssessmentId, job.TenantId);
            }
        }
    }
}

/// <summary>Updates a card in Teams through the bot's adapter, in the conversation the card is in.</summary>
public sealed class TeamsCardUpdater(CoachAdapter adapter, IConfiguration configuration) : ICardUpdater
{
    public Task UpdateAsync(ConversationReference conversation, string activityId, AdaptiveCard card, CancellationToken cancellationToken) =>
        adapter.ContinueConversationAsync(configuration["MicrosoftAppId"] ?? string.Empty, conversation, async (turn, ct) =>
        {
            var update = (Activity)CardReply.Of(card);
            update.Id = activityId;
            await turn.UpdateActivityAsync(update, ct);
        }, cancellationToken);
}
