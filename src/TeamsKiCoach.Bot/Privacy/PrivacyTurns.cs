using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Exchange;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Bot.Turns;
using TeamsKiCoach.Coaching.Commands;
using TeamsKiCoach.Coaching.Privacy;
using TeamsKiCoach.Storage.Privacy;

namespace TeamsKiCoach.Bot.Privacy;

/// <summary>
/// "meine daten" in personal chat: the person sees, exports and erases what the bot holds about them. Whose data
/// it is comes only from the Teams user of the activity; the cards carry no id at all.
/// </summary>
public sealed class PrivacyTurns(PersonalData data, ExportLinks links, ILogger<PrivacyTurns> logger) : ITurnFeature
{
    public void Register(TurnRoutes routes)
    {
        routes.Command(CommandKind.MyData, (turn, _, ct) => PersonalOnly(turn, () => ShowAsync(turn, ct)));
        routes.Verb(CardVerbs.ShowMyData, (turn, _, ct) => PersonalOnly(turn, () => ShowAsync(turn, ct)));
        routes.Verb(CardVerbs.ExportMyData, (turn, _, _) => PersonalOnly(turn, () => Task.FromResult(links.Available
            ? TurnReply.Replace(PrivacyCards.Download(links.CreatePersonal(turn.TenantId, turn.Person.AadObjectId), links.Lifetime, turn.Text))
            : TurnReply.Text(turn.Text["Export.NoLinks"]))));
        routes.Verb(CardVerbs.EraseMyData, (turn, _, _) => PersonalOnly(turn, () => Task.FromResult(TurnReply.Replace(PrivacyCards.ConfirmErase(turn.Text)))));
        routes.Verb(CardVerbs.EraseMyDataConfirmed, (turn, _, ct) => PersonalOnly(turn, () => EraseAsync(turn, ct)));
    }

    // What a person holds is shown, exported and erased only where nobody else reads along.
    private static Task<TurnReply> PersonalOnly(Turn turn, Func<Task<TurnReply>> answer) =>
        turn.IsPersonal ? answer() : Task.FromResult(TurnReply.Text(turn.Text["MyData.PersonalOnly"]));

    private async Task<TurnReply> ShowAsync(Turn turn, CancellationToken cancellationToken) =>
        TurnReply.Replace(PrivacyCards.MyData(await data.SummaryAsync(turn.TenantId, turn.Person.AadObjectId, cancellationToken), turn.Text));

    private async Task<TurnReply> EraseAsync(Turn turn, CancellationToken cancellationToken)
    {
        var report = await data.EraseAsync(turn.TenantId, turn.Person.AadObjectId, cancellationToken);
        logger.LogInformation("A person erased their data: {Deleted} rows deleted, {Unlinked} rows unlinked", report.Deleted.Values.Sum(), report.Unlinked.Values.Sum());
        return TurnReply.Replace(PrivacyCards.Erased(report, turn.Text));
    }
}
