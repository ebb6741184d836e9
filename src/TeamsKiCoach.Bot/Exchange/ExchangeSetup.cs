using Microsoft.Extensions.DependencyInjection.Extensions;
using TeamsKiCoach.Coaching.Backlog.Exchange;
using TeamsKiCoach.Coaching.Backlog.Patterns;

namespace TeamsKiCoach.Bot.Exchange;

public static class ExchangeSetup
{
    /// <summary>Backlog export and import, the signed download links and the lead's chat command.</summary>
    public static IServiceCollection AddBacklogExchange(this IServiceCollection services)
    {
        services.TryAddSingleton<IPatternGrouper>(_ => new LexicalPatternGrouper());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<BacklogExchange>();
        services.AddSingleton<ExportLinks>();
        services.AddSingleton<BacklogExportTurns>();
        return services;
    }
}
