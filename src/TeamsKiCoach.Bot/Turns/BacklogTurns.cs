using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Commands;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Storage.Assessment;
using TeamsKiCoach.Storage.Backlog;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>
/// The shared backlog as people meet it in chat: capturing friction (with a minute to undo), the overview of top
/// patterns, a pattern's detail with +1 and the leads' merge and split, and a person's own entries to edit or
/// withdraw. Who acts is always the Teams user of the activity; card data only names a team, an entry or a page.
/// </summary>
public sealed class BacklogTurns(BacklogService backlogService, TimeProvider clock) : ITurnFeature
{
    /// <summary>"reibung: …": recorded at once when the person has one backlog, else they pick one first.</summary>
    public async Task<AdaptiveCard> CaptureAsync(string tenantId, Person person, string typed, bool anonymous, BotText text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return CaptureCards.Note(text["Capture.Empty"]);
        }

        var (clean, cut) = BacklogEntry.CleanText(typed);
        var backlogs = await backlogService.BacklogsOfAsync(tenantId, person.AadObjectId, cancellationToken);
        var key = BacklogService.NewCaptureKey();
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
        var (clean, cut) = BacklogEntry.CleanText(typed);
        var backlogs = await backlogService.BacklogsOfAsync(tenantId, person.AadObjectId, cancellationToken);
        return CaptureCards.Question(new CaptureQuestionView(clean, BacklogService.NewCaptureKey(), backlogs, Asked: true, cut), text);
    }

    public async Task<AdaptiveCard> BacklogAsync(string tenantId, Person person, string? teamInContext, BotText text, CancellationToken cancellationToken)
    {
        if (teamInContext is not null)
        {
            return await OverviewAsync(tenantId, person, teamInContext, 0, null, text, cancellationToken);
        }

        var backlogs = await backlogService.BacklogsOfAsync(tenantId, person.AadObjectId, cancellationToken);
        return backlogs.Count > 1
            ? BacklogCards.Choose(backlogs, text)
            : await OverviewAsync(tenantId, person, backlogs[0].TeamId, 0, null, text, cancellationToken);
    }

    public async Task<AdaptiveCard> OwnEntriesAsync(string tenantId, Person person, string? note, BotText text, CancellationToken cancellationToken)
    {
        var own = await backlogService.OwnEntriesAsync(tenantId, person.AadObjectId, cancellationToken);
        return BacklogCards.OwnEntries(own.Select(o => Line(o.Entry, o.Backlog, text)).ToList(), text, note);
    }

    public void Register(TurnRoutes routes)
    {
        routes.Command(CommandKind.Backlog, async (turn, _, ct) =>
            TurnReply.Replace(await BacklogAsync(turn.TenantId, turn.Person, turn.TeamInContext, turn.Text, ct)));

        // Capturing friction happens only in personal chat: in a channel everyone would read it.
        routes.Command(CommandKind.Capture, (turn, command, ct) => PersonalOnly(turn, async () =>
            TurnReply.Replace(await CaptureAsync(turn.TenantId, turn.Person, command.Text ?? string.Empty, command.Anonymous, turn.Text, ct))));
        routes.Command(CommandKind.MyEntries, (turn, _, ct) => PersonalOnly(turn, async () =>
            TurnReply.Replace(await OwnEntriesAsync(turn.TenantId, turn.Person, null, turn.Text, ct))));

        // Free text that is no command: in personal chat, when it reads like friction, the bot offers to keep it.
        routes.Command(CommandKind.Unknown, async (turn, _, ct) => turn.IsPersonal && FrictionCues.SoundsLikeFriction(turn.TypedText)
            ? TurnReply.Replace(await OfferAsync(turn.TenantId, turn.Person, turn.TypedText, turn.Text, ct))
            : TurnReply.Text(turn.Text["Unknown.Reply"]));

        routes.Verb(CardVerbs.CaptureConfirm, (turn, click, ct) => ConfirmAsync(turn.TenantId, turn.Person, click.Data, turn.Text, ct));
        routes.Verb(CardVerbs.CaptureDismiss, (turn, _, _) => Task.FromResult(TurnReply.Replace(CaptureCards.Note(turn.Text["Capture.Dismissed"]))));
        routes.Verb(CardVerbs.CaptureUndo, (turn, click, ct) =>
            UndoAsync(turn.TenantId, turn.Person, CardData.Text(click.Data, BacklogCards.TeamField), CardData.Text(click.Data, CaptureCards.KeyField), turn.Text, ct));
        routes.Verb(CardVerbs.ShowMyEntries, async (turn, _, ct) => TurnReply.Replace(await OwnEntriesAsync(turn.TenantId, turn.Person, null, turn.Text, ct)));
        routes.Verb(CardVerbs.ShowBacklog, (turn, click, ct) => InTeam(turn, click, async teamId =>
            TurnReply.Replace(await OverviewAsync(turn.TenantId, turn.Person, teamId, CardData.SmallNumber(click.Data, BacklogCards.PageField) ?? 0, null, turn.Text, ct))));
        routes.Verb(CardVerbs.EditEntry, (turn, click, ct) => OnEntry(turn, click, (teamId, number) => EditFormAsync(turn.TenantId, turn.Person, teamId, number, turn.Text, ct)));
        routes.Verb(CardVerbs.SaveEntry, (turn, click, ct) => OnEntry(turn, click, (teamId, number) => SaveEntryAsync(turn.TenantId, turn.Person, teamId, number, click.Data, turn.Text, ct)));
        routes.Verb(CardVerbs.WithdrawEntry, (turn, click, ct) => OnEntry(turn, click, (teamId, number) => WithdrawAsync(turn.TenantId, turn.Person, teamId, number, turn.Text, ct)));
        routes.Verb(CardVerbs.ShowPattern, (turn, click, ct) => OnEntry(turn, click, (teamId, key) => DetailAsync(turn.TenantId, turn.Person, teamId, key, null, turn.Text, ct)));
        routes.Verb(CardVerbs.PlusOne, (turn, click, ct) => OnEntry(turn, click, (teamId, key) => PlusOneAsync(turn.TenantId, turn.Person, teamId, key, turn.Text, ct)));
        routes.Verb(CardVerbs.MergePattern, (turn, click, ct) => OnEntry(turn, click, (teamId, key) =>
            CardData.SmallNumber(click.Data, BacklogCards.MergeInputId) is { } other
                ? MergeAsync(turn.TenantId, turn.Person, teamId, key, other, turn.Text, ct)
                : Task.FromResult(TurnReply.Text(turn.Text["Pattern.MergeChoose"]))));
        routes.Verb(CardVerbs.SplitEntry, (turn, click, ct) => OnEntry(turn, click, (teamId, key) =>
            CardData.SmallNumber(click.Data, BacklogCards.SplitInputId) is { } split
                ? SplitAsync(turn.TenantId, turn.Person, teamId, key, split, turn.Text, ct)
                : Task.FromResult(TurnReply.Text(turn.Text["Pattern.SplitChoose"]))));
    }

    private static Task<TurnReply> PersonalOnly(Turn turn, Func<Task<TurnReply>> answer) =>
        turn.IsPersonal ? answer() : Task.FromResult(TurnReply.Text(turn.Text["Capture.OnlyPersonal"]));

    private static Task<TurnReply> InTeam(Turn turn, CardClick click, Func<string, Task<TurnReply>> answer) =>
        CardData.Text(click.Data, BacklogCards.TeamField) is { } teamId ? answer(teamId) : Task.FromResult(TurnReply.Text(turn.Text["Backlog.NotFound"]));

    // A button about one entry, or one pattern by its number, of a team's backlog.
    private static Task<TurnReply> OnEntry(Turn turn, CardClick click, Func<string, int, Task<TurnReply>> answer) =>
        CardData.Text(click.Data, BacklogCards.TeamField) is { } teamId && CardData.SmallNumber(click.Data, BacklogCards.EntryField) is { } entry
            ? answer(teamId, entry)
            : Task.FromResult(TurnReply.Text(turn.Text["Backlog.NotFound"]));

    private async Task<TurnReply> PlusOneAsync(string tenantId, Person person, string teamId, int key, BotText text, CancellationToken cancellationToken)
    {
        var counted = await backlogService.PlusOneAsync(tenantId, person.AadObjectId, teamId, key, cancellationToken);
        return counted == PatternChange.Done
            ? await DetailAsync(tenantId, person, teamId, key, text["Pattern.PlusOne.Done"], text, cancellationToken)
            : TurnReply.Text(text[$"Pattern.{counted}"]);
    }

    private async Task<TurnReply> MergeAsync(string tenantId, Person person, string teamId, int key, int other, BotText text, CancellationToken cancellationToken)
    {
        var merged = await backlogService.MergeAsync(tenantId, person.AadObjectId, teamId, key, other, cancellationToken);
        return merged == PatternChange.Done
            ? await DetailAsync(tenantId, person, teamId, key, text["Pattern.Merge.Done"], text, cancellationToken)
            : TurnReply.Text(text[$"Pattern.{merged}"]);
    }

    private async Task<TurnReply> SplitAsync(string tenantId, Person person, string teamId, int key, int split, BotText text, CancellationToken cancellationToken)
    {
        // The pattern keeps its number after the split: the card shows what remains of it.
        var changed = await backlogService.SplitAsync(tenantId, person.AadObjectId, teamId, split, cancellationToken);
        if (changed != PatternChange.Done)
        {
            return TurnReply.Text(text[$"Pattern.{changed}"]);
        }

        var note = string.Format(text.Culture, text["Pattern.Split.Done"], split);
        return await DetailAsync(tenantId, person, teamId, key, note, text, cancellationToken);
    }

    private async Task<TurnReply> ConfirmAsync(string tenantId, Person person, JObject? data, BotText text, CancellationToken cancellationToken)
    {
        var typed = CardData.Text(data, CaptureCards.TextField);
        var key = CardData.Text(data, CaptureCards.KeyField);
        var teamId = CardData.Text(data, CaptureCards.TeamField);
        if (string.IsNullOrWhiteSpace(typed) || key is null || teamId is null)
        {
            return TurnReply.Text(text["Capture.Empty"]);
        }

        var anonymous = string.Equals(CardData.Text(data, CaptureCards.AnonymousInputId), "true", StringComparison.OrdinalIgnoreCase);
        return await RecordAsync(tenantId, person, teamId, typed, anonymous, key, text, cancellationToken);
    }

    private async Task<TurnReply> RecordAsync(
        string tenantId, Person person, string teamId, string typed, bool anonymous, string key, BotText text, CancellationToken cancellationToken)
    {
        var result = await backlogService.CaptureAsync(tenantId, person.AadObjectId, teamId, typed, anonymous, key, cancellationToken);
        switch (result)
        {
            case CaptureResult.Recorded recorded:
                var backlogs = await backlogService.BacklogsOfAsync(tenantId, person.AadObjectId, cancellationToken);
                var name = CaptureCards.Name(backlogs.FirstOrDefault(b => b.TeamId == teamId) ?? new BacklogRef(teamId, null), text);
                return TurnReply.Replace(CaptureCards.Recorded(
                    new CaptureRecordedView(recorded.Entry.Number, teamId, name, key, anonymous, recorded.TextWasCut), text));
            case CaptureResult.AlreadyRecorded already:
                return TurnReply.Replace(CaptureCards.Note(already.Number is { } number
                    ? string.Format(text.Culture, text["Capture.AlreadyWithNumber"], number)
                    : text["Capture.Already"]));
            case CaptureResult.NotMember:
                return TurnReply.Text(text["Backlog.NotMember"]);
            default:
                return TurnReply.Text(text["Capture.Empty"]);
        }
    }

    private async Task<TurnReply> UndoAsync(string tenantId, Person person, string? teamId, string? key, BotText text, CancellationToken cancellationToken)
    {
        if (teamId is null || key is null)
        {
            return TurnReply.Text(text["Capture.UndoNotFound"]);
        }

        return await backlogService.UndoAsync(tenantId, person.AadObjectId, teamId, key, cancellationToken) switch
        {
            UndoResult.Undone => TurnReply.Replace(CaptureCards.Note(text["Capture.Undone"])),
            UndoResult.TooLate => TurnReply.Text(text["Capture.UndoTooLate"]),
            UndoResult.NotYours => TurnReply.Text(text["Entry.NotYours"]),
            _ => TurnReply.Text(text["Capture.UndoNotFound"]),
        };
    }

    private async Task<TurnReply> EditFormAsync(string tenantId, Person person, string teamId, int number, BotText text, CancellationToken cancellationToken)
    {
        var own = await backlogService.OwnEntriesAsync(tenantId, person.AadObjectId, cancellationToken);
        var match = own.FirstOrDefault(o => o.Entry.TeamId == teamId && o.Entry.Number == number);
        return match.Entry is null || match.Entry.Source == EntrySource.PlusOne
            ? TurnReply.Text(text["Entry.NotFound"])
            : TurnReply.Replace(BacklogCards.EditEntry(Line(match.Entry, match.Backlog, text), text));
    }

    private async Task<TurnReply> SaveEntryAsync(string tenantId, Person person, string teamId, int number, JObject? data, BotText text, CancellationToken cancellationToken)
    {
        var typed = CardData.Text(data, BacklogCards.TextInputId);
        var (change, cut) = await backlogService.EditAsync(tenantId, person.AadObjectId, teamId, number, typed, cancellationToken);
        if (change == EntryChange.EmptyText)
        {
            var own = await backlogService.OwnEntriesAsync(tenantId, person.AadObjectId, cancellationToken);
            var match = own.FirstOrDefault(o => o.Entry.TeamId == teamId && o.Entry.Number == number);
            return match.Entry is null
                ? TurnReply.Text(text["Entry.NotFound"])
                : TurnReply.Replace(BacklogCards.EditEntry(Line(match.Entry, match.Backlog, text), text, text["Entry.EmptyText"]));
        }

        return change == EntryChange.Done
            ? TurnReply.Replace(await OwnEntriesAsync(tenantId, person, string.Format(text.Culture, text[cut ? "Entry.SavedCut" : "Entry.Saved"], number, BacklogEntry.MaxTextLength), text, cancellationToken))
            : TurnReply.Text(text[$"Entry.{change}"]);
    }

    private async Task<TurnReply> WithdrawAsync(string tenantId, Person person, string teamId, int number, BotText text, CancellationToken cancellationToken)
    {
        var withdrawn = await backlogService.WithdrawAsync(tenantId, person.AadObjectId, teamId, number, cancellationToken);
        return withdrawn == EntryChange.Done
            ? TurnReply.Replace(await OwnEntriesAsync(tenantId, person, string.Format(text.Culture, text["Entry.WithdrawnDone"], number), text, cancellationToken))
            : TurnReply.Text(text[$"Entry.{withdrawn}"]);
    }

    private async Task<AdaptiveCard> OverviewAsync(string tenantId, Person person, string teamId, int page, string? note, BotText text, CancellationToken cancellationToken)
    {
        var view = await backlogService.ViewAsync(tenantId, person.AadObjectId, teamId, cancellationToken);
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

    private async Task<TurnReply> DetailAsync(string tenantId, Person person, string teamId, int patternNumber, string? note, BotText text, CancellationToken cancellationToken)
    {
        var view = await backlogService.ViewAsync(tenantId, person.AadObjectId, teamId, cancellationToken);
        if (view is null)
        {
            return TurnReply.Text(text["Backlog.NotMember"]);
        }

        if (view.Grouped.Pattern(patternNumber) is not { } pattern)
        {
            return TurnReply.Text(text["Backlog.NotFound"]);
        }

        var entries = pattern.Entries.Select(e => new PatternEntryLine(
            e.Number,
            DateOnly.FromDateTime(e.CreatedAt.UtcDateTime),
            e.AuthorAadObjectId is { } author ? view.Names.GetValueOrDefault(author) ?? (author == person.AadObjectId ? person.Name : null) : null,
            e.AuthorAadObjectId is null,
            e.Source == EntrySource.PlusOne,
            e.Text)).ToList();
        var others = view.Grouped.Patterns.Where(p => p.Key != pattern.Key).Select(p => (p.Key, p.Title)).ToList();
        return TurnReply.Replace(BacklogCards.Detail(
            new PatternDetailView(teamId, CaptureCards.Name(view.Backlog, text), Line(pattern, view, text), entries, others, view.ViewerLeads, note), text));
    }

    private PatternLine Line(TeamPattern pattern, BacklogView view, BotText text)
    {
        var check = AssessmentCards.StatusLine(AssessmentService.Match(view.Assessments, pattern), text);
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
