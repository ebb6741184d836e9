using TeamsKiCoach.Coaching.Commands;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>A feature of the bot declares here, in one place, the typed commands and the card verbs it answers.</summary>
public interface ITurnFeature
{
    void Register(TurnRoutes routes);
}

public delegate Task<TurnReply> CommandHandler(Turn turn, Command command, CancellationToken cancellationToken);

public delegate Task<TurnReply> VerbHandler(Turn turn, CardClick click, CancellationToken cancellationToken);

/// <summary>
/// The one table of what the bot answers: every command of the parser and every card verb, each with exactly one
/// handler. It is filled once from the registered features; a second handler for the same command or verb stops
/// the host at start instead of answering one of them by chance.
/// </summary>
public sealed class TurnRoutes
{
    private readonly Dictionary<CommandKind, CommandHandler> commands = [];
    private readonly Dictionary<string, VerbHandler> verbs = new(StringComparer.Ordinal);

    public TurnRoutes(IEnumerable<ITurnFeature> features)
    {
        foreach (var feature in features)
        {
            feature.Register(this);
        }
    }

    public IReadOnlyCollection<CommandKind> CommandKinds => commands.Keys;

    public IReadOnlyCollection<string> VerbNames => verbs.Keys;

    public void Command(CommandKind kind, CommandHandler handler)
    {
        if (!commands.TryAdd(kind, handler))
        {
            throw new InvalidOperationException($"The command {kind} has two handlers.");
        }
    }

    public void Verb(string verb, VerbHandler handler)
    {
        if (!verbs.TryAdd(verb, handler))
        {
            throw new InvalidOperationException($"The card verb {verb} has two handlers.");
        }
    }

    /// <summary>Several verbs that one method answers, telling them apart by <see cref="CardClick.Verb"/>.</summary>
    public void Verbs(IEnumerable<string> names, VerbHandler handler)
    {
        foreach (var verb in names)
        {
            Verb(verb, handler);
        }
    }

    public CommandHandler? For(CommandKind kind) => commands.GetValueOrDefault(kind);

    public VerbHandler? For(string verb) => verbs.GetValueOrDefault(verb);
}
