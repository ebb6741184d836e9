using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Backlog.Exchange;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Teams;

namespace TeamsKiCoach.Bot.Exchange;

/// <summary>
/// "backlog exportieren": download links for the backlogs of the teams the person leads, checked by the AAD
/// object id of the activity. Only in personal chat: a link works for whoever has it, so it is not posted where
/// others read along.
/// </summary>
public sealed class BacklogExportTurns(TeamDirectory teams, ExportLinks links)
{
    public async Task<IMessageActivity> OfferAsync(string tenantId, Person person, ConversationScope scope, BotText text, CancellationToken cancellationToken)
    {
        var led = await teams.LedByAsync(tenantId, person.AadObjectId, cancellationToken);
        if (led.Count == 0)
        {
            return MessageFactory.Text(text["Export.NotLead"]);
        }

        if (scope != ConversationScope.Personal)
        {
            return MessageFactory.Text(text["Export.PersonalOnly"]);
        }

        if (!links.Available)
        {
            return MessageFactory.Text(text["Export.NoLinks"]);
        }

        var view = new BacklogExportView(
            led.Select(t => new ExportTeamLinks(
                t.Name ?? t.TeamId,
                links.Create(tenantId, t.TeamId, ExchangeFormat.Csv),
                links.Create(tenantId, t.TeamId, ExchangeFormat.Xlsx))).ToList(),
            links.Lifetime);
        return CardReply.Of(BacklogExportCard.Build(view, text));
    }
}
