using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Storage.Pilots;

/// <summary>The messages a pilot's proposal and decisions put in the outbox, saved with the change that causes them.</summary>
internal static class PilotPlanning
{
    public const string RunPrefix = "pilot:";

    /// <summary>A decision request that could not be delivered for this long is stale: the lead sees it with "piloten".</summary>
    public static readonly TimeSpan NoticeLifetime = TimeSpan.FromDays(3);

    // The leads get the card to decide in their personal chat, the team channel a notice without buttons.
    public static async Task PlanProposalAsync(CoachDbContext db, Pilot pilot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var run = Run(pilot, "proposed");
        foreach (var lead in await TeamDirectory.LeadIdsAsync(db, pilot.TeamId, cancellationToken))
        {
            await PlanPersonalAsync(db, run, OutboxKind.PilotApproval, pilot.Id, lead, now, now + NoticeLifetime, cancellationToken);
        }

        var channel = await db.Conversations.AsNoTracking()
            .Where(c => c.TeamId == pilot.TeamId && c.Scope == ConversationScope.Channel && c.Installed)
            .OrderByDescending(c => c.ConversationId == pilot.TeamId).ThenBy(c => c.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (channel is not null)
        {
            db.Outbox.Add(new OutboxMessage
            {
                TenantId = db.TenantId,
                RunKey = run,
                RecipientKey = "channel:" + channel.ConversationId,
                ConversationId = channel.ConversationId,
                Kind = OutboxKind.PilotNotice,
                SubjectId = pilot.Id,
                CreatedAt = now,
                NextAttemptAt = now,
                ExpiresAt = now + NoticeLifetime,
            });
        }
    }

    public static async Task PlanPersonalAsync(
        CoachDbContext db, string run, OutboxKind kind, long pilotId, string recipient, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var chat = await db.Conversations.AsNoTracking()
            .Where(c => c.Scope == ConversationScope.Personal && c.Installed && c.UserAadObjectId == recipient)
            .OrderByDescending(c => c.LastSeenAt)
            .FirstOrDefaultAsync(cancellationToken);
        db.Outbox.Add(new OutboxMessage
        {
            TenantId = db.TenantId,
            RunKey = run,
            RecipientKey = recipient,
            RecipientAadObjectId = recipient,
            ConversationId = chat?.ConversationId,
            Kind = kind,
            SubjectId = pilotId,
            CreatedAt = now,
            NextAttemptAt = now,
            ExpiresAt = expires,
        });
    }

    // One run per pilot and version: a resubmitted proposal goes to the leads again, a decision once.
    public static string Run(Pilot pilot, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"{RunPrefix}{pilot.Id}:v{pilot.Version}:{what}");
}
