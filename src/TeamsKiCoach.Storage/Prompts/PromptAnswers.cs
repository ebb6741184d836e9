using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Storage.Backlog;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Storage.Prompts;

/// <summary>What a person filled into their prompt card.</summary>
public sealed record PromptReply(string Text, Frequency Frequency, int? MinutesLost, bool Anonymous, string? TeamId);

public abstract record AnswerResult
{
    private AnswerResult()
    {
    }

    /// <summary>The entry went into the backlog of <paramref name="TeamId"/> with this number.</summary>
    public sealed record Recorded(int EntryNumber, string TeamId, bool Anonymous, bool TextWasCut) : AnswerResult;

    public sealed record NothingToday : AnswerResult;

    /// <summary>A second submit of the same prompt: nothing new is stored. The number only for named entries.</summary>
    public sealed record AlreadyAnswered(PromptAnswer Answer, int? EntryNumber) : AnswerResult;

    /// <summary>Someone answers a prompt that was sent to another person.</summary>
    public sealed record NotYours : AnswerResult;

    public sealed record NotFound : AnswerResult;

    public sealed record Invalid(AnswerProblem Problem) : AnswerResult;
}

public enum AnswerProblem
{
    EmptyText,
    MinutesOutOfRange,
    UnknownTeam,
}

/// <summary>
/// Takes answers to daily prompts into the team backlog: once per prompt, only from the person it was sent to.
/// With a <paramref name="grouper"/> (the host's) an answer is placed in its pattern as it arrives; without one
/// (a test's composition) the next read of the backlog places it.
/// </summary>
public sealed class PromptAnswers(CoachDbFactory dbFactory, TimeProvider clock, Coaching.Backlog.Patterns.IPatternGrouper? grouper = null)
{
    public const int MaxMinutes = 8 * 60;

    public async Task<DailyPrompt?> FindAsync(string tenantId, long promptId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return await db.DailyPrompts.AsNoTracking().SingleOrDefaultAsync(p => p.Id == promptId, cancellationToken);
    }

    /// <summary>
    /// Records an answer. <paramref name="actorAadObjectId"/> is who clicked, from the Teams activity, never from
    /// the card. <paramref name="reply"/> null means "Heute nichts".
    /// </summary>
    public async Task<AnswerResult> AnswerAsync(string tenantId, string actorAadObjectId, long promptId, PromptReply? reply, CancellationToken cancellationToken)
    {
        if (reply is not null && Problem(reply) is { } problem)
        {
            return new AnswerResult.Invalid(problem);
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await AnswerOnceAsync(tenantId, actorAadObjectId, promptId, reply, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another entry of the same team took the number at the same moment; take the next one.
            }
        }
    }

    private async Task<AnswerResult> AnswerOnceAsync(string tenantId, string actorAadObjectId, long promptId, PromptReply? reply, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var prompt = await db.DailyPrompts.AsNoTracking().SingleOrDefaultAsync(p => p.Id == promptId, cancellationToken);
        if (prompt is null)
        {
            return new AnswerResult.NotFound();
        }

        if (prompt.RecipientAadObjectId != actorAadObjectId)
        {
            return new AnswerResult.NotYours();
        }

        var teamId = reply?.TeamId ?? prompt.TeamId;
        if (reply is not null && teamId != prompt.TeamId && !(await TeamDirectory.RoleAsync(db, teamId, actorAadObjectId, cancellationToken)).OnRoster)
        {
            return new AnswerResult.Invalid(AnswerProblem.UnknownTeam);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var answer = reply is null ? PromptAnswer.NothingToday : PromptAnswer.Entry;

        // Claiming the prompt first makes a double click or two devices store one answer.
        var claimed = await db.DailyPrompts
            .Where(p => p.Id == promptId && p.Answer == PromptAnswer.None)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Answer, answer), cancellationToken);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            var stored = await db.DailyPrompts.AsNoTracking().SingleAsync(p => p.Id == promptId, cancellationToken);
            return new AnswerResult.AlreadyAnswered(stored.Answer, stored.EntryNumber);
        }

        await db.PersonSettings
            .Where(p => p.AadObjectId == actorAadObjectId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.BackoffNoticeAt, (DateTimeOffset?)null), cancellationToken);

        if (reply is null)
        {
            await transaction.CommitAsync(cancellationToken);
            return new AnswerResult.NothingToday();
        }

        var (text, cut) = BacklogEntry.CleanText(reply.Text);
        var entry = await BacklogWriter.AddAsync(db, new BacklogEntry
        {
            TenantId = tenantId,
            TeamId = teamId,
            Text = text,
            Frequency = reply.Frequency,
            MinutesLost = reply.MinutesLost,
            AuthorAadObjectId = reply.Anonymous ? null : actorAadObjectId,
            Source = EntrySource.Prompt,
            PromptDate = prompt.LocalDate,
            CreatedAt = clock.GetUtcNow(),
        }, cancellationToken);

        if (!reply.Anonymous)
        {
            await db.DailyPrompts.Where(p => p.Id == promptId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.EntryNumber, entry.Number), cancellationToken);
        }

        if (grouper is not null)
        {
            await PatternStore.PlaceNewAsync(db, teamId, grouper, clock.GetUtcNow(), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new AnswerResult.Recorded(entry.Number, teamId, reply.Anonymous, cut);
    }

    private static AnswerProblem? Problem(PromptReply reply) =>
        string.IsNullOrWhiteSpace(reply.Text) ? AnswerProblem.EmptyText
        : reply.MinutesLost is < 0 or > MaxMinutes ? AnswerProblem.MinutesOutOfRange
        : null;
}
