using TeamsKiCoach.Coaching.Nudges;

namespace TeamsKiCoach.Coaching.Registry;

/// <summary>
/// The bot's own automated steps as registry entries, written from the configuration it really runs with:
/// change the prompt time and the entry says the new time. The bot explains itself the way it asks teams to
/// explain their automations.
/// </summary>
public static class BotAutomations
{
    public const string Prompts = "bot.prompts";
    public const string Patterns = "bot.patterns";
    public const string Assessment = "bot.assessment";
    public const string Pulses = "bot.pulses";
    public const string Nudges = "bot.nudges";
    public const string Retention = "bot.retention";

    public static IReadOnlyList<AutomationEntry> Describe(BotConfiguration config, RegistryText text)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(text);
        var quiet = text.Format("Quiet", text.Time(config.QuietFrom), text.Time(config.QuietUntil));
        var provider = config.AiProvider;

        List<AutomationEntry> entries =
        [
            Entry(config, Prompts, text["Prompts.Name"], AutomationStatus.Running,
                [
                    text.Format("Prompts.Step1", text.Days(config.WorkDays), text.Time(config.PromptTime), config.TimeZone),
                    text["Prompts.Step2"],
                    text["Prompts.Step3"],
                ],
                [text.Format("Prompts.Not1", quiet), text["Prompts.Not2"]],
                text.Format("Prompts.Trigger", text.Days(config.WorkDays), text.Time(config.PromptTime)),
                text["Prompts.Data"], null),

            Entry(config, Patterns, text["Patterns.Name"], AutomationStatus.Running,
                [
                    text["Patterns.Step1"],
                    text["Patterns.Step2"],
                    config.AiGroupsPatterns && provider is not null ? text.Format("Patterns.Step3.Ai", provider) : text["Patterns.Step3.Rules"],
                ],
                [text["Patterns.Not1"], text["Patterns.Not2"]],
                text["Patterns.Trigger"], text["Patterns.Data"],
                config.AiGroupsPatterns && provider is not null ? text.Format("Patterns.Ai", provider) : null),

            Entry(config, Assessment, text["Assessment.Name"], AutomationStatus.Running,
                [
                    text["Assessment.Step1"],
                    provider is not null ? text.Format("Assessment.Step2.Ai", provider) : text["Assessment.Step2.Rules"],
                    text["Assessment.Step3"],
                ],
                [text["Assessment.Not1"], text["Assessment.Not2"]],
                text["Assessment.Trigger"], text["Assessment.Data"],
                provider is not null ? text.Format("Assessment.Ai", provider) : null),

            config.NudgeCadence == NudgeCadence.Off
                ? Entry(config, Nudges, text["Nudges.Name"], AutomationStatus.Paused,
                    [text["Nudges.Step.Off"]], [text["Nudges.Not2"]], text["Nudges.Trigger.Off"], text["Nudges.Data"], null)
                : Entry(config, Nudges, text["Nudges.Name"], AutomationStatus.Running,
                    [text.Format("Nudges.Step1", text[$"Cadence.{config.NudgeCadence}"]), text["Nudges.Step2"]],
                    [text.Format("Nudges.Not1", quiet), text["Nudges.Not2"]],
                    text[$"Cadence.{config.NudgeCadence}"], text["Nudges.Data"], null),

            config.RetentionMonths > 0
                ? Entry(config, Retention, text["Retention.Name"], AutomationStatus.Running,
                    [text.Format("Retention.Step1", config.RetentionMonths), text["Retention.Step2"]],
                    [text.Format("Retention.Not1", config.RetentionMonths), text["Retention.Not2"]],
                    text["Retention.Trigger"], text["Retention.Data"], null)
                : Entry(config, Retention, text["Retention.Name"], AutomationStatus.Paused,
                    [text["Retention.Step.Off"]], [text["Retention.Not2"]], text["Retention.Trigger.Off"], text["Retention.Data"], null),
        ];
        if (config.PulsesRun)
        {
            entries.Insert(3, Entry(config, Pulses, text["Pulses.Name"], AutomationStatus.Running,
                [text.Format("Pulses.Step1", text.Day(config.PulseDay), text.Time(config.PulseTime)), text["Pulses.Step2"]],
                [text["Pulses.Not1"], text.Format("Pulses.Not2", quiet)],
                text.Format("Pulses.Trigger", text.Day(config.PulseDay), text.Time(config.PulseTime)),
                text["Pulses.Data"], null));
        }

        return entries;
    }

    private static AutomationEntry Entry(BotConfiguration config, string key, string name, AutomationStatus status, List<string> steps, List<string> doesNot, string trigger, string data, string? ai) => new()
    {
        TenantId = config.TenantId,
        TeamId = config.TeamId,
        BuiltInKey = key,
        Name = name,
        Steps = steps,
        DoesNot = doesNot,
        Trigger = trigger,
        DataUsed = data,
        UsesAi = ai is not null,
        AiRole = ai,
        OwnerAadObjectId = config.OwnerAadObjectId,
        OwnerName = config.OwnerName,
        Status = status,
        Since = config.Since,
    };
}
