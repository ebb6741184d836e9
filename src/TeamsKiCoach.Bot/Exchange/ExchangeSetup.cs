using Microsoft.Extensions.DependencyInjection.Extensions;
using TeamsKiCoach.Bot.Hosting;
using TeamsKiCoach.Coaching.Backlog.Exchange;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Storage.Backlog.Exchange;

namespace TeamsKiCoach.Bot.Exchange;

public static class ExchangeSetup
{
    /// <summary>Backlog export and import, the signed download links and the lead's chat command.</summary>
    public static IServiceCollection AddBacklogExchange(this IServiceCollection services)
    {
        services.AddOptions<CoachOptions>()
            .Validate(o => ExportLinks.KeyOf(o.Export.LinkKey) is not null, "Coach:Export:LinkKey must be base64 and at least 32 bytes long.")
            .Validate(o => o.Export.LinkLifetime > TimeSpan.Zero && o.Export.LinkLifetime <= ExportSettings.MaxLinkLifetime, "Coach:Export:LinkLifetime must lie between 00:00:01 and 1.00:00:00.")
            .ValidateOnStart();
        services.TryAddSingleton<IPatternGrouper>(_ => new LexicalPatternGrouper());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<BacklogExchange>();
        services.AddSingleton<ExportLinks>();
        services.AddSingleton<BacklogExportTurns>();
        return services;
    }
}
