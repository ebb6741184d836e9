using System.Globalization;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Registry;
using TeamsKiCoach.Coaching.Teams;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>
/// "Was ist automatisiert?" in chat: the team's registry, one entry explained, free questions answered from the
/// registry only (a language model that can only read it, or a word search), and a lead's cards to enter, edit,
/// pause and retire entries. Who acts is the Teams user of the activity; card data only names a team and an entry.
/// </summary>
public sealed class RegistryTurns(AutomationRegistry registry, IRegistryQuestions questions, BacklogBook book)
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

    public async Task<CardAnswer> ExecuteAsync(string tenantId, Person person, string verb, JObject? data, BotText text, CancellationToken cancellationToken)
    {
        if (CardData.Text(data, RegistryCards.TeamField) is not { } teamId)
        {
            return CardAnswer.Text(text["Registry.NotFound"]);
        }

        var registryText = RegistryText.For(text.Culture.Name);
        if (await registry.ViewAsync(tenantId, person.AadObjectId, teamId, registryText, cancellationToken) is not { } view)
        {
            return CardAnswer.Text(text["Backlog.NotMember"]);
        }

        if (verb == CardVerbs.ShowRegistry)
        {
            return CardAnswer.Replace(RegistryCards.List(ListView(view), text));
        }

        var reference = CardData.Text(data, RegistryCards.EntryField);
        var entry = reference is null ? null : view.Entries.FirstOrDefault(e => e.Reference == reference);
        if (verb == CardVerbs.ExplainAutomation)
        {
            return entry is null ? CardAnswer.Text(text["Registry.NotFound"]) : CardAnswer.Replace(RegistryCards.Explain(new RegistryExplainView(teamId, entry, view.ViewerIsLead), text));
        }

        if (!view.ViewerIsLead)
        {
            return CardAnswer.Text(text["Registry.NotALead"]);
        }

        if (verb == CardVerbs.AddAutomation)
        {
            return CardAnswer.Replace(RegistryCards.Form(new RegistryFormView(teamId, null, view.Members), text));
        }

        if (verb == CardVerbs.SaveAutomation && reference is null)
        {
            return await SaveAsync(tenantId, person, teamId, null, view, data, text, cancellationToken);
        }

        if (entry is null || entry.IsBuiltIn)
        {
            return CardAnswer.Text(text[entry is null ? "Registry.NotFound" : "Registry.BuiltIn"]);
        }

        var version = int.TryParse(CardData.Text(data, RegistryCards.VersionField), NumberStyles.None, CultureInfo.InvariantCulture, out var shown) ? shown : -1;
        return verb switch
        {
            CardVerbs.EditAutomation => CardAnswer.Replace(RegistryCards.Form(new RegistryFormView(teamId, entry, view.Members), text)),
            CardVerbs.SaveAutomation => await SaveAsync(tenantId, person, teamId, entry, view, data, text, cancellationToken),
            CardVerbs.PauseAutomation => Settled(await registry.SetStatusAsync(tenantId, person.AadObjectId, person.Name, teamId, entry.Id, version, AutomationStatus.Paused, cancellationToken), teamId, text),
            CardVerbs.ResumeAutomation => Settled(await registry.SetStatusAsync(tenantId, person.AadObjectId, person.Name, teamId, entry.Id, version, AutomationStatus.Running, cancellationToken), teamId, text),
            CardVerbs.RetireAutomation => Settled(await registry.SetStatusAsync(tenantId, person.AadObjectId, person.Name, teamId, entry.Id, version, AutomationStatus.Retired, cancellationToken), teamId, text),
            _ => CardAnswer.Text(text["UnknownAction.Reply"]),
        };
    }

    private async Task<CardAnswer> SaveAsync(
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
            RegistryChange.Invalid => CardAnswer.Replace(RegistryCards.Form(new RegistryFormView(teamId, entry, view.Members, draft with { Status = validStatus ? status : AutomationStatus.Running }, text["Registry.Invalid"]), text)),
            _ => Settled((change, saved), teamId, text),
        };
    }

    private static CardAnswer Settled((RegistryChange Change, AutomationEntry? Entry) result, string teamId, BotText text) => result switch
    {
        (RegistryChange.Done, { } entry) => CardAnswer.Replace(RegistryCards.Explain(new RegistryExplainView(teamId, entry, true, text["Registry.Saved"]), text)),
        (RegistryChange.ChangedMeanwhile, { } entry) => CardAnswer.Replace(RegistryCards.Explain(new RegistryExplainView(teamId, entry, true, text["Registry.ChangedMeanwhile"]), text)),
        (RegistryChange.NotALead, _) => CardAnswer.Text(text["Registry.NotALead"]),
        (RegistryChange.ChangedMeanwhile, null) => CardAnswer.Text(text["Registry.ChangedMeanwhile"]),
        _ => CardAnswer.Text(text["Registry.NotFound"]),
    };

    // In a team channel: that team. In a chat: the person's team, or a choice when they are in several.
    private async Task<AdaptiveCard> WithTeamAsync(
        string tenantId, Person person, string? teamInContext, BotText text, CancellationToken cancellationToken, Func<string, Task<AdaptiveCard>> show)
    {
        if (teamInContext is not null)
        {
            return await show(teamInContext);
        }

        var teams = (await book.BacklogsOfAsync(tenantId, person.AadObjectId, cancellationToken))
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
