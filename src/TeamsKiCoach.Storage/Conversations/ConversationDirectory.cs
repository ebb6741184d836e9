using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Conversations;

namespace TeamsKiCoach.Storage.Conversations;

/// <summary>Keeps the conversations the bot can reach and the rosters of the teams it is installed in.</summary>
public sealed class ConversationDirectory(CoachDbFactory dbFactory, TimeProvider clock)
{
    /// <summary>
    /// Stores what an activity tells about its conversation. With <paramref name="backInTouch"/> (someone who
    /// wrote), a mark that Teams could not reach that person is cleared in the same write: they are back.
    /// </summary>
    public Task<ConversationRecord> RecordAsync(ConversationSnapshot snapshot, CancellationToken cancellationToken, string? backInTouch = null) =>
        OnceMoreOnConflictAsync(() => RecordOnceAsync(snapshot, backInTouch, cancellationToken));

    private async Task<ConversationRecord> RecordOnceAsync(ConversationSnapshot snapshot, string? backInTouch, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(snapshot.TenantId, cancellationToken);
        var now = clock.GetUtcNow();

        // Runs on every turn: the conversation and the person's reachability in one question, untracked.
        var found = await ConversationLookup.FindAsync(db, snapshot.ConversationId, backInTouch, cancellationToken);
        var record = found?.Record;
        var unreachable = found?.Unreachable
            ?? (backInTouch != null && await db.PersonSettings.AnyAsync(p => p.AadObjectId == backInTouch && p.UnreachableSince != null, cancellationToken));
        if (unreachable)
        {
            var settings = await db.PersonSettings.SingleAsync(p => p.AadObjectId == backInTouch, cancellationToken);
            settings.UnreachableSince = null;
            settings.UnreachableReason = null;
        }

        // Who writes in a team's channel is a member of that team.
        (string Team, Person Writer)? member = snapshot is { TeamId: { } team, From: { } writer, Scope: ConversationScope.Channel } ? (team, writer) : null;
        if (record is null)
        {
            record = new ConversationRecord
            {
                TenantId = snapshot.TenantId,
                ConversationId = snapshot.ConversationId,
                ServiceUrl = snapshot.ServiceUrl,
                ChannelId = snapshot.ChannelId,
                FirstSeenAt = now,
            };
            db.Conversations.Add(record);
        }
        else if (unreachable || member is not null || Take(record, snapshot, write: false) || Seen(record.LastSeenAt, now, changed: false) != record.LastSeenAt)
        {
            // Only a record that is going to be written is tracked, and from before it changes, so that the write
            // holds just the columns that changed. Most messages change nothing and only read.
            db.Conversations.Attach(record);
        }

        Take(record, snapshot, write: true);
        if (member is { } inTeam)
        {
            await UpsertMembersAsync(db, inTeam.Team, [inTeam.Writer], now, cancellationToken);
        }

        var changed = db.ChangeTracker.HasChanges();
        var seen = Seen(record.LastSeenAt, now, changed);
        if (changed || seen != record.LastSeenAt)
        {
            record.LastSeenAt = seen;
            await db.SaveChangesAsync(cancellationToken);
        }

        return record;
    }

    // What a message tells about its conversation; true when the record holds something else. With write, the
    // record is set to it.
    private static bool Take(ConversationRecord record, ConversationSnapshot snapshot, bool write)
    {
        // Only a personal chat belongs to one person; in channels and group chats the writer changes.
        var personal = snapshot.Scope == ConversationScope.Personal;
        var user = (personal ? snapshot.From?.AadObjectId : null) ?? record.UserAadObjectId;
        var teamsUser = (personal ? snapshot.From?.TeamsUserId : null) ?? record.TeamsUserId;
        var botId = snapshot.BotId ?? record.BotId;
        var teamId = snapshot.TeamId ?? record.TeamId;
        var locale = snapshot.Locale ?? record.Locale;
        var timeZone = snapshot.TimeZone ?? record.TimeZone;
        var differs = record.Scope != snapshot.Scope || record.ServiceUrl != snapshot.ServiceUrl || record.ChannelId != snapshot.ChannelId
            || record.BotId != botId || record.TeamId != teamId || record.UserAadObjectId != user || record.TeamsUserId != teamsUser
            || record.Locale != locale || record.TimeZone != timeZone || !record.Installed;
        if (write)
        {
            record.Scope = snapshot.Scope;
            record.ServiceUrl = snapshot.ServiceUrl;
            record.ChannelId = snapshot.ChannelId;
            record.BotId = botId;
            record.TeamId = teamId;
            record.UserAadObjectId = user;
            record.TeamsUserId = teamsUser;
            record.Locale = locale;
            record.TimeZone = timeZone;
            record.Installed = true;
        }

        return differs;
    }

    /// <summary>
    /// How finely "last seen" is kept: a message writes only when something about the conversation changed or
    /// the last write is this old. Most turns then only read, and the row does not log every message's time.
    /// </summary>
    public static readonly TimeSpan LastSeenStep = TimeSpan.FromHours(1);

