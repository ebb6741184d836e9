using System.Globalization;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Commands;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Registry;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage.Backlog;
using TeamsKiCoach.Storage.Registry;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>
/// "Was ist automatisiert?" in chat: the team's registry, one entry explained, free questions answered from the
/// registry only (a language model that can only read it, or a word search), and a lead's cards to enter, edit,
/// pause and retire entries. Who acts is the Teams user of the activity; card data only names a team and an entry.
/// </summary>
public sealed class RegistryTurns(AutomationRegistry registry, IRegistryQuestions questions, BacklogService backlogService) : ITurnFeature
{
    public async Task<AdaptiveCard> ListAsync(string tenantId, Person person, string? teamInContext, BotText text, CancellationToken cancellationToken) =>
        await WithTeamAsync(tenantId, person, teamInContext, text, cancellationToken, async teamId =>
            await registry.ViewAsync(tenantId, person.AadObjectId, teamId, RegistryText.For(text.Culture.Name), cancellationToken) is { } view
                ? RegistryCards.List(ListView(view), text)
                : CaptureCards.Note(text["Backlog.NotMember"]));

    /// <summary>"erkläre …": the entry of that name; when there is none, the registry with a note saying so.</summary>
    public async Task<AdaptiveCard> ExplainAsync(string tenantId, Person person, string? teamInContext, string name, BotText text, CancellationToken cancellationToken) =>
        await WithTeamAsync(tenantId, person, teamInContext, text, cancellationToken, async teamId =>
        {
            if (await registry.ViewAsync(tenantId, person.AadObjectId, teamId, RegistryText.For(text.Culture.Name), cancellationToken) is not { } view)
            {
                return CaptureCards.Note(text["Backlog.NotMember"]);
            }

            return RegistrySearch.Explain(view.Entries, name) is { } entry
                ? RegistryCards.Explain(new RegistryExplainView(teamId, entry, view.ViewerIsLead), text)
                : new AdaptiveCard([new LiteralText(string.Format(text.Culture, text["Registry.NoMatch"], name)), .. RegistryCards.List(ListView(view), text).Body],
                    RegistryCards.List(ListView(view), text).Actions);
        });

    /// <summary>A free question, answered from the team's registry entries and citing the ones it used.</summary>
    public async Task<AdaptiveCard> AskAsync(string tenantId, Person person, string? teamInContext, string question, BotText text, CancellationToken cancellationToken) =>
        await WithTeamAsync(tenantId, person, teamInContext, text, cancellationToken, async teamId =>
        {
            var registryText = RegistryText.For(text.Culture.Name);
            if (await registry.ViewAsync(tenantId, person.AadObjectId, teamId, registryText, cancellationToken) is not { } view)
            {
                return CaptureCards.Note(text["Backlog.NotMember"]);
            }

            var answer = await questions.AnswerAsync(question, view.Entries, registryText, cancellationToken);
            return RegistryCards.Answer(new RegistryAnswerView(teamId, question, answer), text);
        });

