using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Conversations;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>
/// The shared backlog as people meet it in chat: capturing friction (with a minute to undo), the overview of top
/// patterns, a pattern's detail with +1 and the leads' merge and split, and a person's own entries to edit or
/// withdraw. Who acts is always the Teams user of the activity; card data only names a team, an entry or a page.
/// </summary>
public sealed class BacklogTurns(BacklogBook book, TimeProvider clock)
{
    /// <summary>"reibung: …": recorded at once when the person has one backlog, else they pick one first.</summary>
    public async Task<AdaptiveCard> CaptureAsync(string tenantId, Person person, string typed, bool anonymous, BotText text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return CaptureCards.Note(text["Capture.Empty"]);
        }

        var (clean, cut) = BacklogWriter.Clean(typed);
        var backlogs = await book.BacklogsOfAsync(tenantId, person.AadObjectId, cancellationToken);
        var key = BacklogBook.NewCaptureKey();
        if (backlogs.Count > 1)
        {
            return CaptureCards.Question(new CaptureQuestionView(clean, key, backlogs, Asked: false, cut, anonymous), text);
        }

        var answer = await RecordAsync(tenantId, person, backlogs[0].TeamId, typed, anonymous, key, text, cancellationToken);
        return answer.Card ?? CaptureCards.Note(answer.Message!);
    }

    /// <summary>Free text that reads like friction: the bot asks before it keeps anything.</summary>
    public async Task<AdaptiveCard> OfferAsync(string tenantId, Person person, string typed, BotText text, CancellationToken cancellationToken)
    {
        var (clean, cut) = BacklogWriter.Clean(typed);
        var backlogs = await book.BacklogsOfAsync(tenantId, person.AadObjectId, cancellationToken);
        return CaptureCards.Question(new CaptureQuestionView(clean, BacklogBook.NewCaptureKey(), backlogs, Asked: true, cut), text);
    }

    public async Task<AdaptiveCard> BacklogAsync(string tenantId, Person person, string? teamInContext, BotText text, CancellationToken cancellationToken)
    {
        if (teamInContext is not null)
        {
            return await OverviewAsync(tenantId, person, teamInContext, 0, null, text, cancellationToken);
        }

        var backlogs = await book.BacklogsOfAsync(tenantId, person.AadObjectId, cancellationToken);
        return backlogs.Count > 1
            ? BacklogCards.Choose(backlogs, text)
            : await OverviewAsync(tenantId, person, backlogs[0].TeamId, 0, null, text, cancellationToken);
    }

    public async Task<AdaptiveCard> OwnEntriesAsync(string tenantId, Person person, string? note, BotText text, CancellationToken cancellationToken)
    {
        var own = await book.OwnEntriesAsync(tenantId, person.AadObjectId, cancellationToken);
        return BacklogCards.OwnEntries(own.Select(o => Line(o.Entry, o.Backlog, text)).ToList(), text, note);
    }

    /// <summary>A click on one of the backlog's buttons.</summary>
    public async Task<CardAnswer> ExecuteAsync(string tenantId, Person person, string verb, JObject? data, BotText text, CancellationToken cancellationToken)
    {
        var teamId = CardData.Text(data, BacklogCards.TeamField);
        var entry = CardData.SmallNumber(data, BacklogCards.EntryField);
        switch (verb)
        {
            case CardVerbs.CaptureConfirm:
                return await ConfirmAsync(tenantId, person, data, text, cancellationToken);
            case CardVerbs.CaptureDismiss:
                return CardAnswer.Replace(CaptureCards.Note(text["Capture.Dismissed"]));
            case CardVerbs.CaptureUndo:
                return await UndoAsync(tenantId, person, teamId, CardData.Text(data, CaptureCards.KeyField), text, cancellationToken);
            case CardVerbs.ShowMyEntries:
                return CardAnswer.Replace(await OwnEntriesAsync(tenantId, person, null, text, cancellationToken));
        }

        if (teamId is null)
        {
            return CardAnswer.Text(text["Backlog.NotFound"]);
        }

        switch (verb)
        {
            case CardVerbs.ShowBacklog:
                return CardAnswer.Replace(await OverviewAsync(tenantId, person, teamId, CardData.SmallNumber(data, BacklogCards.PageField) ?? 0, null, text, cancellationToken));
            case CardVerbs.EditEntry:
            case CardVerbs.SaveEntry:
            case CardVerbs.WithdrawEntry:
                return entry is { } number
                    ? await ChangeEntryAsync(tenantId, person, verb, teamId, number, data, text, cancellationToken)
                    : CardAnswer.Text(text["Backlog.NotFound"]);
        }

        if (entry is not { } key)
        {
            return CardAnswer.Text(text["Backlog.NotFound"]);
        }

        switch (verb)
        {
            case CardVerbs.ShowPattern:
                return await DetailAsync(tenantId, person, teamId, key, null, text, cancellationToken);
            case CardVerbs.PlusOne:
                var counted = await book.PlusOneAsync(tenantId, person.AadObjectId, teamId, key, cancellationToken);
                return counted == PatternChange.Done
                    ? await DetailAsync(tenantId, person, teamId, key, text["Pattern.PlusOne.Done"], text, cancellationToken)
                    : CardAnswer.Text(text[$"Pattern.{counted}"]);
            case CardVerbs.MergePattern:
                if (CardData.SmallNumber(data, BacklogCards.MergeInputId) is not { } other)
                {
                    return CardAnswer.Text(text["Pattern.MergeChoose"]);
                }

                var merged = await book.MergeAsync(tenantId, person.AadObjectId, teamId, key, other, cancellationToken);
                return merged == PatternChange.Done
                    ? await DetailAsync(tenantId, person, teamId, key, text["Pattern.Merge.Done"], text, cancellationToken)
                    : CardAnswer.Text(text[$"Pattern.{merged}"]);
            case CardVerbs.SplitEntry:
                if (CardData.SmallNumber(data, BacklogCards.SplitInputId) is not { } split)
                {
                    return CardAnswer.Text(text["Pattern.SplitChoose"]);
                }

                return await SplitAsync(tenantId, person, teamId, key, split, text, cancellationToken);
            default:
                return CardAnswer.Text(text["UnknownAction.Reply"]);
        }
    }

    private async Task<CardAnswer> SplitAsync(string tenantId, Person person, string teamId, int key, int split, BotText text, CancellationToken cancellationToken)
    {
        // The pattern keeps its number after the split: the card shows what remains of it.
        var changed = await book.SplitAsync(tenantId, person.AadObjectId, teamId, split, cancellationToken);
        if (changed != PatternChange.Done)
        {
            return CardAnswer.Text(text[$"Pattern.{changed}"]);
        }

        var note = string.Format(text.Culture, text["Pattern.Split.Done"], split);
        return await DetailAsync(tenantId, person, teamId, key, note, text, cancellationToken);
    }

    private async Task<CardAnswer> ConfirmAsync(string tenantId, Person person, JObject? data, BotText text, CancellationToken cancellationToken)
    {
        var typed = CardData.Text(data, CaptureCards.TextField);
        var key = CardData.Text(data, CaptureCards.KeyField);
        var teamId = CardData.Text(data, CaptureCards.TeamField);
        if (string.IsNullOrWhiteSpace(typed) || key is null || teamId is null)
        {
            return CardAnswer.Text(text["Capture.Empty"]);
        }

        var anonymous = string.Equals(CardData.Text(data, CaptureCards.AnonymousInputId), "true", StringComparison.OrdinalIgnoreCase);
        return await RecordAsync(tenantId, person, teamId, typed, anonymous, key, text, cancellationToken);
    }

    private async Task<CardAnswer> RecordAsync(
        string tenantId, Person person, string teamId, string typed, bool anonymous, string key, BotText text, CancellationToken cancellationToken)
    {
        var result = await book.CaptureAsync(tenantId, person.AadObjectId, teamId, typed, anonymous, key, cancellationToken);
        switch (result)
        {
            case CaptureResult.Recorded recorded:
                var backlogs = await book.BacklogsOfAsync(tenantId, person.AadObjectId, cancellationToken);
                var name = CaptureCards.Name(backlogs.FirstOrDefault(b => b.TeamId == teamId) ?? new BacklogRef(teamId, null), text);
                return CardAnswer.Replace(CaptureCards.Recorded(
                    new CaptureRecordedView(recorded.Entry.Number, teamId, name, key, anonymous, recorded.TextWasCut), text));
            case CaptureResult.AlreadyRecorded already:
                return CardAnswer.Replace(CaptureCards.Note(already.Number is { } number
                    ? string.Format(text.Culture, text["Capture.AlreadyWithNumber"], number)
                    : text["Capture.Already"]));
            case CaptureResult.NotMember:
                return CardAnswer.Text(text["Backlog.NotMember"]);
            default:
                return CardAnswer.Text(text["Capture.Empty"]);
        }
    }

    private async Task<CardAnswer> UndoAsync(string tenantId, Person person, string? teamId, string? key, BotText text, CancellationToken cancellationToken)
    {
        if (teamId is null || key is null)
        {
            return CardAnswer.Text(text["Capture.UndoNotFound"]);
        }

        return await book.UndoAsync(tenantId, person.AadObjectId, teamId, key, cancellationToken) switch
        {
            UndoResult.Undone => CardAnswer.Replace(CaptureCards.Note(text["Capture.Undone"])),
            UndoResult.TooLate => CardAnswer.Text(text["Capture.UndoTooLate"]),
            UndoResult.NotYours => CardAnswer.Text(text["Entry.NotYours"]),
            _ => CardAnswer.Text(text["Capture.UndoNotFound"]),
        };
    }

    private async Task<CardAnswer> ChangeEntryAsync(
        string tenantId, Person person, string verb, string teamId, int number, JObject? data, BotText text, CancellationToken cancellationToken)
    {
        if (verb == CardVerbs.EditEntry)
        {
            var own = await book.OwnEntriesAsync(tenantId, person.AadObjectId, cancellationToken);
            var match = own.FirstOrDefault(o => o.Entry.TeamId == teamId && o.Entry.Number == number);
            return match.Entry is null || match.Entry.Source == EntrySource.PlusOne
                ? CardAnswer.Text(text["Entry.NotFound"])
                : CardAnswer.Replace(BacklogCards.EditEntry(Line(match.Entry, match.Backlog, text), text));
        }

        if (verb == CardVerbs.SaveEntry)
        {
            var typed = CardData.Text(data, BacklogCards.TextInputId);
            var (change, cut) = await book.EditAsync(tenantId, person.AadObjectId, teamId, number, typed, cancellationToken);
            if (change == EntryChange.EmptyText)
            {
                var own = await book.OwnEntriesAsync(tenantId, person.AadObjectId, cancellationToken);
                var match = own.FirstOrDefault(o => o.Entry.TeamId == teamId && o.Entry.Number == number);
                return match.Entry is null
                    ? CardAnswer.Text(text["Entry.NotFound"])
                    : CardAnswer.Replace(BacklogCards.EditEntry(Line(match.Entry, match.Backlog, text), text, text["Entry.EmptyText"]));
            }

            return change == EntryChange.Done
                ? CardAnswer.Replace(await OwnEntriesAsync(tenantId, person, string.Format(text.Culture, text[cut ? "Entry.SavedCut" : "Entry.Saved"], number, BacklogEntry.MaxTextLength), text, cancellationToken))
                : CardAnswer.Text(text[$"Entry.{change}"]);
        }

        var withdrawn = await book.WithdrawAsync(tenantId, person.AadObjectId, teamId, number, cancellationToken);
        return withdrawn == EntryChange.Done
            ? CardAnswer.Replace(await OwnEntriesAsync(tenantId, person, string.Format(text.Culture, text["Entry.WithdrawnDone"], number), text, cancellationToken))
            : CardAnswer.Text(text[$"Entry.{withdrawn}"]);
    }

    private async Task<AdaptiveCard> OverviewAsync(string tenantId, Person person, string teamId, int page, string? note, BotText text, CancellationToken cancellationToken)
    {
        var view = await book.ViewAsync(tenantId, person.AadObjectId, teamId, cancellationToken);
        if (view is null)
        {
            return CaptureCards.Note(text["Backlog.NotMember"]);
        }

        var patterns = view.Grouped.Patterns;
        var pageCount = Math.Max(1, (patterns.Count + BacklogCards.PageSize - 1) / BacklogCards.PageSize);
        page = Math.Clamp(page, 0, pageCount - 1);
        var lines = patterns.Skip(page * BacklogCards.PageSize).Take(BacklogCards.PageSize).Select(p => Line(p, view, text)).ToList();
        return BacklogCards.Overview(new BacklogPageView(teamId, CaptureCards.Name(view.Backlog, text), lines, page, pageCount, view.Grouped.Entries.Count, note), text);
    }

    private async Task<CardAnswer> DetailAsync(string tenantId, Person person, string teamId, int patternNumber, string? note, BotText text, CancellationToken cancellationToken)
    {
        var view = await book.ViewAsync(tenantId, person.AadObjectId, teamId, cancellationToken);
        if (view is null)
        {
            return CardAnswer.Text(text["Backlog.NotMember"]);
        }

        if (view.Grouped.Pattern(patternNumber) is not { } pattern)
        {
            return CardAnswer.Text(text["Backlog.NotFound"]);
        }

        var entries = pattern.Entries.Select(e => new PatternEntryLine(
            e.Number,
            DateOnly.FromDateTime(e.CreatedAt.UtcDateTime),
            e.AuthorAadObjectId is { } author ? view.Names.GetValueOrDefault(author) ?? (author == person.AadObjectId ? person.Name : null) : null,
            e.AuthorAadObjectId is null,
            e.Source == EntrySource.PlusOne,
            e.Text)).ToList();
        var others = view.Grouped.Patterns.Where(p => p.Key != pattern.Key).Select(p => (p.Key, p.Title)).ToList();
        return CardAnswer.Replace(BacklogCards.Detail(
            new PatternDetailView(teamId, CaptureCards.Name(view.Backlog, text), Line(pattern, view, text), entries, others, view.ViewerLeads, note), text));
    }

    private PatternLine Line(TeamPattern pattern, BacklogView view, BotText text)
    {
        var check = AssessmentCards.StatusLine(AssessmentDesk.Match(view.Assessments, pattern), text);
        // Trend: mentions in the last seven days against the seven before.
        var now = clock.GetUtcNow();
        var lastWeek = pattern.Entries.Count(e => e.CreatedAt > now.AddDays(-7) && e.CreatedAt <= now);
        var weekBefore = pattern.Entries.Count(e => e.CreatedAt > now.AddDays(-14) && e.CreatedAt <= now.AddDays(-7));
        var trend = lastWeek > weekBefore ? Trend.Up : lastWeek < weekBefore ? Trend.Down : Trend.Flat;
        var summary = pattern.Pattern;
        return new PatternLine(pattern.Key, pattern.Title, summary.Mentions, summary.People, summary.TimePerWeekText, trend, lastWeek, weekBefore, check);
    }

    private static OwnEntryLine Line(BacklogEntry entry, BacklogRef backlog, BotText text) => new(
        entry.TeamId,
        CaptureCards.Name(backlog, text),
        entry.Number,
        DateOnly.FromDateTime(entry.CreatedAt.UtcDateTime),
        entry.EditedAt is not null,
        entry.Source == EntrySource.PlusOne,
        entry.Text);
}
