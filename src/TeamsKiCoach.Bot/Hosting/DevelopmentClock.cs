using System.Globalization;

namespace TeamsKiCoach.Bot.Hosting;

/// <summary>
/// "Coach:Development:ClockStart": in Development only, the host's clock starts at that instant and runs at real
/// speed from there. The end-to-end scenarios use it to stand on a Wednesday morning whatever the real time is,
/// because nudges keep to work days and out of quiet hours. Anywhere else the setting stops the start.
/// </summary>
public sealed class DevelopmentClock(TimeSpan offset) : TimeProvider
{
    public const string Key = "Coach:Development:ClockStart";

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;

    public static TimeProvider? From(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration[Key] is not { Length: > 0 } value)
        {
            return null;
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException($"TeamsKiCoach does not start: {Key} is for the Development environment only.");
        }

        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start))
        {
            throw new InvalidOperationException($"TeamsKiCoach does not start: {Key} \"{value}\" is no date and time (ISO 8601).");
        }

        return new DevelopmentClock(start - System.GetUtcNow());
    }
}
