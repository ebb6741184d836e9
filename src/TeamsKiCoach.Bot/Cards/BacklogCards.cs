using System.Globalization;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Storage.Backlog;

namespace TeamsKiCoach.Bot.Cards;

public enum Trend
{
    Up,
    Down,
    Flat,
}

/// <summary>A pattern as the overview lists it; <see cref="Key"/> is its number in the team ("Muster 12").</summary>
/// <remarks><see cref="Check"/> is the line about its "Muss das ein Mensch tun?" check, when it had one.</remarks>
public sealed record PatternLine(int Key, string Title, int Mentions, int People, string? TimePerWeek, Trend Trend, int LastWeek, int WeekBefore, string? Check = null);

public sealed record BacklogPageView(string TeamId, string BacklogName, IReadOnlyList<PatternLine> Patterns, int Page, int PageCount, int EntryCount, string? Note = null);

/// <summary>One entry as the detail card lists it: the author's name only for a named entry.</summary>
public sealed record PatternEntryLine(int Number, DateOnly Date, string? AuthorName, bool Anonymous, bool PlusOne, string Text);

public sealed record PatternDetailView(
    string TeamId,
    string BacklogName,
    PatternLine Pattern,
    IReadOnlyList<PatternEntryLine> Entries,
    IReadOnlyList<(int Key, string Title)> OtherPatterns,
    bool ViewerLeads,
    string? Note = null);

public sealed record OwnEntryLine(string TeamId, string BacklogName, int Number, DateOnly Date, bool Edited, bool PlusOne, string Text);

/// <summary>The backlog in chat: the overview of top patterns with paging, one pattern's detail, a person's own entries.</summary>
public static class BacklogCards
{
    public const int PageSize = 5;
    public const int MaxEntriesShown = 15;
    public const int MaxOwnEntriesShown = 20;
    public const string TeamField = "team";
    public const string PageField = "page";
    public const string EntryField = "entry";
    public const string MergeInputId = "mergeWith";
    public const string SplitInputId = "splitEntry";
    public const string TextInputId = "text";

    public static AdaptiveCard Overview(BacklogPageView view, BotText text)
    {
        var body = new List<CardElement>
        {
            new TextBlock(text["Backlog.Title"]) { Bold = true, Size = TextSize.Medium },
            new LiteralText(view.BacklogName) { Subtle = true },
        };
        AddNote(body, view.Note);
        if (view.Patterns.Count == 0)
        {
            body.Add(new TextBlock(text["Backlog.Empty"]));
            return new AdaptiveCard(body);
        }

        body.Add(new TextBlock(string.Format(text.Culture, text["Backlog.Summary"], view.EntryCount, view.Page + 1, view.PageCount)) { Subtle = true });
        foreach (var pattern in view.Patterns)
        {
            body.Add(new Container(
            [
                new LiteralText(pattern.Title),
                new TextBlock(Figures(pattern, text)) { Subtle = true },
                .. CheckLine(pattern),
                new ActionSet([new ExecuteAction(text["Backlog.Details"], CardVerbs.ShowPattern, Data(view.TeamId, (EntryField, Number(pattern.Key))))]),
            ]) { Separator = true });
        }

        var actions = new List<CardAction>();
        if (view.Page > 0)
        {
            actions.Add(new ExecuteAction(text["Backlog.Previous"], CardVerbs.ShowBacklog, Data(view.TeamId, (PageField, Number(view.Page - 1)))));
        }

        if (view.Page + 1 < view.PageCount)
        {
            actions.Add(new ExecuteAction(text["Backlog.Next"], CardVerbs.ShowBacklog, Data(view.TeamId, (PageField, Number(view.Page + 1)))));
        }

        return new AdaptiveCard(body, actions);
    }

