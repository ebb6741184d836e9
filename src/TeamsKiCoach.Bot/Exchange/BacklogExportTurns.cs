using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Bot.Turns;
using TeamsKiCoach.Coaching.Commands;
using TeamsKiCoach.Coaching.Backlog.Exchange;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Bot.Exchange;

/// <summary>
/// "backlog exportieren": download links for the backlogs of the teams the person leads, checked by the AAD
/// object id of the activity. Only in personal chat: a link works for whoever has it, so it is not posted where
/// others read along.
/// </summary>
public sealed class BacklogExportTurns(TeamDirectory teams, ExportLinks links) : ITurnFeature
{
    public void Register(TurnRoutes routes) =>
        routes.Command(CommandKind.ExportBacklog, (turn, _, ct) => OfferAsync(turn.TenantId, turn.Person, turn.Scope, turn.Text, ct));

    public async Task<TurnReply> OfferAsync(string tenantId, Person person, ConversationScope scope, BotText text, CancellationToken cancellationToken)
    {
        var led = await teams.LedByAsync(tenantId, person.AadObjectId, cancellationToken);
        if (led.Count == 0)
        {
            return TurnReply.Text(text["Export.NotLead"]);
        }

        if (scope != ConversationScope.Personal)
        {
            return TurnReply.Text(text["Export.PersonalOnly"]);
        }

        if (!links.Available)
        {
            return TurnReply.Text(text["Export.NoLinks"]);
        }

        var view = new BacklogExportView(
            led.Select(t => new ExportTeamLinks(
                t.Name ?? t.TeamId,
                links.Create(tenantId, t.TeamId, ExchangeFormat.Csv),
                links.Create(tenantId, t.TeamId, ExchangeFormat.Xlsx))).ToList(),
            links.Lifetime);
        return TurnReply.Replace(BacklogExportCard.Build(view, text));
    }
}
