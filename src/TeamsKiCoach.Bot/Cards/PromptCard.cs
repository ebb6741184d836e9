using System.Globalization;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage.Prompts;

namespace TeamsKiCoach.Bot.Cards;

/// <summary>What the prompt card shows; <see cref="Values"/> are the person's inputs when the card comes back with a problem.</summary>
public sealed record PromptCardView(
    long PromptId,
    IReadOnlyList<(string TeamId, string Name)> Teams,
    string TeamId,
    bool BackoffNotice,
    PromptInputs? Values = null,
    string? ProblemKey = null)
{
    public static PromptCardView For(DailyPrompt prompt, IReadOnlyList<TeamRecord> memberOf) => new(
        prompt.Id,
        memberOf.Select(t => (t.TeamId, t.Name ?? t.TeamId)).ToList(),
        prompt.TeamId,
        prompt.CarriesBackoffNotice);
}

/// <summary>The inputs of a prompt card as they arrive, before they are checked.</summary>
public sealed record PromptInputs(string? Text, string? Frequency, string? Minutes, bool Anonymous, string? TeamId);

/// <summary>The daily friction prompt: one question, answered in under 30 seconds, or "Heute nichts".</summary>
public static class PromptCard
{
    public const string TextInputId = "text";
    public const string FrequencyInputId = "frequency";
    public const string MinutesInputId = "minutes";
    public const string AnonymousInputId = "anonymous";
    public const string TeamInputId = "team";
    public const string PromptIdField = "promptId";

    public static AdaptiveCard Build(PromptCardView view, BotText text)
    {
        var body = new List<CardElement>
        {
            new TextBlock(text["Prompt.Question"]) { Bold = true, Size = TextSize.Medium },
            new TextBlock(text["Prompt.Hint"]) { Subtle = true },
        };
        if (view.BackoffNotice)
        {
            body.Add(new Container([new TextBlock(text["Prompt.BackoffNotice"])]) { Style = ContainerStyle.Emphasis });
        }

        if (view.ProblemKey is not null)
        {
            body.Add(new Container([new TextBlock(text[view.ProblemKey])]) { Style = ContainerStyle.Attention });
        }

        body.Add(new TextInput(TextInputId, text["Prompt.TextLabel"])
        {
            Placeholder = text["Prompt.TextPlaceholder"],
            Multiline = true,
            MaxLength = BacklogEntry.MaxTextLength,
            Value = view.Values?.Text,
        });
        body.Add(new ChoiceInput(FrequencyInputId, text["Prompt.FrequencyLabel"],
            Enum.GetValues<Frequency>().Select(f => new Choice(text[$"Frequency.{f}"], f.ToString().ToLowerInvariant())).ToList())
        {
            Value = view.Values?.Frequency ?? nameof(Frequency.Weekly).ToLowerInvariant(),
        });
        body.Add(new NumberInput(MinutesInputId, text["Prompt.MinutesLabel"]) { Min = 0, Max = PromptAnswers.MaxMinutes });
        body.Add(new ToggleInput(AnonymousInputId, text["Prompt.AnonymousLabel"]) { Value = view.Values?.Anonymous ?? false });
        if (view.Teams.Count > 1)
        {
            body.Add(new ChoiceInput(TeamInputId, text["Prompt.TeamLabel"], view.Teams.Select(t => new Choice(t.Name, t.TeamId)).ToList())
            {
                Value = view.Values?.TeamId ?? view.TeamId,
            });
        }

        var data = new Dictionary<string, string> { [PromptIdField] = view.PromptId.ToString(CultureInfo.InvariantCulture) };
        return new AdaptiveCard(body,
        [
            new ExecuteAction(text["Prompt.Submit"], CardVerbs.AnswerPrompt, data),
            new ExecuteAction(text["Prompt.NothingToday"], CardVerbs.NothingToday, data),
        ]);
    }
}

/// <summary>What replaces the prompt card once it is answered.</summary>
public static class PromptAnsweredCard
{
    public static AdaptiveCard Recorded(AnswerResult.Recorded recorded, string teamName, BotText text)
    {
        var body = new List<CardElement>
        {
            new TextBlock(text["Answered.Thanks"]) { Bold = true, Size = TextSize.Medium },
            new TextBlock(string.Format(text.Culture, text[recorded.Anonymous ? "Answered.EntryAnonymous" : "Answered.Entry"], recorded.EntryNumber)),
            new FactSet([new Fact(text["Answered.Backlog"], teamName)]),
            new TextBlock(text["Answered.WhatNext"]) { Subtle = true },
        };
        if (recorded.TextWasCut)
        {
            body.Add(new TextBlock(string.Format(text.Culture, text["Answered.TextCut"], BacklogEntry.MaxTextLength)) { Subtle = true });
        }

        return new AdaptiveCard(body);
    }

    public static AdaptiveCard NothingToday(BotText text) => new(
    [
        new TextBlock(text["Answered.NothingToday"]) { Bold = true },
        new TextBlock(text["Answered.SeeYou"]) { Subtle = true },
    ]);

    public static AdaptiveCard AlreadyAnswered(AnswerResult.AlreadyAnswered already, BotText text) => new(
    [
        new TextBlock(already.EntryNumber is { } number
            ? string.Format(text.Culture, text["Answered.AlreadyWithNumber"], number)
            : text["Answered.Already"]) { Bold = true },
    ]);
}
