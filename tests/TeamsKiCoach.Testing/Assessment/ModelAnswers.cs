using System.Text.Json.Nodes;
using TeamsKiCoach.Ai;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog;

namespace TeamsKiCoach.Tests.Assessment;

/// <summary>An answer a language model could give to "Muss das ein Mensch tun?", valid unless a test changes it.</summary>
public static class AssessmentModelAnswers
{
    public static string ValidAnswer(string verdict = "partlyFit", string? part = "Rechnungsdaten erfassen", Action<JsonObject>? change = null)
    {
        var criteria = new JsonObject();
        foreach (var name in AssessmentReply.CriterionNames.Values)
        {
            criteria[name] = new JsonObject { ["rating"] = name == "judgment" ? "partly" : "yes", ["reason"] = $"Grund für {name}." };
        }

        criteria["relationship"] = new JsonObject { ["rating"] = "no", ["reason"] = "Kein Kundenkontakt." };
        var answer = new JsonObject { ["verdict"] = verdict, ["fittingPart"] = part, ["criteria"] = criteria };
        change?.Invoke(answer);
        return answer.ToJsonString();
    }
}

/// <summary>An answer a language model could give when it drafts a pilot proposal, valid unless a test changes it.</summary>
public static class PilotDraftModelAnswers
{
    public static string ValidAnswer(Action<JsonObject>? change = null)
    {
        var answer = new JsonObject
        {
            ["step"] = "Rechnungsdaten aus dem PDF automatisch ins ERP übernehmen.",
            ["staysManual"] = "Prüfen, Freigeben und Rückfragen bei Lieferanten bleiben bei der Buchhaltung.",
            ["whoIsRelieved"] = "Die Buchhaltung; sie merkt es daran, dass sie keine Rechnungen mehr abtippt.",
        };
        change?.Invoke(answer);
        return answer.ToJsonString();
    }
}

/// <summary>Patterns to check, made of the entries a test names.</summary>
public static class AssessmentSubjects
{
    public static AssessmentSubject Pattern(params (string Text, Frequency Frequency, string? Author)[] entries) => new(
        entries[0].Text,
        entries.Select((e, i) => new AssessedEntry(i + 1, e.Text, e.Frequency, 10, e.Author)).ToList(),
        entries.Length,
        entries.Select(e => e.Author).Distinct().Count(),
        0);

    public static AssessmentSubject Single(string text, Frequency frequency = Frequency.Weekly) => Pattern((text, frequency, "p1"));
}
