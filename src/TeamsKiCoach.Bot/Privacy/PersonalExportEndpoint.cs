using System.Globalization;
using Microsoft.Extensions.Options;
using TeamsKiCoach.Bot.Exchange;
using TeamsKiCoach.Bot.Hosting;
using TeamsKiCoach.Coaching.Privacy;
using TeamsKiCoach.Storage.Privacy;

namespace TeamsKiCoach.Bot.Privacy;

/// <summary>
/// GET /api/me/export/{token}: a person's own data as JSON, behind the short-lived link of "meine daten". A token
/// that is not intact, has expired or names a tenant this host does not serve gets 404, without saying which.
/// </summary>
public static class PersonalExportEndpoint
{
    public const string Path = "/api/me/export/{token}";

    public static string PathFor(string token) => "api/me/export/" + Uri.EscapeDataString(token);

    public static async Task<IResult> HandleAsync(
        string token, HttpContext context, ExportLinks links, PersonalData data, IOptions<CoachOptions> options, TimeProvider clock, ILogger<PersonalData> logger)
    {
        context.Response.Headers.CacheControl = "no-store";
        var grant = links.ReadPersonal(token);
        if (grant is null || !options.Value.AllowsTenant(grant.TenantId))
        {
            return Results.NotFound();
        }

        var bytes = await data.ExportAsync(grant.TenantId, grant.AadObjectId, context.RequestAborted);
        logger.LogInformation("A person downloaded their own data: {Bytes} bytes", bytes.Length);
        return Results.File(bytes, "application/json; charset=utf-8", $"meine-daten-{clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.json");
    }
}
