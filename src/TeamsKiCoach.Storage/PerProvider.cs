using TeamsKiCoach.Coaching;

namespace TeamsKiCoach.Storage;

/// <summary>
/// An EF Core compiled query, compiled once for each storage provider: a compiled query keeps the translation for
/// the first model it runs on, and SQLite and PostgreSQL contexts have models of their own. The questions of
/// "status" run compiled, so their expression trees are not taken apart and looked up in the query cache each time
/// (the lookup of every turn is written SQL: <see cref="Conversations.ConversationLookup"/>).
/// </summary>
/// <remarks>
/// <paramref name="plain"/> asks the same question as an ordinary EF Core query; it runs when the context's
/// <see cref="StorageOptimisations.CompiledQueries"/> is off, to measure what compiling brings.
/// </remarks>
internal sealed class PerProvider<TQuery>(Func<TQuery> compile, TQuery plain)
    where TQuery : Delegate
{
    private readonly Lazy<TQuery> sqlite = new(compile);
    private readonly Lazy<TQuery> postgres = new(compile);

    public TQuery For(CoachDbContext db) => !db.Optimisations.CompiledQueries ? plain : db switch
    {
        SqliteCoachDbContext => sqlite.Value,
        PostgresCoachDbContext => postgres.Value,
        _ => throw new NotSupportedException(db.GetType().Name),
    };
}
