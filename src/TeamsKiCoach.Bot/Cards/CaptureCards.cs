using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Storage.Backlog;

namespace TeamsKiCoach.Bot.Cards;

/// <summary>
/// A capture waiting for one tap: the text (as typed), the backlogs the person may pick from, and the random key
/// that makes a second tap store nothing. <paramref name="Asked"/>: the bot guessed it is friction and asks.
/// </summary>
public sealed record CaptureQuestionView(string Text, string CaptureKey, IReadOnlyList<BacklogRef> Backlogs, bool Asked, bool TextWasCut, bool Anonymous = false);

/// <summary>A capture that went into a backlog, with the "Rückgängig" that works for a minute.</summary>
public sealed record CaptureRecordedView(int Number, string TeamId, string BacklogName, string CaptureKey, bool Anonymous, bool TextWasCut);

/// <summary>The cards of capturing friction in chat: the question, the confirmation with undo, and the undone note.</summary>
public static class CaptureCards
{
    // Not "text" or "key": with a data field of either name the Agents Playground sends no Action.Execute at all.
    public const string TextField = "friction";
    public const string KeyField = "capture";
    public const string TeamField = "team";
    public const string AnonymousInputId = "anonymous";
    public const string TeamInputId = "team";

    public static AdaptiveCard Question(CaptureQuestionView view, BotText text)
    {
        var body = new List<CardElement>
        {
            new TextBlock(text[view.Asked ? "Capture.Question" : "Capture.WhichBacklog"]) { Bold = true },
            new Container([new LiteralText(view.Text)]) { Style = ContainerStyle.Emphasis },
        };
        var data = new Dictionary<string, string> { [TextField] = view.Text, [KeyField] = view.CaptureKey };
        if (view.Backlogs.Count > 1)
        {
            body.Add(new ChoiceInput(TeamInputId, text["Capture.TeamLabel"], view.Backlogs.Select(b => new Choice(Name(b, text), b.TeamId)).ToList())
            {
                Value = view.Backlogs[0].TeamId,
                Expanded = true,
            });
        }
        else
        {
            data[TeamField] = view.Backlogs[0].TeamId;
        }

        body.Add(new ToggleInput(AnonymousInputId, text["Capture.AnonymousLabel"]) { Value = view.Anonymous });
        if (view.TextWasCut)
        {
            body.Add(new TextBlock(string.Format(text.Culture, text["Capture.TextCut"], BacklogEntry.MaxTextLength)) { Subtle = true });
        }

        return new AdaptiveCard(body,
        [
            new ExecuteAction(text["Capture.Confirm"], CardVerbs.CaptureConfirm, data),
            new ExecuteAction(text["Capture.Dismiss"], CardVerbs.CaptureDismiss),
        ]);
    }

    public static AdaptiveCard Recorded(CaptureRecordedView view, BotText text)
    {
        var body = new List<CardElement>
        {
            new TextBlock(string.Format(text.Culture, text[view.Anonymous ? "Capture.RecordedAnonymous" : "Capture.Recorded"], view.Number)) { Bold = true },
            new LiteralText(view.BacklogName),
        };
        if (view.TextWasCut)
        {
            body.Add(new TextBlock(string.Format(text.Culture, text["Capture.TextCut"], BacklogEntry.MaxTextLength)) { Subtle = true });
        }

        body.Add(new TextBlock(text["Capture.UndoHint"]) { Subtle = true });
        return new AdaptiveCard(body,
        [
            new ExecuteAction(text["Capture.Undo"], CardVerbs.CaptureUndo, new Dictionary<string, string> { [TeamField] = view.TeamId, [KeyField] = view.CaptureKey }),
            new ExecuteAction(text["Backlog.Show"], CardVerbs.ShowBacklog, new Dictionary<string, string> { [TeamField] = view.TeamId }),
        ]);
    }

    public static AdaptiveCard Note(string message) => new([new TextBlock(message)]);

    public static string Name(BacklogRef backlog, BotText text) =>
        backlog.IsPersonal ? text["Backlog.Personal"] : backlog.Name ?? backlog.TeamId;
}
