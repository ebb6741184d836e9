using System.Text.Json;

namespace TeamsKiCoach.Coaching.Assessment;

public enum AssessmentStatus
{
    /// <summary>Asked for; the language model has not answered yet.</summary>
    Pending,

    /// <summary>A suggestion waits for a person.</summary>
    Suggested,

    /// <summary>A person confirmed it, changed it, or decided the task stays with people.</summary>
    Confirmed,
}

/// <summary>How a person settled an assessment.</summary>
public enum Confirmation
{
    AsSuggested,
    Changed,
    KeptWithPeople,
}

public enum AssessmentChange
{
    Done,
    NotMember,
    NotFound,

    /// <summary>Confirming what someone else confirmed a moment ago: the answer names who and when.</summary>
    AlreadyConfirmed,

    /// <summary>The suggestion is not there yet (the model is still working).</summary>
    NotReady,

    /// <summary>A change with a value that is no rating or verdict: nothing is changed.</summary>
    Invalid,
}

/// <summary>
/// The "Muss das ein Mensch tun?" check of one backlog pattern: the engine's suggestion and, once a person has
/// settled it, the result they confirmed. It belongs to the stored pattern <see cref="PatternId"/> it was asked for,
/// and counts for the pattern that one was merged into; <see cref="PatternKey"/> is that pattern's number, which
/// cards carry.
/// Reasons are kept in the language of whoever asked (<see cref="Language"/>).
/// </summary>
public sealed class PatternAssessment : ITenantOwned
{
    public const int MaxTitleLength = 200;
    public const int MaxPartLength = 160;

    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string TeamId { get; set; }
    /// <summary>The stored pattern it was asked for (<see cref="Backlog.BacklogPattern"/>); null only for a check
    /// from before patterns were stored whose earliest entry was withdrawn, which belongs to no pattern.</summary>
    public long? PatternId { get; internal set; }

    public int PatternKey { get; set; }
    public required string PatternTitle { get; set; }
    public int Mentions { get; set; }
    public AssessmentStatus Status { get; internal set; }
    public string Language { get; set; } = "de";
    public DateTimeOffset RequestedAt { get; set; }

    public AssessmentSource Source { get; set; }
    public string? Note { get; set; }
    public Verdict SuggestedVerdict { get; set; }
    public string? SuggestedPart { get; set; }
    public string SuggestedCriteria { get; set; } = "[]";
    public DateTimeOffset? SuggestedAt { get; set; }

    public Verdict? ConfirmedVerdict { get; internal set; }
    public string? FittingPart { get; internal set; }
    public string? Criteria { get; internal set; }
    public Confirmation? ConfirmedHow { get; internal set; }
    public string? ConfirmedByAadObjectId { get; internal set; }
    public string? ConfirmedByName { get; internal set; }
    public DateTimeOffset? ConfirmedAt { get; internal set; }

    /// <summary>Raised by every change; two people settling it at the same moment cannot both win.</summary>
    public int Version { get; internal set; }

    public bool IsConfirmed => Status == AssessmentStatus.Confirmed;

    /// <summary>The suggestion as the engine made it.</summary>
    public Assessment? Suggestion => Status == AssessmentStatus.Pending
        ? null
        : new Assessment(SuggestedVerdict, SuggestedPart, ReadCriteria(SuggestedCriteria), Source, Note);

    /// <summary>What counts now: the confirmed result, else the suggestion.</summary>
    public Assessment? Current => IsConfirmed && ConfirmedVerdict is { } verdict
        ? new Assessment(verdict, FittingPart, ReadCriteria(Criteria ?? SuggestedCriteria), Source, Note)
        : Suggestion;

    /// <summary>Whether a confirmed result says any part is for automation: a pilot candidate.</summary>
    public bool IsConfirmedFit => IsConfirmed && ConfirmedVerdict is Verdict.Fit or Verdict.PartlyFit;

