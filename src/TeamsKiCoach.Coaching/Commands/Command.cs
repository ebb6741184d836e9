namespace TeamsKiCoach.Coaching.Commands;

public enum CommandKind
{
    /// <summary>Not a command: free text, which may well be friction the person is telling about.</summary>
    Unknown,
    Help,
    Pause,
    Resume,
    Vacation,
    PromptTime,
    Status,
    SendPromptsNow,

    /// <summary>"reibung: …" / "friction: …": keep the text as friction at once (<see cref="Command.Text"/>, as typed).</summary>
    Capture,

    /// <summary>"backlog": the team's top patterns.</summary>
    Backlog,

    /// <summary>"meine einträge": the person's own entries, to edit or withdraw.</summary>
    MyEntries,

    /// <summary>A lead sends this week's pulse to the team now.</summary>
    SendPulseNow,

    /// <summary>"puls": the pulse results, in aggregate only.</summary>
    PulseResults,

    /// <summary>"meine daten": what the bot holds about the person, to export or erase.</summary>
    MyData,

    /// <summary>"prüfen": the patterns waiting for "Muss das ein Mensch tun?".</summary>
    Review,

    /// <summary>A lead asks for the team backlog as a file (CSV, XLSX).</summary>
    ExportBacklog,

    /// <summary>"piloten": the team's pilots.</summary>
    Pilots,

    /// <summary>"verlauf 3": the history of pilot no. 3 (<see cref="Command.Number"/>); without a number, the list of pilots.</summary>
    History,

    /// <summary>"leitung hinzufügen @name": a lead makes the person mentioned a lead of the team.</summary>
    AddLead,
    /// <summary>"was ist automatisiert?": the team's registry of automated steps, the bot's own included.</summary>
    Registry,

    /// <summary>"erkläre …": one registry entry in plain words (<see cref="Command.Text"/>: the name as typed).</summary>
    Explain,

    /// <summary>A question about the team's automations ("wo wird KI eingesetzt?"), answered from the registry only (<see cref="Command.Text"/>).</summary>
    AskRegistry,

    /// <summary>A lead starts this week's nudge run for the team now.</summary>
    SendNudgeNow,

    /// <summary>A pause with a span outside 1–90 days ("pause 0 tage", "pause 6 monate" is Unknown).</summary>
    InvalidPause,

    /// <summary>A vacation whose date does not exist, lies in the past, or could be read two ways ("3/4").</summary>
    InvalidDate,

    /// <summary>A prompt time that is no time of day ("zeit 25:00", "time 13 pm").</summary>
    InvalidTime,
}

/// <summary>How long a pause lasts, in whole days.</summary>
public readonly record struct PauseSpan(int Days)
{
    public const int MinDays = 1;
    public const int MaxDays = 90;

    /// <summary>The first day the person hears from the bot again.</summary>
    public DateOnly ResumeOn(DateOnly today) => today.AddDays(Days);
}

/// <summary>
/// A chat message, parsed once. <see cref="Pause"/> is set for a pause with a span (none: until resumed),
/// <see cref="Time"/> for a prompt time, <see cref="Until"/> for a vacation (the last day off, inclusive),
/// <see cref="Text"/> for a capture (exactly as typed after the colon, possibly empty) and whether it is anonymous,
/// <see cref="Number"/> for the pilot a history asks for.
/// </summary>
public sealed record Command(
    CommandKind Kind, PauseSpan? Pause = null, TimeOnly? Time = null, DateOnly? Until = null, string? Text = null, bool Anonymous = false, int? Number = null)
{
    public static Command Of(CommandKind kind) => new(kind);
}