    public static AdaptiveCard Detail(PatternDetailView view, BotText text)
    {
        var key = Number(view.Pattern.Key);
        var body = new List<CardElement>
        {
            new TextBlock(string.Format(text.Culture, text["Pattern.Title"], view.Pattern.Key)) { Bold = true, Size = TextSize.Medium },
            new LiteralText(view.Pattern.Title),
            new LiteralText(view.BacklogName) { Subtle = true },
            new TextBlock(Figures(view.Pattern, text)) { Subtle = true },
        };
        body.AddRange(CheckLine(view.Pattern));
        AddNote(body, view.Note);
        foreach (var entry in view.Entries.Take(MaxEntriesShown))
        {
            body.Add(new LiteralText(EntryMeta(entry, text)) { Subtle = true, Separator = true });
            if (!entry.PlusOne)
            {
                body.Add(new LiteralText(entry.Text));
            }
        }

        if (view.Entries.Count > MaxEntriesShown)
        {
            body.Add(new TextBlock(string.Format(text.Culture, text["Pattern.More"], view.Entries.Count - MaxEntriesShown)) { Subtle = true });
        }

        if (view.ViewerLeads)
        {
            body.Add(new TextBlock(text["Pattern.LeadTools"]) { Bold = true, Separator = true });
            if (view.OtherPatterns.Count > 0)
            {
                body.Add(new ChoiceInput(MergeInputId, text["Pattern.MergeLabel"],
                    view.OtherPatterns.Select(p => new Choice(string.Format(text.Culture, text["Pattern.Choice"], p.Key, p.Title), Number(p.Key))).ToList()));
                body.Add(new ActionSet([new ExecuteAction(text["Pattern.Merge"], CardVerbs.MergePattern, Data(view.TeamId, (EntryField, key)))]));
            }

            if (view.Entries.Count > 1)
            {
                body.Add(new ChoiceInput(SplitInputId, text["Pattern.SplitLabel"],
                    view.Entries.Select(e => new Choice(string.Format(text.Culture, text["Pattern.Choice"], e.Number, Short(e.PlusOne ? "+1" : e.Text)), Number(e.Number))).ToList()));
                body.Add(new ActionSet([new ExecuteAction(text["Pattern.Split"], CardVerbs.SplitEntry, Data(view.TeamId, (EntryField, key)))]));
            }
        }

        return new AdaptiveCard(body,
        [
            new ExecuteAction(text["Pattern.PlusOne"], CardVerbs.PlusOne, Data(view.TeamId, (EntryField, key))),
            new ExecuteAction(text["Pattern.MustAHumanDoIt"], CardVerbs.MustAHumanDoIt, Data(view.TeamId, (EntryField, key))),
            new ExecuteAction(text["Pattern.ProposePilot"], CardVerbs.ProposePilot, Data(view.TeamId, (EntryField, key))),
            new ExecuteAction(text["Pattern.Back"], CardVerbs.ShowBacklog, Data(view.TeamId)),
        ]);
    }

    /// <summary>Which backlog to show, for a person in more than one team.</summary>
    public static AdaptiveCard Choose(IReadOnlyList<BacklogRef> backlogs, BotText text) => new(
        [new TextBlock(text["Backlog.Choose"]) { Bold = true }],
        backlogs.Select(b => (CardAction)new ExecuteAction(CaptureCards.Name(b, text), CardVerbs.ShowBacklog, Data(b.TeamId))).ToList());

    public static AdaptiveCard OwnEntries(IReadOnlyList<OwnEntryLine> entries, BotText text, string? note = null)
    {
        var body = new List<CardElement> { new TextBlock(text["MyEntries.Title"]) { Bold = true, Size = TextSize.Medium } };
        AddNote(body, note);
        if (entries.Count == 0)
        {
            body.Add(new TextBlock(text["MyEntries.None"]));
        }

        foreach (var entry in entries.Take(MaxOwnEntriesShown))
        {
            var meta = string.Format(text.Culture, text[entry.PlusOne ? "MyEntries.MetaPlusOne" : "MyEntries.Meta"], entry.Number, Day(entry.Date, text), entry.BacklogName)
                + (entry.Edited ? " " + text["MyEntries.Edited"] : string.Empty);
            var data = Data(entry.TeamId, (EntryField, Number(entry.Number)));
            var buttons = new List<CardAction>();
            if (!entry.PlusOne)
            {
                buttons.Add(new ExecuteAction(text["MyEntries.Edit"], CardVerbs.EditEntry, data));
            }

            buttons.Add(new ExecuteAction(text["MyEntries.Withdraw"], CardVerbs.WithdrawEntry, data));
            body.Add(new Container([new LiteralText(meta) { Subtle = true }, new LiteralText(entry.Text), new ActionSet(buttons)]) { Separator = true });
        }

        if (entries.Count > MaxOwnEntriesShown)
        {
            body.Add(new TextBlock(string.Format(text.Culture, text["Pattern.More"], entries.Count - MaxOwnEntriesShown)) { Subtle = true });
        }

        body.Add(new TextBlock(text["MyEntries.AnonymousNote"]) { Subtle = true, Separator = true });
        return new AdaptiveCard(body);
    }

