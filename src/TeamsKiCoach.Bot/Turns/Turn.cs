using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Commands;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>How a turn came in, which decides how its answer goes out.</summary>
public enum TurnWay
{
    /// <summary>A typed message: the answer is a new message.</summary>
    Message,

    /// <summary>An Action.Execute invoke: the answer replaces the card in place, or is a short note beside it.</summary>
    Execute,

    /// <summary>A card button sent as a message by a client without Action.Execute: the answer is a new message.</summary>
    Submit,
}

/// <summary>
/// The facts of one turn, worked out once from the activity and handed to every handler: who acts (the Teams
/// user of the activity, never card data), in which tenant, conversation scope and team, the texts in the
/// person's language, and the person's role in the team of the channel (<see cref="RoleAsync"/>).
/// </summary>
public sealed record Turn(
    ITurnContext Context,
    TurnWay Way,
    string TenantId,
    Person Person,
    ConversationScope Scope,
    string? TeamId,
    BotText Text)
{
    private RoleInTeam? role;

    public IActivity Activity => Context.Activity;

    public bool IsPersonal => Scope == ConversationScope.Personal;

    /// <summary>What the person typed, without the @mention of the bot that Teams puts in front of it in channels.</summary>
    public string TypedText => Activity.AsMessageActivity() is { } message ? ActivityFacts.TextWithoutBotMention(message) : string.Empty;

    /// <summary>The team whose channel the turn came from; null in personal chat, where the person chooses the team.</summary>
    public string? TeamInContext => IsPersonal ? null : TeamId;

    /// <summary>
    /// Who the person is in the team of the channel, asked of the team directory once per turn (and only by a turn
    /// that needs it); <see cref="TeamRole.None"/> in personal chat, where a handler asks
    /// <see cref="RoleInAsync"/> for the team the person picked.
    /// </summary>
    public Task<TeamRole> RoleAsync(CancellationToken cancellationToken) =>
        role is null ? Task.FromResult(TeamRole.None) : role.AskOnce(cancellationToken);

    /// <summary>The person's role in <paramref name="teamId"/>: the channel's, worked out once, or the one place's answer for another team.</summary>
    public Task<TeamRole> RoleInAsync(string teamId, CancellationToken cancellationToken) =>
        teamId == TeamInContext ? RoleAsync(cancellationToken)
        : role is null ? Task.FromResult(TeamRole.None)
        : role.Teams.RoleAsync(TenantId, teamId, Person.AadObjectId, cancellationToken);

    /// <summary>
    /// The installed teams a "… jetzt senden" acts on: in a channel its team when the person leads it, in personal
    /// chat every team they lead.
    /// </summary>
    public async Task<IReadOnlyList<TeamRecord>> LedTeamsAsync(TeamDirectory teams, CancellationToken cancellationToken) =>
        TeamInContext is not { } teamId ? await teams.LedByAsync(TenantId, Person.AadObjectId, cancellationToken)
        : (await RoleAsync(cancellationToken)).IsLead && await teams.FindAsync(TenantId, teamId, cancellationToken) is { Installed: true } team ? [team]
        : [];

    /// <summary>True when the answer can replace the card that was clicked.</summary>
    public bool AnswersInPlace => Way == TurnWay.Execute;

    /// <summary>
    /// The facts of an activity, or null when it names no tenant or no person the bot can check. The role comes
    /// from <paramref name="teams"/> by the activity's own From.AadObjectId.
    /// </summary>
    public static Turn? Of(ITurnContext context, TurnWay way, TeamDirectory teams)
    {
        var activity = context.Activity;
        if (ActivityFacts.TenantId(activity) is not { } tenantId || ActivityFacts.PersonOf(activity.From) is not { } person)
        {
            return null;
        }

        var turn = new Turn(context, way, tenantId, person, ActivityFacts.Scope(activity), ActivityFacts.TeamId(activity), BotText.For(ActivityFacts.Locale(activity)));
        turn.role = new RoleInTeam(teams, tenantId, turn.TeamInContext, person.AadObjectId);
        return turn;
    }

    // Shared by the copies a turn makes of itself (`with`), so the role is asked once however it is passed on.
    private sealed class RoleInTeam(TeamDirectory teams, string tenantId, string? teamId, string aadObjectId)
    {
        private Task<TeamRole>? asked;

        public TeamDirectory Teams => teams;

        public Task<TeamRole> AskOnce(CancellationToken cancellationToken) =>
            asked ??= teamId is null ? Task.FromResult(TeamRole.None) : teams.RoleAsync(tenantId, teamId, aadObjectId, cancellationToken);
    }
}

/// <summary>A card button as it came back: its verb and the data the card carried (never who may act).</summary>
public sealed record CardClick(string Verb, JObject? Data);

/// <summary>
/// What a handler answers: a card, a card already written as JSON, or a short text. An Action.Execute shows it in
/// place of the clicked card (a text as a note beside it); a message or a submitted button gets it as a new
/// message. <see cref="WaitingFor"/> hands a model assessment to the background, which updates the card when done;
/// <see cref="Opens"/> answers with what another button or command shows, as a new message, leaving the clicked
/// card as it was.
/// </summary>
public sealed record TurnReply(AdaptiveCard? Card, string? Message, string? CardJson = null)
{
    public long? WaitingFor { get; init; }

    public TurnTarget? Opens { get; init; }

    public static TurnReply Replace(AdaptiveCard card) => new(card, null);

    public static TurnReply Text(string message) => new(null, message);

    public static TurnReply Json(string cardJson) => new(null, null, cardJson);

    public static TurnReply Open(TurnTarget target) => new(null, null) { Opens = target };

    public AdaptiveCardInvokeResponse ToInvokeResponse() =>
        Card is not null ? CardReply.InPlace(Card)
        : CardJson is not null ? CardReply.InPlace(CardJson)
        : CardReply.Message(Message ?? string.Empty);

    public IMessageActivity ToMessage() =>
        Card is not null ? CardReply.Of(Card)
        : CardJson is not null ? CardReply.Of(CardJson)
        : MessageFactory.Text(Message);
}

/// <summary>Another handler's answer to open: a button's verb with its data, or a command.</summary>
public sealed record TurnTarget(CardClick? Click, Command? Command)
{
    public static TurnTarget Verb(string verb, JObject data) => new(new CardClick(verb, data), null);

    public static TurnTarget For(CommandKind kind) => new(null, new Command(kind));
}
