using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Exchange;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Bot.Turns;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Privacy;

namespace TeamsKiCoach.Bot.Privacy;

/// <summary>
/// "meine daten" in personal chat: the person sees, exports and erases what the bot holds about them. Whose data
/// it is comes only from the Teams user of the activity; the cards carry no id at all.
/// </summary>
public sealed class PrivacyTurns(PersonalData data, ExportLinks links, ILogger<PrivacyTurns> logger)
{
    public async Task<CardAnswer> ExecuteAsync(string tenantId, Person person, string verb, ConversationScope scope, BotText text, CancellationToken cancellationToken)
    {
        if (scope != ConversationScope.Personal)
        {
            return CardAnswer.Text(text["MyData.PersonalOnly"]);
        }

        switch (verb)
        {
            case CardVerbs.ShowMyData:
                return CardAnswer.Replace(PrivacyCards.MyData(await data.SummaryAsync(tenantId, person.AadObjectId, cancellationToken), text));
            case CardVerbs.ExportMyData:
                return links.Available
                    ? CardAnswer.Replace(PrivacyCards.Download(links.CreatePersonal(tenantId, person.AadObjectId), links.Lifetime, text))
                    : CardAnswer.Text(text["Export.NoLinks"]);
            case CardVerbs.EraseMyData:
                return CardAnswer.Replace(PrivacyCards.ConfirmErase(text));
            case CardVerbs.EraseMyDataConfirmed:
                var report = await data.EraseAsync(tenantId, person.AadObjectId, cancellationToken);
                logger.LogInformation("A person erased their data: {Deleted} rows deleted, {Unlinked} rows unlinked", report.Deleted.Values.Sum(), report.Unlinked.Values.Sum());
                return CardAnswer.Replace(PrivacyCards.Erased(report, text));
            default:
                return CardAnswer.Text(text["UnknownAction.Reply"]);
        }
    }
}
