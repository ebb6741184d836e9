using System.Text.Json;
using TeamsKiCoach.Coaching.Pilots;

namespace TeamsKiCoach.Ai.Pilots;

/// <summary>The three fields a model may fill in; everything else on the form is the server's.</summary>
public sealed record PilotDraftFields(string Step, string StaysManual, string WhoIsRelieved);

/// <summary>
/// The only shape a model's draft may have, and its strict reader: exactly the fields step, staysManual and
/// whoIsRelieved, each one line of plain text within its length. Anything else (an owner, a date, a decision, a
/// link or markup, a missing or empty field) makes the whole answer invalid.
/// </summary>
public static class PilotDraftReply
{
    /// <summary>Shorter than the form allows: a draft is a starting point, and a long one hides the single step.</summary>
    public const int MaxStepLength = 160;

    public const int MaxTextLength = 300;

    private static readonly string[] Fields = ["step", "staysManual", "whoIsRelieved"];

    /// <summary>The JSON schema given to the model: every field required, no others (the lengths are checked by <see cref="Parse"/>).</summary>
    public static JsonElement Schema { get; } = BuildSchema();

    /// <summary>Reads a model's answer; null with a reason when it is not exactly a valid draft.</summary>
    public static PilotDraftFields? Parse(string? json, out string problem)
    {
        if (ModelCall.Document(json, maxDepth: 4, out problem) is not { } document)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "not an object";
                return null;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!Fields.Contains(property.Name, StringComparer.Ordinal) || !seen.Add(property.Name))
                {
                    problem = "unexpected field";
                    return null;
                }
            }

            if (seen.Count != Fields.Length)
            {
                problem = "missing field";
                return null;
            }

            var step = PlainText(root, "step", MaxStepLength, ref problem);
            var manual = PlainText(root, "staysManual", MaxTextLength, ref problem);
            var relieved = PlainText(root, "whoIsRelieved", MaxTextLength, ref problem);
            return step is null || manual is null || relieved is null ? null : new PilotDraftFields(step, manual, relieved);
        }
    }

    /// <summary>One line of plain text: no markup, no links, no control characters (a line break is one).</summary>
    private static string? PlainText(JsonElement root, string name, int maxLength, ref string problem)
    {
        if (root.GetProperty(name) is not { ValueKind: JsonValueKind.String } value)
        {
            problem = $"{name} is not text";
            return null;
        }

        var text = value.GetString()!.Trim();
        if (text.Length == 0 || text.Length > maxLength)
        {
            problem = $"{name} is empty or longer than {maxLength} characters";
            return null;
        }

        if (text.Any(c => char.IsControl(c) || "<>`*_#[]{}|\\".Contains(c))
            || text.Contains("://", StringComparison.Ordinal)
            || text.Contains("www.", StringComparison.OrdinalIgnoreCase)
            || text.Contains("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            problem = $"{name} is not plain text";
            return null;
        }

        return text;
    }

    private static JsonElement BuildSchema()
    {
        var schema = new Dictionary<string, object>
        {
            ["type"] = "object",
            ["properties"] = new Dictionary<string, object>
            {
                ["step"] = Text($"The single step to automate, one short plain sentence, at most {MaxStepLength} characters."),
                ["staysManual"] = Text($"What stays with people, one short plain sentence, at most {MaxTextLength} characters."),
                ["whoIsRelieved"] = Text($"Who is relieved (no names) and how they would notice, one short plain sentence, at most {MaxTextLength} characters."),
            },
            ["required"] = Fields,
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(schema);
    }

    private static Dictionary<string, object> Text(string description) => new() { ["type"] = "string", ["description"] = description };
}
