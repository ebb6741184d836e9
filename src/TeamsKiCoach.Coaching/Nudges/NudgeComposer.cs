using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TeamsKiCoach.Coaching.Stages;

namespace TeamsKiCoach.Coaching.Nudges;

/// <summary>
/// Chooses what a team's nudge says from its stage and its data: one topic, a few lines, one small action.
/// No nudge (null) when the stage's data has nothing to show; the roadmap warns of too little time, so an empty
/// nudge is worse than none.
/// </summary>
public sealed class NudgeComposer(NudgeOptions options)
{
    public Nudge? Compose(TeamStage stage, NudgeData data, NudgeText text)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(text);
        return stage switch
        {
            TeamStage.FrictionVisible => TopPatterns(data, text),
            TeamStage.RightQuestion => AwaitingCheck(data, text),
            TeamStage.StartSmall => PickOne(data, text),
            TeamStage.ImpactFirst => Relief(data, text),
            TeamStage.WatchTheUse => Pulse(data, text),
            TeamStage.Iterate => Bypasses(data, text),
            TeamStage.PartOfTheWork => Automations(data, text),
            TeamStage.PeopleDecide => Decision(data, text),
            _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "Not a stage."),
        };
    }

    private Nudge? TopPatterns(NudgeData data, NudgeText text)
    {
        var top = data.TopPatterns.Take(options.ItemsShown).ToList();
        if (top.Count == 0)
        {
            return null;
        }

        List<string> lines = [.. top.Select(p => text.Format("Stage1.Pattern", p.Title, text.Mentions(p.Mentions), text.People(p.People)))];
        lines.Add(data.AnswersThisWeek > 0 ? text.Format("Stage1.Thanks", text.Answers(data.AnswersThisWeek)) : text["Stage1.ThanksAll"]);
        return Make(TeamStage.FrictionVisible, text, NudgeActions.ShowBacklog, null, text["Action.ShowBacklog"], lines,
            top.Select(p => $"{p.Key}:{p.Mentions}:{p.People}"));
    }

    private Nudge? AwaitingCheck(NudgeData data, NudgeText text)
    {
        var waiting = data.PatternsAwaitingCheck;
        if (waiting.Count == 0)
        {
            return null;
        }

        var first = waiting[0];
        List<string> lines = [waiting.Count == 1 ? text["Stage2.Waiting.One"] : text.Format("Stage2.Waiting.Many", waiting.Count)];
        lines.AddRange(waiting.Take(options.ItemsShown).Select(p => text.Format("Stage2.Pattern", p.Title, text.Mentions(p.Mentions))));
        return Make(TeamStage.RightQuestion, text, NudgeActions.CheckPattern, first.Key, text.Format("Action.CheckPattern", first.Title), lines,
            waiting.Select(p => p.Key));
    }

    private static Nudge? PickOne(NudgeData data, NudgeText text)
    {
        if (data.BestCandidate is not { } best)
        {
            return null;
        }

        List<string> lines =
        [
            text.Format("Stage3.Candidate", best.Title, text.Mentions(best.Mentions), text.People(best.People)),
            text["Stage3.Small"],
        ];
        return Make(TeamStage.StartSmall, text, NudgeActions.ProposePilot, best.Key, text["Action.ProposePilot"], lines, [best.Key]);
    }

    private Nudge? Relief(NudgeData data, NudgeText text)
    {
        if (data.Relief is not { } relief)
        {
            return null;
        }

        if (relief.Answers < options.MinimumAnswers)
        {
            // The count grows while the question waits; only the waiting itself is the news, so it is said once.
            return Make(TeamStage.ImpactFirst, text, NudgeActions.AnswerRelief, relief.PilotKey, text["Action.AnswerRelief"],
                [text.Format("Stage4.Waiting", relief.PilotName, text.Answers(options.MinimumAnswers))], ["waiting", relief.PilotKey]);
        }

        List<string> lines = [text.Format("Stage4.Result", relief.PilotName, relief.Relieved, text.Answers(relief.Answers))];
        if (relief.Relieved * 2 < relief.Answers)
        {
            lines.Add(text["Stage4.NotRelieved"]);
        }

        return Make(TeamStage.ImpactFirst, text, NudgeActions.ShowRelief, relief.PilotKey, text["Action.ShowRelief"], lines,
            [relief.PilotKey, Number(relief.Answers), Number(relief.Relieved)]);
    }

    private Nudge? Pulse(NudgeData data, NudgeText text)
    {
        if (data.Pulse is not { } pulse)
        {
            return null;
        }

        if (pulse.Answers < options.MinimumAnswers)
        {
            return Make(TeamStage.WatchTheUse, text, NudgeActions.AnswerPulse, pulse.PilotKey, text["Action.AnswerPulse"],
                [text.Format("Stage5.Waiting", pulse.PilotName, text.Answers(options.MinimumAnswers))], ["waiting", pulse.PilotKey]);
        }

        List<string> lines =
        [
            text.Format("Stage5.Heading", pulse.PilotName, text.Answers(pulse.Answers)),
            text.Format("Stage5.Bypassed", pulse.Bypassed),
            text.Format("Stage5.NewQuestions", pulse.NewQuestions),
            text.Format("Stage5.StillManual", pulse.StillManual),
            text.Format("Stage5.LittleRelief", pulse.LittleRelief),
        ];
        if (pulse.Bypassed + pulse.NewQuestions + pulse.StillManual + pulse.LittleRelief > 0)
        {
            lines.Add(text["Stage5.Learning"]);
        }

        return Make(TeamStage.WatchTheUse, text, NudgeActions.ShowPulse, pulse.PilotKey, text["Action.ShowPulse"], lines,
            [pulse.PilotKey, Number(pulse.Answers), Number(pulse.Bypassed), Number(pulse.NewQuestions), Number(pulse.StillManual), Number(pulse.LittleRelief)]);
    }

    private Nudge? Bypasses(NudgeData data, NudgeText text)
    {
        var open = data.Bypasses.Where(b => b.Reports > 0).OrderByDescending(b => b.Reports).ToList();
        if (open.Count == 0)
        {
            return null;
        }

        List<string> lines = [.. open.Take(options.ItemsShown).Select(b => text.Format("Stage6.Bypasses", b.PilotName, text.Bypasses(b.Reports)))];
        lines.Add(text["Stage6.Adjust"]);
        return Make(TeamStage.Iterate, text, NudgeActions.ShowBypasses, open[0].PilotKey, text["Action.ShowBypasses"], lines,
            open.Select(b => $"{b.PilotKey}:{b.Reports}"));
    }

    private Nudge? Automations(NudgeData data, NudgeText text)
    {
        if (data.Automations.Count == 0)
        {
            return null;
        }

        // Unowned ones first: they are the reason to look.
        var ordered = data.Automations.OrderBy(a => a.OwnerName is null ? 0 : 1).ThenBy(a => a.Name, StringComparer.CurrentCulture).ToList();
        List<string> lines = [.. ordered.Take(options.ItemsShown).Select(a => a.OwnerName is { } owner
            ? text.Format("Stage7.Owned", a.Name, owner)
            : text.Format("Stage7.NoOwner", a.Name))];
        if (ordered.Count > options.ItemsShown)
        {
            lines.Add(text.Format("Stage7.More", ordered.Count - options.ItemsShown));
        }

        var facts = ordered.Select(a => $"{a.Key}:{a.OwnerName}");
        return ordered[0] is { OwnerName: null } unowned
            ? Make(TeamStage.PartOfTheWork, text, NudgeActions.AssignOwner, unowned.Key, text.Format("Action.AssignOwner", unowned.Name), lines, facts)
            : Make(TeamStage.PartOfTheWork, text, NudgeActions.ShowRegistry, null, text["Action.ShowRegistry"], lines, facts);
    }

    private static Nudge? Decision(NudgeData data, NudgeText text)
    {
        // The one waiting longest; more than one open decision in a nudge would ask for more than one action.
        if (data.OpenDecisions.OrderBy(d => d.Since).FirstOrDefault() is not { } decision)
        {
            return null;
        }

        List<string> lines =
        [
            text.Format("Stage8.Decision", decision.Since.ToString(text["Format.Date"], text.Culture), text.Format($"Decision.{decision.Kind}", decision.Subject)),
            decision.WaitingFor is { } person ? text.Format("Stage8.WaitingFor", person) : text["Stage8.NoOne"],
            text["Stage8.Why"],
        ];
        return Make(TeamStage.PeopleDecide, text, NudgeActions.OpenDecision, decision.Key, text["Action.OpenDecision"], lines,
            [decision.Key, decision.WaitingFor ?? string.Empty]);
    }

    private static Nudge Make(TeamStage stage, NudgeText text, string action, string? subject, string label, IReadOnlyList<string> lines, IEnumerable<string> facts) =>
        new(stage, text[$"Title.{stage.Number()}"], lines, action, subject, label, Fingerprint(stage, action, facts));

    /// <summary>The facts a nudge is about, hashed: equal facts give the equal fingerprint in either language.</summary>
    public static string Fingerprint(TeamStage stage, string action, IEnumerable<string> facts)
    {
        var joined = string.Join('\u001f', facts.Prepend(action).Prepend(Number(stage.Number())));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)))[..32];
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