    public void Register(TurnRoutes routes)
    {
        routes.Command(CommandKind.Registry, async (turn, _, ct) => TurnReply.Replace(await ListAsync(turn.TenantId, turn.Person, turn.TeamInContext, turn.Text, ct)));
        routes.Command(CommandKind.Explain, async (turn, command, ct) =>
            TurnReply.Replace(await ExplainAsync(turn.TenantId, turn.Person, turn.TeamInContext, command.Text ?? string.Empty, turn.Text, ct)));
        routes.Command(CommandKind.AskRegistry, async (turn, command, ct) =>
            TurnReply.Replace(await AskAsync(turn.TenantId, turn.Person, turn.TeamInContext, command.Text ?? string.Empty, turn.Text, ct)));

        routes.Verb(CardVerbs.ShowRegistry, (turn, click, ct) => OfRegistry(turn, click, (teamId, view) =>
            Task.FromResult(TurnReply.Replace(RegistryCards.List(ListView(view), turn.Text))), ct));
        routes.Verb(CardVerbs.ExplainAutomation, (turn, click, ct) => OfRegistry(turn, click, (teamId, view) =>
            Task.FromResult(Entry(view, click) is { } entry
                ? TurnReply.Replace(RegistryCards.Explain(new RegistryExplainView(teamId, entry, view.ViewerIsLead), turn.Text))
                : TurnReply.Text(turn.Text["Registry.NotFound"])), ct));
        routes.Verb(CardVerbs.AddAutomation, (turn, click, ct) => OfRegistry(turn, click, (teamId, view) => AsLead(turn, view, () =>
            Task.FromResult(TurnReply.Replace(RegistryCards.Form(new RegistryFormView(teamId, null, view.Members), turn.Text)))), ct));
        routes.Verb(CardVerbs.SaveAutomation, (turn, click, ct) => OfRegistry(turn, click, (teamId, view) => AsLead(turn, view, () =>
            CardData.Text(click.Data, RegistryCards.EntryField) is null
                ? SaveAsync(turn.TenantId, turn.Person, teamId, null, view, click.Data, turn.Text, ct)
                : OfTeamsOwn(turn, view, click, entry => SaveAsync(turn.TenantId, turn.Person, teamId, entry, view, click.Data, turn.Text, ct))), ct));
        routes.Verb(CardVerbs.EditAutomation, (turn, click, ct) => OfRegistry(turn, click, (teamId, view) => AsLead(turn, view, () =>
            OfTeamsOwn(turn, view, click, entry => Task.FromResult(TurnReply.Replace(RegistryCards.Form(new RegistryFormView(teamId, entry, view.Members), turn.Text))))), ct));
        routes.Verb(CardVerbs.PauseAutomation, SetStatus(AutomationStatus.Paused));
        routes.Verb(CardVerbs.ResumeAutomation, SetStatus(AutomationStatus.Running));
        routes.Verb(CardVerbs.RetireAutomation, SetStatus(AutomationStatus.Retired));
    }

    // A lead pauses, resumes or retires one of the team's own entries, at the version the card showed.
    private VerbHandler SetStatus(AutomationStatus status) => (turn, click, ct) => OfRegistry(turn, click, (teamId, view) => AsLead(turn, view, () =>
        OfTeamsOwn(turn, view, click, async entry =>
        {
            var version = int.TryParse(CardData.Text(click.Data, RegistryCards.VersionField), NumberStyles.None, CultureInfo.InvariantCulture, out var shown) ? shown : -1;
            return Settled(await registry.SetStatusAsync(turn.TenantId, turn.Person.AadObjectId, turn.Person.Name, teamId, entry.Id, version, status, ct), teamId, turn.Text);
        })), ct);

    // The registry of the team the card names, as this person may see it.
    private async Task<TurnReply> OfRegistry(Turn turn, CardClick click, Func<string, RegistryView, Task<TurnReply>> answer, CancellationToken cancellationToken)
    {
        if (CardData.Text(click.Data, RegistryCards.TeamField) is not { } teamId)
        {
            return TurnReply.Text(turn.Text["Registry.NotFound"]);
        }

        return await registry.ViewAsync(turn.TenantId, turn.Person.AadObjectId, teamId, RegistryText.For(turn.Text.Culture.Name), cancellationToken) is { } view
            ? await answer(teamId, view)
            : TurnReply.Text(turn.Text["Backlog.NotMember"]);
    }

    private static Task<TurnReply> AsLead(Turn turn, RegistryView view, Func<Task<TurnReply>> answer) =>
        view.ViewerIsLead ? answer() : Task.FromResult(TurnReply.Text(turn.Text["Registry.NotALead"]));

    // An entry the team wrote itself; the bot's own steps are described from what it runs and cannot be edited.
    private static Task<TurnReply> OfTeamsOwn(Turn turn, RegistryView view, CardClick click, Func<AutomationEntry, Task<TurnReply>> answer) =>
        Entry(view, click) is { IsBuiltIn: false } entry
            ? answer(entry)
            : Task.FromResult(TurnReply.Text(turn.Text[Entry(view, click) is null ? "Registry.NotFound" : "Registry.BuiltIn"]));

