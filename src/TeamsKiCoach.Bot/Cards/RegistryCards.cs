using System.Globalization;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Registry;
using TeamsKiCoach.Storage.Registry;

namespace TeamsKiCoach.Bot.Cards;

public sealed record RegistryListView(string TeamId, string TeamName, IReadOnlyList<AutomationEntry> Entries, bool ViewerIsLead);

public sealed record RegistryExplainView(string TeamId, AutomationEntry Entry, bool ViewerIsLead, string? Note = null);

public sealed record RegistryAnswerView(string TeamId, string Question, RegistryAnswer Answer);

public sealed record RegistryFormView(string TeamId, AutomationEntry? Entry, IReadOnlyList<RegistryPerson> Members, AutomationDraft? Values = null, string? Problem = null);

/// <summary>
/// "Was ist automatisiert?": the registry of a team's automated steps, one entry explained, an answer to a
/// question about them, and a lead's form to enter or change an entry. Names, steps and answers are shown as
/// literal text: leads and models wrote them.
/// </summary>
public static class RegistryCards
{
    public const string TeamField = "team";
    public const string EntryField = "automation";
    public const string VersionField = "version";
    public const string NameInputId = "name";
    public const string StepsInputId = "steps";
    public const string DoesNotInputId = "doesNot";
    public const string TriggerInputId = "trigger";
    public const string DataInputId = "dataUsed";
    public const string UsesAiInputId = "usesAi";
    public const string AiRoleInputId = "aiRole";
    public const string OwnerInputId = "owner";
    public const string StatusInputId = "status";

    /// <summary>The owner choice "nobody yet"; a choice needs a value, and no AAD object id looks like this.</summary>
    public const string NoOwner = "nobody";

    public static AdaptiveCard List(RegistryListView view, BotText text)
    {
        var registry = RegistryText.For(text.Culture.Name);
        var body = new List<CardElement>
        {
            new LiteralText(string.Format(text.Culture, text["Registry.Title"], view.TeamName)),
            new TextBlock(text["Registry.Bot"]) { Bold = true, Separator = true },
        };
        body.AddRange(view.Entries.Where(e => e.IsBuiltIn).Select(e => Line(view.TeamId, e, registry, text)));
        body.Add(new TextBlock(text["Registry.Team"]) { Bold = true, Separator = true });
        var own = view.Entries.Where(e => !e.IsBuiltIn).ToList();
        body.AddRange(own.Count == 0 ? [new TextBlock(text["Registry.TeamEmpty"]) { Subtle = true }] : own.Select(e => Line(view.TeamId, e, registry, text)));
        body.Add(new TextBlock(text["Registry.Hint"]) { Subtle = true, Separator = true });
        return new AdaptiveCard(body, view.ViewerIsLead
            ? [new ExecuteAction(text["Registry.Add"], CardVerbs.AddAutomation, Team(view.TeamId))]
            : null);
    }

    public static AdaptiveCard Explain(RegistryExplainView view, BotText text)
    {
        var registry = RegistryText.For(text.Culture.Name);
        var lines = registry.Explain(view.Entry);
        var body = new List<CardElement> { new LiteralText(lines[0]) };
        body.AddRange(lines.Skip(1).Select(l => new LiteralText(l)));
        if (view.Entry.IsBuiltIn)
        {
            body.Add(new TextBlock(text["Registry.BuiltIn"]) { Subtle = true, Separator = true });
        }

        if (view.Note is { } note)
        {
            body.Add(new TextBlock(note) { Subtle = true, Separator = true });
        }

        var actions = new List<CardAction>();
        if (view.ViewerIsLead && !view.Entry.IsBuiltIn)
        {
            var data = Entry(view.TeamId, view.Entry);
            actions.Add(new ExecuteAction(text["Registry.Edit"], CardVerbs.EditAutomation, data));
            if (view.Entry.Status is not AutomationStatus.Retired)
            {
                actions.Add(view.Entry.Status == AutomationStatus.Paused
                    ? new ExecuteAction(text["Registry.Resume"], CardVerbs.ResumeAutomation, data)
                    : new ExecuteAction(text["Registry.Pause"], CardVerbs.PauseAutomation, data));
                actions.Add(new ExecuteAction(text["Registry.Retire"], CardVerbs.RetireAutomation, data));
            }
        }

        actions.Add(new ExecuteAction(text["Registry.ShowAll"], CardVerbs.ShowRegistry, Team(view.TeamId)));
        return new AdaptiveCard(body, actions);
    }

