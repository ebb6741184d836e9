using System.Text.Json;
using TeamsKiCoach.Coaching.Assessment;

namespace TeamsKiCoach.Ai;

/// <summary>
/// The only shape a model's answer may have, and its strict reader. The answer fills the assessment's fields
/// and nothing else: an unknown or missing field, a value outside the allowed ones, a reason that is long, not
/// one line or not plain text, or a verdict that contradicts its own criteria makes the whole answer invalid.
/// </summary>
public static class AssessmentReply
{
    public const int MaxReasonLength = 160;
    public const int MaxFittingPartLength = 100;

    public static IReadOnlyDictionary<Criterion, string> CriterionNames { get; } = new Dictionary<Criterion, string>
    {
        [Criterion.Recurring] = "recurring",
        [Criterion.Structured] = "structured",
        [Criterion.RuleBased] = "ruleBased",
        [Criterion.LittleContext] = "littleContext",
        [Criterion.Judgment] = "judgment",
        [Criterion.Responsibility] = "responsibility",
        [Criterion.Relationship] = "relationship",
    };

    private static readonly Dictionary<string, Rating> Ratings = new(StringComparer.Ordinal)
    {
        ["yes"] = Rating.Yes,
        ["partly"] = Rating.Partly,
        ["no"] = Rating.No,
    };

    private static readonly Dictionary<string, Verdict> Verdicts = new(StringComparer.Ordinal)
    {
        ["fit"] = Verdict.Fit,
        ["partlyFit"] = Verdict.PartlyFit,
        ["keepWithPeople"] = Verdict.KeepWithPeople,
    };

    /// <summary>
    /// The JSON schema given to the model as its response format: every field required, no others, only keywords
    /// that strict structured output accepts (the lengths are checked by <see cref="Parse"/>).
    /// </summary>
    public static JsonElement Schema { get; } = BuildSchema();

    /// <summary>Reads a model's answer; null with a reason when it is not exactly a valid assessment.</summary>
    public static Assessment? Parse(string? json, out string problem)
    {
        if (ModelCall.Document(json, maxDepth: 8, out problem) is not { } document)
        {
            return null;
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement);
            }
            catch (InvalidReplyException e)
            {
                problem = e.Message;
                return null;
            }
        }
    }

    private static Assessment Read(JsonElement root)
    {
        ExactlyProperties(root, "answer", "verdict", "fittingPart", "criteria");
        var verdict = Verdicts.TryGetValue(String(root, "verdict"), out var v) ? v : throw new InvalidReplyException("unknown verdict");

        var criteriaElement = root.GetProperty("criteria");
        ExactlyProperties(criteriaElement, "criteria", [.. CriterionNames.Values]);
        var criteria = new List<CriterionRating>();
        foreach (var criterion in Criteria.All)
        {
            var name = CriterionNames[criterion];
            var element = criteriaElement.GetProperty(name);
            ExactlyProperties(element, name, "rating", "reason");
            var rating = Ratings.TryGetValue(String(element, "rating"), out var r) ? r : throw new InvalidReplyException($"unknown rating for {name}");
            criteria.Add(new CriterionRating(criterion, rating, PlainText(String(element, "reason"), MaxReasonLength, $"reason of {name}")));
        }

        var partElement = root.GetProperty("fittingPart");
        string? part = partElement.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String when partElement.GetString() is { Length: 0 } => null,
            JsonValueKind.String => PlainText(partElement.GetString()!, MaxFittingPartLength, "fittingPart"),
            _ => throw new InvalidReplyException("fittingPart is not text"),
        };

        if (verdict == Verdict.PartlyFit && part is null)
        {
            throw new InvalidReplyException("partly fit without the part that fits");
        }

        if (verdict == Verdict.Fit && criteria.Any(c => c.Criterion.IsExclusion() && c.Rating == Rating.Yes))
        {
            throw new InvalidReplyException("fit although an exclusion criterion is rated yes");
        }

        return new Assessment(verdict, verdict == Verdict.PartlyFit ? part : null, criteria, AssessmentSource.Ai);
    }

    private static void ExactlyProperties(JsonElement element, string what, params string[] names)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidReplyException($"{what} is not an object");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!names.Contains(property.Name, StringComparer.Ordinal) || !seen.Add(property.Name))
            {
                throw new InvalidReplyException($"unexpected field in {what}");
            }
        }

        if (seen.Count != names.Length)
        {
            throw new InvalidReplyException($"missing field in {what}");
        }
    }

    private static string String(JsonElement element, string name) =>
        element.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : throw new InvalidReplyException($"{name} is not text");

    /// <summary>One short line of plain text: no markup, no links, no control characters.</summary>
    private static string PlainText(string text, int maxLength, string what)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.Length > maxLength)
        {
            throw new InvalidReplyException($"{what} is empty or longer than {maxLength} characters");
        }

        if (trimmed.Any(c => char.IsControl(c) || "<>`*_#[]{}|\\".Contains(c))
            || trimmed.Contains("://", StringComparison.Ordinal)
            || trimmed.Contains("www.", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidReplyException($"{what} is not plain text");
        }

        return trimmed;
    }

    private static JsonElement BuildSchema()
    {
        var criterion = new Dictionary<string, object>
        {
            ["type"] = "object",
            ["properties"] = new Dictionary<string, object>
            {
                ["rating"] = new Dictionary<string, object> { ["type"] = "string", ["enum"] = Ratings.Keys.ToArray() },
                ["reason"] = new Dictionary<string, object> { ["type"] = "string", ["description"] = $"One short plain sentence, at most {MaxReasonLength} characters." },
            },
            ["required"] = new[] { "rating", "reason" },
            ["additionalProperties"] = false,
        };
        var schema = new Dictionary<string, object>
        {
            ["type"] = "object",
            ["properties"] = new Dictionary<string, object>
            {
                ["verdict"] = new Dictionary<string, object> { ["type"] = "string", ["enum"] = Verdicts.Keys.ToArray() },
                ["fittingPart"] = new Dictionary<string, object> { ["type"] = new[] { "string", "null" }, ["description"] = $"The part that fits, in a few words, at most {MaxFittingPartLength} characters; null unless partlyFit." },
                ["criteria"] = new Dictionary<string, object>
                {
                    ["type"] = "object",
                    ["properties"] = CriterionNames.Values.ToDictionary(n => n, _ => (object)criterion),
                    ["required"] = CriterionNames.Values.ToArray(),
                    ["additionalProperties"] = false,
                },
            },
            ["required"] = new[] { "verdict", "fittingPart", "criteria" },
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(schema);
    }

    private sealed class InvalidReplyException(string message) : Exception(message);
}
