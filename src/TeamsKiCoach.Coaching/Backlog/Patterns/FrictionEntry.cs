namespace TeamsKiCoach.Coaching.Backlog.Patterns;

/// <summary>
/// What the grouping needs of one backlog entry. <paramref name="AuthorId"/> is null for an anonymous entry;
/// <paramref name="Minutes"/> is the time lost each time it happens, when the person said.
/// </summary>
public sealed record FrictionEntry(long Id, string Text, string? AuthorId, DateTimeOffset CreatedAt, Frequency Frequency, int? Minutes);