    private static DateTimeOffset Seen(DateTimeOffset lastSeen, DateTimeOffset now, bool changed) =>
        changed || now - lastSeen >= LastSeenStep || lastSeen > now ? now : lastSeen;

    /// <summary>
    /// Claims the welcome for a conversation. Teams may announce one install with two activities at once
    /// (installationUpdate and conversationUpdate); only the first claim wins, so the welcome is sent once.
    /// </summary>
    public async Task<bool> TryClaimWelcomeAsync(string tenantId, string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var now = clock.GetUtcNow();
        var claimed = await db.Conversations
            .Where(c => c.ConversationId == conversationId && c.WelcomedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.WelcomedAt, now), cancellationToken);
        return claimed == 1;
    }

    public async Task MarkUninstalledAsync(string tenantId, string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        await db.Conversations
            .Where(c => c.ConversationId == conversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Installed, false).SetProperty(c => c.WelcomedAt, (DateTimeOffset?)null), cancellationToken);
    }

    public async Task AddTeamMembersAsync(string tenantId, string teamId, IReadOnlyCollection<Person> members, CancellationToken cancellationToken)
    {
        if (members.Count == 0)
        {
            return;
        }

        await OnceMoreOnConflictAsync(async () =>
        {
            await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
            await UpsertMembersAsync(db, teamId, members, clock.GetUtcNow(), cancellationToken);
            return await db.SaveChangesAsync(cancellationToken);
        });
    }

    public async Task RemoveTeamMembersAsync(string tenantId, string teamId, IReadOnlyCollection<string> aadObjectIds, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        await db.TeamMembers
            .Where(m => m.TeamId == teamId && aadObjectIds.Contains(m.AadObjectId))
            .ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TeamMember>> RosterAsync(string tenantId, string teamId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return await db.TeamMembers.AsNoTracking()
            .Where(m => m.TeamId == teamId)
            .OrderBy(m => m.AadObjectId)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The person's own chat with the bot, if they have one.</summary>
    public async Task<ConversationRecord?> FindPersonalAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return await db.Conversations.AsNoTracking()
            .Where(c => c.Scope == ConversationScope.Personal && c.Installed && c.UserAadObjectId == aadObjectId)
            .OrderByDescending(c => c.LastSeenAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// What is needed to open a personal chat with a team member who never wrote to the bot: their Teams user
    /// id from the roster, and the service URL and bot id of their team's channel.
    /// </summary>
    public async Task<(string TeamsUserId, string ServiceUrl, string BotId)?> RosterOriginAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var origin = await (
                from member in db.TeamMembers
                join channel in db.Conversations on member.TeamId equals channel.TeamId
                where member.AadObjectId == aadObjectId && member.TeamsUserId != null
                    && channel.Scope == ConversationScope.Channel && channel.Installed && channel.BotId != null
                orderby channel.LastSeenAt descending
                select new { member.TeamsUserId, channel.ServiceUrl, channel.BotId })
            .FirstOrDefaultAsync(cancellationToken);
        return origin is null ? null : (origin.TeamsUserId!, origin.ServiceUrl, origin.BotId!);
    }

    public async Task<ConversationRecord?> FindAsync(string tenantId, string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return await db.Conversations.AsNoTracking().SingleOrDefaultAsync(c => c.ConversationId == conversationId, cancellationToken);
    }

    private static async Task UpsertMembersAsync(CoachDbContext db, string teamId, IEnumerable<Person> members, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var byId = members.GroupBy(m => m.AadObjectId).ToDictionary(g => g.Key, g => g.Last());
        var ids = byId.Keys.ToList();
        var known = await db.TeamMembers
            .Where(m => m.TeamId == teamId && ids.Contains(m.AadObjectId))
            .ToDictionaryAsync(m => m.AadObjectId, cancellationToken);
        foreach (var (id, person) in byId)
        {
            if (!known.TryGetValue(id, out var member))
            {
                member = new TeamMember { TenantId = db.TenantId, TeamId = teamId, AadObjectId = id, JoinedAt = now };
                db.TeamMembers.Add(member);
            }

            member.TeamsUserId = person.TeamsUserId ?? member.TeamsUserId;
            member.Name = person.Name ?? member.Name;
            member.LastSeenAt = Seen(member.LastSeenAt, now, db.Entry(member).State != EntityState.Unchanged);
        }
    }

    // Two activities of one install can arrive at the same moment and both insert the same row. The unique
    // index lets one win; the other runs once more and then finds the winner's row to update.
    private static async Task<T> OnceMoreOnConflictAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return await work();
        }
    }

    /// <summary>Gives back a welcome claim whose card could not be sent, so that the next install activity sends it.</summary>
    public async Task ReleaseWelcomeAsync(string tenantId, string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        await db.Conversations
            .Where(c => c.ConversationId == conversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.WelcomedAt, (DateTimeOffset?)null), cancellationToken);
    }
}
