namespace TeamsKiCoach.Coaching.Registry;

/// <summary>An answer about the registry, with the entries it rests on; <see cref="FromAi"/> marks it as the model's words.</summary>
public sealed record RegistryAnswer(string Text, IReadOnlyList<AutomationEntry> Cited, bool FromAi, string? Note = null);

/// <summary>Answers a free question about a team's automations from its registry entries, and only from them.</summary>
public interface IRegistryQuestions
{
    Task<RegistryAnswer> AnswerAsync(string question, IReadOnlyList<AutomationEntry> entries, RegistryText text, CancellationToken cancellationToken);
}

/// <summary>The answer without an AI provider: a word search over the registry (<see cref="RegistrySearch"/>).</summary>
public sealed class SearchRegistryQuestions : IRegistryQuestions
{
    public Task<RegistryAnswer> AnswerAsync(string question, IReadOnlyList<AutomationEntry> entries, RegistryText text, CancellationToken cancellationToken) =>
        Task.FromResult(Answer(question, entries, text));

    public static RegistryAnswer Answer(string question, IReadOnlyList<AutomationEntry> entries, RegistryText text, string? note = null)
    {
        var found = RegistrySearch.Find(entries, question).Select(m => m.Entry).ToList();
        if (found.Count > 0)
        {
            var lines = found.Count == 1 ? text.Explain(found[0]) : found.Select(text.Summary).Prepend(text["Search.Found"]).ToList();
            return new RegistryAnswer(string.Join('\n', lines), found, FromAi: false, note);
        }

        var fallback = entries.Count == 0
            ? text["Search.Empty"]
            : text["Search.NothingFound"] + " " + text.Format("Search.Known", string.Join(", ", entries.Select(e => e.Name)));
        return new RegistryAnswer(fallback, [], FromAi: false, note);
    }
}
