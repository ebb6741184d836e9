using System.ComponentModel;
using System.Text.Json;
using Microsoft.SemanticKernel;
using TeamsKiCoach.Coaching.Registry;

namespace TeamsKiCoach.Ai.Registry;

/// <summary>
/// The registry as a Semantic Kernel plugin that can only read: it holds the entries it is given for one
/// question and remembers which of them it handed to the model, so the answer can cite exactly those.
/// </summary>
public sealed class RegistryPlugin(IReadOnlyList<AutomationEntry> entries, RegistryText text)
{
    public const string Name = "registry";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private readonly List<AutomationEntry> read = [];
    private readonly List<AutomationEntry> listed = [];

    /// <summary>Whether the model called any of the functions.</summary>
    public bool WasCalled { get; private set; }

    /// <summary>The entries the model read or found; when it only listed, the listed ones.</summary>
    public IReadOnlyList<AutomationEntry> Cited => read.Count > 0 ? read.Distinct().ToList() : listed.Distinct().ToList();

    [KernelFunction("list_automations")]
    [Description("Lists every automated step of the team, the bot's own steps included: name, status, owner and whether AI is involved.")]
    public string ListAutomations()
    {
        WasCalled = true;
        listed.AddRange(entries);
        return JsonSerializer.Serialize(entries.Select(e => new
        {
            name = e.Name,
            status = text.StatusName(e.Status),
            owner = e.HasOwner ? e.OwnerName ?? e.OwnerAadObjectId : null,
            usesAi = e.UsesAi,
        }), Json);
    }

    [KernelFunction("read_automation")]
    [Description("Reads one automation in full: its numbered steps, what it does not do, trigger, data used, where AI is involved, owner, status and last review.")]
    public string ReadAutomation([Description("The automation's name as list_automations gives it.")] string name)
    {
        WasCalled = true;
        if (RegistrySearch.Explain(entries, name) is not { } entry)
        {
            return JsonSerializer.Serialize(new { found = false, name }, Json);
        }

        read.Add(entry);
        return JsonSerializer.Serialize(Detail(entry), Json);
    }

    [KernelFunction("find_automations")]
    [Description("Finds the automations that match the words of a question, best match first, each in full.")]
    public string FindAutomations([Description("Words from the person's question, for example \"Rechnungen\" or \"AI\".")] string words)
    {
        WasCalled = true;
        var found = RegistrySearch.Find(entries, words).Select(m => m.Entry).ToList();
        read.AddRange(found);
        return JsonSerializer.Serialize(found.Select(Detail), Json);
    }

    private object Detail(AutomationEntry e) => new
    {
        name = e.Name,
        status = text.StatusName(e.Status),
        steps = e.Steps,
        doesNot = e.DoesNot,
        trigger = e.Trigger,
        dataUsed = e.DataUsed,
        ai = e.UsesAi ? e.AiRole : null,
        owner = e.HasOwner ? e.OwnerName ?? e.OwnerAadObjectId : null,
        since = text.Date(e.Since),
        lastReview = e.LastReviewedAt is { } reviewed ? text.Date(reviewed) : null,
    };
}