    public void Suggest(Assessment suggestion, DateTimeOffset now)
    {
        Source = suggestion.Source;
        Note = suggestion.Note;
        SuggestedVerdict = suggestion.Verdict;
        SuggestedPart = Cut(suggestion.FittingPart);
        SuggestedCriteria = WriteCriteria(suggestion.Criteria);
        SuggestedAt = now;
        if (Status == AssessmentStatus.Pending)
        {
            Status = AssessmentStatus.Suggested;
        }

        Version++;
    }

    /// <summary>A person takes the suggestion as it is.</summary>
    public AssessmentChange Confirm(string actor, string? actorName, DateTimeOffset now)
    {
        if (Status == AssessmentStatus.Pending)
        {
            return AssessmentChange.NotReady;
        }

        if (IsConfirmed)
        {
            return AssessmentChange.AlreadyConfirmed;
        }

        Settle(Confirmation.AsSuggested, SuggestedVerdict, SuggestedPart, SuggestedCriteria, actor, actorName, now);
        return AssessmentChange.Done;
    }

    /// <summary>
    /// A person corrects single criteria and the verdict (before or after an earlier confirmation). A partly-fit
    /// verdict needs the part that fits; without one the suggestion's part is kept.
    /// </summary>
    public AssessmentChange Change(
        IReadOnlyDictionary<Criterion, Rating> ratings, Verdict verdict, string? fittingPart, string changedReason,
        string actor, string? actorName, DateTimeOffset now)
    {
        if (Status == AssessmentStatus.Pending)
        {
            return AssessmentChange.NotReady;
        }

        var before = ReadCriteria(Criteria ?? SuggestedCriteria);
        var criteria = before
            .Select(c => ratings.TryGetValue(c.Criterion, out var rating) && rating != c.Rating ? c with { Rating = rating, Reason = changedReason } : c)
            .ToList();
        var part = verdict == Verdict.PartlyFit
            ? Cut(string.IsNullOrWhiteSpace(fittingPart) ? FittingPart ?? SuggestedPart : fittingPart.Trim())
            : null;
        Settle(Confirmation.Changed, verdict, part, WriteCriteria(criteria), actor, actorName, now);
        return AssessmentChange.Done;
    }

    /// <summary>"Bleibt beim Menschen": a person decides the task stays with people, whatever was suggested.</summary>
    public AssessmentChange KeepWithPeople(string actor, string? actorName, DateTimeOffset now)
    {
        if (IsConfirmed && ConfirmedVerdict == Verdict.KeepWithPeople && ConfirmedHow == Confirmation.KeptWithPeople)
        {
            return AssessmentChange.AlreadyConfirmed;
        }

        Settle(Confirmation.KeptWithPeople, Verdict.KeepWithPeople, null, Criteria ?? SuggestedCriteria, actor, actorName, now);
        return AssessmentChange.Done;
    }

    private void Settle(Confirmation how, Verdict verdict, string? part, string criteria, string actor, string? actorName, DateTimeOffset now)
    {
        Status = AssessmentStatus.Confirmed;
        ConfirmedHow = how;
        ConfirmedVerdict = verdict;
        FittingPart = part;
        Criteria = criteria;
        ConfirmedByAadObjectId = actor;
        ConfirmedByName = actorName;
        ConfirmedAt = now;
        Version++;
    }

    private static string? Cut(string? text) => text is { Length: > MaxPartLength } ? text[..MaxPartLength] : text;

    private sealed record StoredRating(Criterion Criterion, Rating Rating, string Reason);

    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    internal static string WriteCriteria(IEnumerable<CriterionRating> criteria) =>
        JsonSerializer.Serialize(criteria.Select(c => new StoredRating(c.Criterion, c.Rating, c.Reason)).ToList(), Json);

    internal static IReadOnlyList<CriterionRating> ReadCriteria(string json) =>
        (JsonSerializer.Deserialize<List<StoredRating>>(json, Json) ?? [])
            .Select(s => new CriterionRating(s.Criterion, s.Rating, s.Reason))
            .ToList();
}