    private static AutomationEntry? Entry(RegistryView view, CardClick click) =>
        CardData.Text(click.Data, RegistryCards.EntryField) is { } reference ? view.Entries.FirstOrDefault(e => e.Reference == reference) : null;

    private async Task<TurnReply> SaveAsync(
        string tenantId, Person person, string teamId, AutomationEntry? entry, RegistryView view, JObject? data, BotText text, CancellationToken cancellationToken)
    {
        var statusValue = CardData.Text(data, RegistryCards.StatusInputId);
        var validStatus = Enum.TryParse<AutomationStatus>(statusValue, ignoreCase: false, out var status) && Enum.IsDefined(status) && !int.TryParse(statusValue, out _);
        var draft = new AutomationDraft(
            CardData.Text(data, RegistryCards.NameInputId),
            CardData.Text(data, RegistryCards.StepsInputId),
            CardData.Text(data, RegistryCards.DoesNotInputId),
            CardData.Text(data, RegistryCards.TriggerInputId),
            CardData.Text(data, RegistryCards.DataInputId),
            string.Equals(CardData.Text(data, RegistryCards.UsesAiInputId), "true", StringComparison.OrdinalIgnoreCase),
            CardData.Text(data, RegistryCards.AiRoleInputId),
            CardData.Text(data, RegistryCards.OwnerInputId) is { } owner && owner != RegistryCards.NoOwner ? owner : null,
            validStatus ? status : (AutomationStatus)(-1));
        int? version = int.TryParse(CardData.Text(data, RegistryCards.VersionField), NumberStyles.None, CultureInfo.InvariantCulture, out var shown) ? shown : null;
        var (change, saved) = await registry.SaveAsync(tenantId, person.AadObjectId, person.Name, teamId, entry?.Id, version, draft, cancellationToken);
        return change switch
        {
            RegistryChange.Invalid => TurnReply.Replace(RegistryCards.Form(new RegistryFormView(teamId, entry, view.Members, draft with { Status = validStatus ? status : AutomationStatus.Running }, text["Registry.Invalid"]), text)),
            _ => Settled((change, saved), teamId, text),
        };
    }

    private static TurnReply Settled((RegistryChange Change, AutomationEntry? Entry) result, string teamId, BotText text) => result switch
    {
        (RegistryChange.Done, { } entry) => TurnReply.Replace(RegistryCards.Explain(new RegistryExplainView(teamId, entry, true, text["Registry.Saved"]), text)),
        (RegistryChange.ChangedMeanwhile, { } entry) => TurnReply.Replace(RegistryCards.Explain(new RegistryExplainView(teamId, entry, true, text["Registry.ChangedMeanwhile"]), text)),
        (RegistryChange.NotALead, _) => TurnReply.Text(text["Registry.NotALead"]),
        (RegistryChange.ChangedMeanwhile, null) => TurnReply.Text(text["Registry.ChangedMeanwhile"]),
        _ => TurnReply.Text(text["Registry.NotFound"]),
    };

    // In a team channel: that team. In a chat: the person's team, or a choice when they are in several.
    private async Task<AdaptiveCard> WithTeamAsync(
        string tenantId, Person person, string? teamInContext, BotText text, CancellationToken cancellationToken, Func<string, Task<AdaptiveCard>> show)
    {
        if (teamInContext is not null)
        {
            return await show(teamInContext);
        }

        var teams = (await backlogService.BacklogsOfAsync(tenantId, person.AadObjectId, cancellationToken))
            .Where(b => !b.TeamId.StartsWith(TeamRecord.PersonalPrefix, StringComparison.Ordinal))
            .ToList();
        return teams.Count switch
        {
            0 => CaptureCards.Note(text["Registry.NoTeam"]),
            1 => await show(teams[0].TeamId),
            _ => RegistryCards.Choose(teams.Select(t => (t.TeamId, CaptureCards.Name(t, text))).ToList(), text),
        };
    }

    private static RegistryListView ListView(RegistryView view) => new(view.Team.TeamId, view.Team.Name ?? view.Team.TeamId, view.Entries, view.ViewerIsLead);
}
