using TeamsKiCoach.Coaching.Stages;

namespace TeamsKiCoach.Coaching.Registry;

public enum AutomationStatus
{
    Pilot,
    Running,
    Paused,
    Retired,
}

/// <summary>
/// One automated step a team runs, explained in plain words: what it does step by step, what it does not do,
/// what starts it, which data it uses, whether and where AI is involved, and which person owns it.
/// The bot's own steps use the same shape (<see cref="BuiltInKey"/> set) but are generated from its
/// configuration each time, never stored.
/// </summary>
public sealed class AutomationEntry : ITenantOwned
{
    public const int MaxNameLength = 80;
    public const int MaxTextLength = 500;
    public const int MaxListLength = 2000;

    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string TeamId { get; set; }
    public required string Name { get; set; }

    /// <summary>What it does, in order; shown numbered.</summary>
    public List<string> Steps { get; set; } = [];

    /// <summary>What it does not do: the boundary that keeps expectations right.</summary>
    public List<string> DoesNot { get; set; } = [];

    public string Trigger { get; set; } = string.Empty;
    public string DataUsed { get; set; } = string.Empty;
    public bool UsesAi { get; set; }

    /// <summary>Where in the steps AI takes part, and with which provider; null when <see cref="UsesAi"/> is false.</summary>
    public string? AiRole { get; set; }

    public string? OwnerAadObjectId { get; set; }
    public string? OwnerName { get; set; }
    public AutomationStatus Status { get; set; } = AutomationStatus.Pilot;
    public DateTimeOffset Since { get; set; }
    public DateTimeOffset? LastReviewedAt { get; set; }

    /// <summary>Raised with every change, so two leads editing at once give one change and the other is told.</summary>
    public int Version { get; set; }

    /// <summary>The pilot this automation was kept from, if it was one.</summary>
    public long? PilotId { get; set; }

    /// <summary>Set only on the bot's own steps ("bot.prompts", …); the lead leaves it out of the stored model.</summary>
    public string? BuiltInKey { get; set; }

    public bool IsBuiltIn => BuiltInKey is not null;

    /// <summary>How an answer cites this entry: the built-in key, or the stored id.</summary>
    public string Reference => BuiltInKey ?? $"automation-{Id}";

    public bool HasOwner => !string.IsNullOrWhiteSpace(OwnerAadObjectId);

    /// <summary>Explained enough for stage 7: numbered steps and at least one thing it does not do.</summary>
    public bool IsExplained => Steps.Any(s => !string.IsNullOrWhiteSpace(s)) && DoesNot.Any(s => !string.IsNullOrWhiteSpace(s));

    public bool IsActive => Status != AutomationStatus.Retired;
}

public static class RegistryEvidence
{
    /// <summary>The registry's part of a team's stage evidence: its own active automations, the bot's steps left out.</summary>
    public static StageEvidence WithRegistry(this StageEvidence evidence, IEnumerable<AutomationEntry> entries)
    {
        var counted = entries.Where(e => e.IsActive && !e.IsBuiltIn).ToList();
        return evidence with
        {
            Automations = counted.Count,
            AutomationsWithoutOwner = counted.Count(e => !e.HasOwner),
            AutomationsWithoutExplanation = counted.Count(e => !e.IsExplained),
        };
    }
}
