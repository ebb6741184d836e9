using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Coaching.Teams;

namespace TeamsKiCoach.Storage.Pilots;

/// <summary>
/// "Did the pilot relieve you?": the question planned for everyone in the team when a pilot starts, its card, and
/// the answer, kept apart from who gave it.
/// </summary>
public sealed class ReliefChecks(CoachDbFactory dbFactory, TimeProvider clock)
{
    /// <summary>A relief question not answered within this time is no longer asked (the round is over).</summary>
    public static readonly TimeSpan AnswerWindow = TimeSpan.FromDays(5);

    /// <summary>The relief question one person was asked, for its card; null when it is not theirs.</summary>
    public async Task<(ReliefAsk Ask, Pilot Pilot)?> FindAskAsync(string tenantId, string recipient, long askId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var ask = await db.ReliefAsks.AsNoTracking().SingleOrDefaultAsync(a => a.Id == askId, cancellationToken);
        if (ask is null || ask.RecipientAadObjectId != recipient)
        {
            return null;
        }

        var pilot = await db.Pilots.AsNoTracking().SingleAsync(p => p.Id == ask.PilotId, cancellationToken);
        return (ask, pilot);
    }

    /// <summary>
    /// A person's answer to their relief question. The ask is marked answered and the answer stored apart from it,
    /// with neither the person nor the time, so no row says who answered what.
    /// </summary>
    public async Task<ReliefAnswerOutcome> AnswerAsync(string tenantId, string actor, long askId, Relief answer, string? comment, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var ask = await db.ReliefAsks.SingleOrDefaultAsync(a => a.Id == askId, cancellationToken);
        if (ask is null || ask.RecipientAadObjectId != actor || !Enum.IsDefined(answer))
        {
            return ReliefAnswerOutcome.NotYours;
        }

        if (clock.GetUtcNow() > ask.DueAt + AnswerWindow)
        {
            return ReliefAnswerOutcome.Closed;
        }

        var marked = await db.ReliefAsks.Where(a => a.Id == askId && !a.Answered)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Answered, true), cancellationToken);
        if (marked == 0)
        {
            return ReliefAnswerOutcome.AlreadyAnswered;
        }

        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        db.ReliefAnswers.Add(new ReliefAnswerRecord
        {
            TenantId = tenantId,
            PilotId = ask.PilotId,
            Week = ask.Week,
            Answer = answer,
            Comment = text is { Length: > ReliefAnswerRecord.MaxCommentLength } ? text[..ReliefAnswerRecord.MaxCommentLength] : text,
        });
        await db.SaveChangesAsync(cancellationToken);
        return ReliefAnswerOutcome.Recorded;
    }

    /// <summary>
    /// The questions for a pilot that just started, inside the unit of work that starts it. Stage 4: everyone in the
    /// team is asked, since "who is relieved" is the proposer's words, not a list; "betrifft mich nicht" is an
    /// answer. The outbox holds each question until its time, in the person's own time zone.
    /// </summary>
    internal static async Task PlanAsync(CoachDbContext db, Pilot pilot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var people = pilot.TeamId.StartsWith(TeamRecord.PersonalPrefix, StringComparison.Ordinal)
            ? [pilot.TeamId[TeamRecord.PersonalPrefix.Length..]]
            : await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == pilot.TeamId).Select(m => m.AadObjectId).ToListAsync(cancellationToken);
        var chats = await db.Conversations.AsNoTracking()
            .Where(c => c.Scope == ConversationScope.Personal && c.Installed && c.UserAadObjectId != null && people.Contains(c.UserAadObjectId))
            .ToListAsync(cancellationToken);
        var settings = await db.PersonSettings.AsNoTracking().Where(s => people.Contains(s.AadObjectId)).ToDictionaryAsync(s => s.AadObjectId, cancellationToken);
        var team = await db.Teams.AsNoTracking().SingleOrDefaultAsync(t => t.TeamId == pilot.TeamId, cancellationToken);
        var recipients = people.Select(p => new ReliefRecipient(
            p,
            chats.Where(c => c.UserAadObjectId == p).OrderByDescending(c => c.LastSeenAt).FirstOrDefault()?.TimeZone,
            settings.GetValueOrDefault(p)?.PromptTime));
        var asks = new List<(ReliefCheckDue Due, ReliefAsk Ask)>();
        foreach (var due in ReliefCheckSchedule.For(pilot.StartedAt ?? now, recipients, team is null ? TeamCalendar.Default : TeamCalendar.From(team)))
        {
            var ask = new ReliefAsk
            {
                TenantId = db.TenantId,
                TeamId = pilot.TeamId,
                PilotId = pilot.Id,
                Week = due.Week,
                RecipientAadObjectId = due.AadObjectId,
                DueAt = due.DueAt,
            };
            db.ReliefAsks.Add(ask);
            asks.Add((due, ask));
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var (due, ask) in asks)
        {
            db.Outbox.Add(new OutboxMessage
            {
                TenantId = db.TenantId,
                RunKey = $"relief:{pilot.Id}:w{due.Week}",
                RecipientKey = due.AadObjectId,
                RecipientAadObjectId = due.AadObjectId,
                ConversationId = chats.Where(c => c.UserAadObjectId == due.AadObjectId).OrderByDescending(c => c.LastSeenAt).FirstOrDefault()?.ConversationId,
                Kind = OutboxKind.ReliefCheck,
                SubjectId = ask.Id,
                CreatedAt = now,
                NextAttemptAt = due.DueAt,
                ExpiresAt = due.DueAt + AnswerWindow,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