    public static AdaptiveCard EditEntry(OwnEntryLine entry, BotText text, string? problem = null)
    {
        var body = new List<CardElement>
        {
            new TextBlock(string.Format(text.Culture, text["MyEntries.EditTitle"], entry.Number)) { Bold = true },
        };
        if (problem is not null)
        {
            body.Add(new Container([new TextBlock(problem)]) { Style = ContainerStyle.Attention });
        }

        body.Add(new TextInput(TextInputId, text["MyEntries.TextLabel"]) { Multiline = true, MaxLength = BacklogEntry.MaxTextLength, Value = entry.Text });
        return new AdaptiveCard(body,
        [
            new ExecuteAction(text["MyEntries.Save"], CardVerbs.SaveEntry, Data(entry.TeamId, (EntryField, Number(entry.Number)))),
            new ExecuteAction(text["MyEntries.Cancel"], CardVerbs.ShowMyEntries),
        ]);
    }

    public static string Figures(PatternLine pattern, BotText text)
    {
        var parts = new List<string>
        {
            string.Format(text.Culture, text[pattern.Mentions == 1 ? "Backlog.Mention" : "Backlog.Mentions"], pattern.Mentions),
            string.Format(text.Culture, text[pattern.People == 1 ? "Backlog.Person" : "Backlog.People"], pattern.People),
        };
        if (pattern.TimePerWeek is { } time)
        {
            parts.Add(text.IsEnglish ? EnglishTime(time) : time);
        }

        parts.Add(string.Format(text.Culture, text[$"Backlog.Trend.{pattern.Trend}"], pattern.LastWeek, pattern.WeekBefore));
        return string.Join(" · ", parts);
    }

    private static CardElement[] CheckLine(PatternLine pattern) => pattern.Check is { } check ? [new TextBlock(check) { Bold = true }] : [];

    public static string Day(DateOnly date, BotText text) => date.ToString(text.IsEnglish ? "d MMM yyyy" : "dd.MM.yyyy", text.Culture);

    // The summary is worded in German ("ca. 6 Std./Woche"); an English card says the same in English.
    private static string EnglishTime(string german) =>
        german.Replace("ca. ", "about ", StringComparison.Ordinal)
            .Replace(" Std./Woche", " h/week", StringComparison.Ordinal)
            .Replace(" Min./Woche", " min/week", StringComparison.Ordinal)
            .Replace(',', '.');

    private static string EntryMeta(PatternEntryLine entry, BotText text)
    {
        var who = entry.Anonymous ? text["Pattern.Anonymous"] : entry.AuthorName ?? text["Pattern.Someone"];
        var key = entry.PlusOne ? "Pattern.EntryMetaPlusOne" : "Pattern.EntryMeta";
        return string.Format(text.Culture, text[key], entry.Number, who, Day(entry.Date, text));
    }

    // Never cut an emoji (a surrogate pair) in half.
    private static string Short(string value) =>
        value.Length <= 50 ? value : value[..(char.IsHighSurrogate(value[48]) ? 48 : 49)] + "…";

    private static void AddNote(List<CardElement> body, string? note)
    {
        if (note is not null)
        {
            body.Add(new Container([new TextBlock(note)]) { Style = ContainerStyle.Good });
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Data(string teamId, params (string Key, string Value)[] more)
    {
        var data = new Dictionary<string, string> { [TeamField] = teamId };
        foreach (var (key, value) in more)
        {
            data[key] = value;
        }

        return data;
    }
}
