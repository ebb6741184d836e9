using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.Stages;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>A lead's "nudge jetzt senden": this week's nudge run now, under the same rules as the scheduled one.</summary>
public sealed class NudgeTurns(NudgePlanner planner, IDeliveryTrigger delivery)
{
    public async Task<string> SendNowAsync(string tenantId, Person person, string? teamInContext, BotText text, CancellationToken cancellationToken)
    {
        var results = await planner.RunNowAsync(tenantId, person.AadObjectId, teamInContext, cancellationToken);
        if (results is null or { Count: 0 })
        {
            return text["NudgeNow.NotLead"];
        }

        if (results.Any(r => r.Planned))
        {
            delivery.RunSoon();
        }

        return string.Join("\n\n", results.Select(r => Line(r, text)));
    }

    private static string Line(NudgeRunResult result, BotText text)
    {
        var team = result.Team;
        var name = team.Name ?? team.TeamId;
        if (result.NoChannel)
        {
            return string.Format(text.Culture, text["NudgeNow.NoChannel"], name);
        }

        return result.Skip switch
        {
            NudgeSkip.None => string.Format(text.Culture, text["NudgeNow.Sent"], name),
            NudgeSkip.QuietHours => string.Format(text.Culture, text["NudgeNow.Skip.QuietHours"], name, PromptTurns.Clock(team.QuietFrom, text), PromptTurns.Clock(team.QuietUntil, text)),
            NudgeSkip.TooSoon => string.Format(text.Culture, text["NudgeNow.Skip.TooSoon"], name, NudgePolicy.DaysBetween(team.NudgeCadence)),
            NudgeSkip.NothingToSay => string.Format(text.Culture, text["NudgeNow.Skip.NothingToSay"], name, StageText.For(text.Culture.Name).Title(team.Stage)),
            _ => string.Format(text.Culture, text[$"NudgeNow.Skip.{result.Skip}"], name),
        };
    }
}
