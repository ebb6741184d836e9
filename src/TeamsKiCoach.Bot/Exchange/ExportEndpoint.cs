using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using TeamsKiCoach.Bot.Hosting;
using TeamsKiCoach.Coaching.Backlog.Exchange;

namespace TeamsKiCoach.Bot.Exchange;

/// <summary>
/// GET /api/backlog/export/{token}: the file behind a download link. A token that is not intact, has expired, or
/// names a tenant this host does not serve or a team it does not know gets 404, without saying which.
/// </summary>
public static class ExportEndpoint
{
    public const string Path = "/api/backlog/export/{token}";

    public static string PathFor(string token) => "api/backlog/export/" + Uri.EscapeDataString(token);

    public static async Task<IResult> HandleAsync(
        string token, HttpContext context, ExportLinks links, BacklogExchange exchange, IOptions<CoachOptions> options, TimeProvider clock, ILogger<ExportLinks> logger)
    {
        context.Response.Headers.CacheControl = "no-store";
        var grant = links.Read(token);
        if (grant is null || !options.Value.AllowsTenant(grant.TenantId) || !await exchange.KnowsTeamAsync(grant.TenantId, grant.TeamId, context.RequestAborted))
        {
            return Results.NotFound();
        }

        var bytes = await exchange.ExportAsync(grant.TenantId, grant.TeamId, grant.Format, context.RequestAborted);
        logger.LogInformation("Backlog export downloaded: {Format}, {Bytes} bytes", grant.Format, bytes.Length);
        return Results.File(bytes, grant.Format.ContentType(), FileName(grant.TeamId, grant.Format, clock.GetUtcNow()));
    }

    // "backlog-19-abc-2026-11-25.csv": the team id's letters and digits only, so nothing odd reaches a file name.
    public static string FileName(string teamId, ExchangeFormat format, DateTimeOffset now)
    {
        var safe = new StringBuilder();
        foreach (var c in teamId.Where(char.IsAsciiLetterOrDigit).Take(24))
        {
            safe.Append(c);
        }

        var team = safe.Length > 0 ? "-" + safe : string.Empty;
        return $"backlog{team}-{now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.{format.Extension()}";
    }
}
