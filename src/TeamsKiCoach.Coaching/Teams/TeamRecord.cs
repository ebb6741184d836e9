using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.Stages;

namespace TeamsKiCoach.Coaching.Teams;

/// <summary>A team the bot is installed in, with the settings its daily prompts follow.</summary>
public sealed class TeamRecord : ITenantOwned
{
    public const string DefaultTimeZone = "Europe/Berlin";
    public static readonly TimeOnly DefaultPromptTime = new(15, 30);
    public static readonly TimeOnly DefaultQuietFrom = new(19, 0);
    public static readonly TimeOnly DefaultQuietUntil = new(7, 0);
    public const WorkDays DefaultWorkDays = WorkDays.Monday | WorkDays.Tuesday | WorkDays.Wednesday | WorkDays.Thursday | WorkDays.Friday;

    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string TeamId { get; set; }
    public string? Name { get; set; }
    public string? InstalledByAadObjectId { get; set; }
    public DateTimeOffset InstalledAt { get; set; }
    public bool Installed { get; set; } = true;
    public TimeOnly PromptTime { get; set; } = DefaultPromptTime;
    public WorkDays WorkDays { get; set; } = DefaultWorkDays;
    public string TimeZone { get; set; } = DefaultTimeZone;
    public TimeOnly QuietFrom { get; set; } = DefaultQuietFrom;
    public TimeOnly QuietUntil { get; set; } = DefaultQuietUntil;

    /// <summary>The weekly pulse: day and local time (each person's own zone), and the week's minimum answers (k, 3–25).</summary>
    public DayOfWeek PulseDay { get; set; } = DayOfWeek.Thursday;
    public TimeOnly PulseTime { get; set; } = new(14, 0);
    public int PulseMinAnswers { get; set; } = Pulse.PulseThresholds.DefaultMinAnswers;
    /// <summary>
    /// Raised whenever a pilot of the team takes a running place (approved, resumed); storage's concurrency token,
    /// so two leads approving two different pilots at the same moment cannot both take the last place.
    /// </summary>
    public int PilotPlaces { get; set; }
    /// <summary>Where the team is on the roadmap; changed only by a lead's confirmation.</summary>
    public TeamStage Stage { get; internal set; } = TeamStages.First;

    public DateTimeOffset? StageSince { get; internal set; }

    /// <summary>Raised with every stage answer, so two leads answering the same card at once give one answer.</summary>
    public int StageVersion { get; internal set; }

    public NudgeCadence NudgeCadence { get; set; } = NudgeCadence.Weekly;

    /// <summary>
    /// Takes a lead's answer to a stage question: a confirmed change moves the team to its stage from the moment it
    /// was decided; a decline leaves the stage. Either way the stage version rises.
    /// </summary>
    public void Answer(StageDecision decision)
    {
        if (decision.Changed && decision.Record is { } change)
        {
            Stage = decision.Stage;
            StageSince = change.DecidedAt;
        }

        StageVersion++;
    }

    /// <summary>Whose personal install this is, when the "team" is one person's own backlog.</summary>
    public bool IsPersonal => TeamId.StartsWith(PersonalPrefix, StringComparison.Ordinal);

    public const string PersonalPrefix = "personal:";

    public static string PersonalTeamId(string aadObjectId) => PersonalPrefix + aadObjectId;
}

[Flags]
public enum WorkDays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
}

public static class WorkDaysExtensions
{
    public static bool Includes(this WorkDays days, DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => days.HasFlag(WorkDays.Monday),
        DayOfWeek.Tuesday => days.HasFlag(WorkDays.Tuesday),
        DayOfWeek.Wednesday => days.HasFlag(WorkDays.Wednesday),
        DayOfWeek.Thursday => days.HasFlag(WorkDays.Thursday),
        DayOfWeek.Friday => days.HasFlag(WorkDays.Friday),
        DayOfWeek.Saturday => days.HasFlag(WorkDays.Saturday),
        DayOfWeek.Sunday => days.HasFlag(WorkDays.Sunday),
        _ => false,
    };
}

/// <summary>A person who leads a team: may trigger its prompt run and see its reach. Checked by AAD object id.</summary>
public sealed class TeamLead : ITenantOwned
{
    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string TeamId { get; set; }
    public required string AadObjectId { get; set; }
    public DateTimeOffset AddedAt { get; set; }

    /// <summary>
    /// Where the lead role came from; a lead sees it in their data export. Who added a lead is in the audit trail
    /// (subject "lead", action "added"), not repeated here, so erasing a person has one place less to clean.
    /// </summary>
    public LeadSource Source { get; set; }
}

/// <summary>Where a person's lead role in a team came from.</summary>
public enum LeadSource
{
    /// <summary>They installed the bot in the team and so became its first lead.</summary>
    Installer,

    /// <summary>A lead of the team made them a lead.</summary>
    AddedByLead,

    /// <summary>
    /// Reserved: an owner of the team in Teams, taken as a lead. Nothing sets it yet; it is named now so that stored
    /// rows and exports need no change when the roster starts reporting owners.
    /// </summary>
    TeamsOwner,
}
