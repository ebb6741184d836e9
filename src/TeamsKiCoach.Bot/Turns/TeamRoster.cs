using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using TeamsKiCoach.Coaching.Conversations;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>Reads a team's members from Teams, page by page.</summary>
public sealed class TeamRoster(ILogger<TeamRoster> logger)
{
    private const int PageSize = 100;

    // A team has at most 25,000 members: 250 pages of 100. More pages mean a connector that never ends.
    private const int MaxPages = 250;

    /// <summary>All members Teams reports, or null when Teams could not be asked (the caller keeps what it knows).</summary>
    public async Task<IReadOnlyList<Person>?> ReadAsync(ITurnContext turnContext, string teamId, CancellationToken cancellationToken)
    {
        var people = new List<Person>();
        string? continuation = null;
        try
        {
            for (var page = 0; page < MaxPages; page++)
            {
                var result = await TeamsInfo.GetPagedTeamMembersAsync(turnContext, teamId, continuation, PageSize, cancellationToken);
                people.AddRange(result.Members.Select(ActivityFacts.PersonOf).OfType<Person>());
                continuation = result.ContinuationToken;
                if (string.IsNullOrEmpty(continuation))
                {
                    return people;
                }
            }

            logger.LogWarning("Team {TeamId} roster still had more pages after {MaxPages}; kept the first {Count} members", teamId, MaxPages, people.Count);
            return people;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not read the roster of team {TeamId}; keeping the members known from activities", teamId);
            return null;
        }
    }
}
