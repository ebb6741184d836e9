using TeamsKiCoach.Coaching.Backlog.Patterns;

namespace TeamsKiCoach.Coaching.Pilots;

/// <summary>
/// A proposal filled in from a pattern without an AI model, for the proposer to edit before sending: the step
/// from the pattern's title, what else people mentioned as staying manual, the people who mentioned it as the
/// ones relieved (a count, never names), and the proposer as owner.
/// </summary>
public static class PilotDraft
{
    /// <summary>More would turn "what stays manual" into a copy of the backlog.</summary>
    public const int MaxAlsoMentioned = 2;

    public static PilotProposal FromPattern(FrictionPattern pattern, IEnumerable<string> entryTexts, PilotActor proposer, PilotText text)
    {
        var title = pattern.Title;
        var others = entryTexts
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .Select(PatternSummary.Title)
            .Where(t => !string.Equals(t, title, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxAlsoMentioned)
            .Select(text.Quote)
            .ToList();

        var staysManual = text.Format("Draft.StaysManual", title);
        if (others.Count > 0)
        {
            staysManual += " " + text.Format("Draft.StaysManual.AlsoMentioned", string.Join(text["Draft.Separator"], others));
        }

        return new PilotProposal(
            pattern.Id,
            title,
            text.Format("Draft.Step", title),
            staysManual,
            Relieved(pattern, text),
            proposer,
            ReviewOn: null,
            AiDrafted: false);
    }

    // Anonymous mentions make the count a lower bound (see FrictionPattern.People), and the draft says so.
    private static string Relieved(FrictionPattern pattern, PilotText text)
    {
        var people = Math.Max(1, pattern.People);
        var atLeast = pattern.AnonymousMentions > 0 ? "AtLeast" : string.Empty;
        return people == 1
            ? text[$"Draft.Relieved.{atLeast}One"]
            : text.Format($"Draft.Relieved.{atLeast}Many", people);
    }
}
