namespace TeamsKiCoach.Bot.Hosting;

/// <summary>
/// Decides at start whether the host may serve: outside Development the bot needs app credentials (so every
/// request must carry a valid Bot Connector token) and a list of allowed tenants.
/// </summary>
public static class FrontDoor
{
    private static readonly string[] AppTypes = ["MultiTenant", "SingleTenant", "UserAssignedMSI"];

    /// <summary>The reasons the host must not start; empty when it may.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration, bool isDevelopment)
    {
        var problems = new List<string>();
        var appId = configuration["MicrosoftAppId"];
        var appType = configuration["MicrosoftAppType"];
        var tenantId = configuration["MicrosoftAppTenantId"];
        var password = configuration["MicrosoftAppPassword"];
        var allowedTenants = configuration.GetSection($"{CoachOptions.Section}:{nameof(CoachOptions.AllowedTenants)}").Get<string[]>() ?? [];

        if (string.IsNullOrWhiteSpace(appId))
        {
            if (!isDevelopment)
            {
                problems.Add("MicrosoftAppId is not set. Without app credentials the bot would accept unauthenticated requests, which is allowed only in the Development environment.");
            }

            return problems.Concat(TenantProblems(allowedTenants, isDevelopment)).ToList();
        }

        if (string.IsNullOrWhiteSpace(appType) || !AppTypes.Contains(appType, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"MicrosoftAppType must be one of {string.Join(", ", AppTypes)}.");
        }
        else if (!appType.Equals("MultiTenant", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(tenantId))
        {
            problems.Add($"MicrosoftAppTenantId is required with MicrosoftAppType {appType}.");
        }

        if (appType is not null && !appType.Equals("UserAssignedMSI", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(password))
        {
            problems.Add("MicrosoftAppPassword is required unless MicrosoftAppType is UserAssignedMSI.");
        }

        return problems.Concat(TenantProblems(allowedTenants, isDevelopment)).ToList();
    }

    private static IEnumerable<string> TenantProblems(string[] allowedTenants, bool isDevelopment)
    {
        if (!isDevelopment && allowedTenants.All(string.IsNullOrWhiteSpace))
        {
            yield return "Coach:AllowedTenants is empty. List the tenant ids to serve, or \"*\" to serve any tenant.";
        }
    }

    public static void EnsureMayStart(IConfiguration configuration, IHostEnvironment environment)
    {
        var problems = Problems(configuration, environment.IsDevelopment());
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"TeamsKiCoach does not start in the {environment.EnvironmentName} environment: " + string.Join(" ", problems));
        }
    }
}