    public static AdaptiveCard Answer(RegistryAnswerView view, BotText text)
    {
        var registry = RegistryText.For(text.Culture.Name);
        var answer = view.Answer;
        var body = new List<CardElement>
        {
            new TextBlock(registry[answer.FromAi ? "Answer.Source.Ai" : "Answer.Source.Search"]) { Bold = true },
            new LiteralText(string.Format(text.Culture, text["Registry.Question"], view.Question)) { Subtle = true },
        };
        body.AddRange(answer.Text.Split('\n').Select(l => new LiteralText(l)));
        if (answer.Cited.Count > 0)
        {
            body.Add(new LiteralText(string.Format(text.Culture, text["Registry.Sources"], string.Join(", ", answer.Cited.Select(e => e.Name)))) { Subtle = true, Separator = true });
        }

        if (answer.Note is { } note)
        {
            body.Add(new TextBlock(note) { Subtle = true });
        }

        return new AdaptiveCard(body, [new ExecuteAction(text["Registry.ShowAll"], CardVerbs.ShowRegistry, Team(view.TeamId))]);
    }

    public static AdaptiveCard Form(RegistryFormView view, BotText text)
    {
        var registry = RegistryText.For(text.Culture.Name);
        var entry = view.Entry;
        var values = view.Values;
        var body = new List<CardElement>
        {
            entry is null ? new TextBlock(text["Registry.Form.New"]) { Bold = true } : new LiteralText(string.Format(text.Culture, text["Registry.Form.Edit"], entry.Name)),
        };
        if (view.Problem is { } problem)
        {
            body.Add(new Container([new TextBlock(problem)]) { Style = ContainerStyle.Attention });
        }

        body.Add(new TextInput(NameInputId, text["Registry.Form.Name"])
        {
            Value = values?.Name ?? entry?.Name,
            MaxLength = AutomationEntry.MaxNameLength,
            RequiredMessage = text["Registry.Form.NameRequired"],
        });
        body.Add(new TextInput(StepsInputId, text["Registry.Form.Steps"]) { Multiline = true, Value = values?.Steps ?? Joined(entry?.Steps), MaxLength = AutomationEntry.MaxListLength });
        body.Add(new TextInput(DoesNotInputId, text["Registry.Form.DoesNot"]) { Multiline = true, Value = values?.DoesNot ?? Joined(entry?.DoesNot), MaxLength = AutomationEntry.MaxListLength });
        body.Add(new TextInput(TriggerInputId, text["Registry.Form.Trigger"]) { Value = values?.Trigger ?? entry?.Trigger, MaxLength = AutomationEntry.MaxTextLength });
        body.Add(new TextInput(DataInputId, text["Registry.Form.Data"]) { Value = values?.DataUsed ?? entry?.DataUsed, MaxLength = AutomationEntry.MaxTextLength });
        body.Add(new ToggleInput(UsesAiInputId, text["Registry.Form.UsesAi"]) { Value = values?.UsesAi ?? entry?.UsesAi ?? false });
        body.Add(new TextInput(AiRoleInputId, text["Registry.Form.AiRole"]) { Value = values?.AiRole ?? entry?.AiRole, MaxLength = AutomationEntry.MaxTextLength });
        body.Add(new ChoiceInput(OwnerInputId, text["Registry.Form.Owner"],
            [new Choice(text["Registry.Form.NoOwner"], NoOwner), .. view.Members.Select(m => new Choice(m.Name, m.AadObjectId))])
        {
            Value = values?.OwnerAadObjectId ?? entry?.OwnerAadObjectId ?? NoOwner,
        });
        body.Add(new ChoiceInput(StatusInputId, text["Registry.Form.Status"],
            Enum.GetValues<AutomationStatus>().Select(s => new Choice(registry.StatusName(s), s.ToString())).ToList())
        {
            Value = (values?.Status ?? entry?.Status ?? AutomationStatus.Running).ToString(),
        });

        var data = entry is null ? Team(view.TeamId) : Entry(view.TeamId, entry);
        return new AdaptiveCard(body,
        [
            new ExecuteAction(text["Registry.Form.Save"], CardVerbs.SaveAutomation, data),
            new ExecuteAction(text["Registry.ShowAll"], CardVerbs.ShowRegistry, Team(view.TeamId)),
        ]);
    }

    /// <summary>Which team's registry, when the person is in several.</summary>
    public static AdaptiveCard Choose(IReadOnlyList<(string TeamId, string Name)> teams, BotText text) => new(
        [new TextBlock(text["Registry.Choose"]) { Bold = true }],
        teams.Select(t => (CardAction)new ExecuteAction(t.Name, CardVerbs.ShowRegistry, Team(t.TeamId))).ToList());

    private static Container Line(string teamId, AutomationEntry entry, RegistryText registry, BotText text) => new(
    [
        new LiteralText(registry.Summary(entry)),
        new ActionSet([new ExecuteAction(string.Format(text.Culture, text["Registry.Explain"], entry.Name), CardVerbs.ExplainAutomation, Entry(teamId, entry))]),
    ]);

    private static Dictionary<string, string> Team(string teamId) => new() { [TeamField] = teamId };

    private static Dictionary<string, string> Entry(string teamId, AutomationEntry entry) => new()
    {
        [TeamField] = teamId,
        [EntryField] = entry.Reference,
        [VersionField] = entry.Version.ToString(CultureInfo.InvariantCulture),
    };

    private static string? Joined(IReadOnlyList<string>? lines) => lines is null ? null : string.Join('\n', lines);
}
