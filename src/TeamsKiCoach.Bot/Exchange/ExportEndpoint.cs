using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using TeamsKiCoach.Bot.Hosting;
using TeamsKiCoach.Coaching.Backlog.Exchange;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage.Backlog.Exchange;
using TeamsKiCoach.Storage.Teams;

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
        string token, HttpContext context, ExportLinks links, BacklogExchange exchange, TeamDirectory teams, IOptions<CoachOptions> options, TimeProvider clock, ILogger<ExportLinks> logger)
    {
        context.Response.Headers.CacheControl = "no-store";
        var grant = links.Read(token);
        if (grant is null || !options.Value.AllowsTenant(grant.TenantId) || !await exchange.KnowsTeamAsync(grant.TenantId, grant.TeamId, context.RequestAborted))
        {
            return Results.NotFound();
        }

        var bytes = await exchange.ExportAsync(grant.TenantId, grant.TeamId, grant.Format, context.RequestAborted);
        var team = await teams.FindAsync(grant.TenantId, grant.TeamId, context.RequestAborted);
        logger.LogInformation("Backlog export downloaded: {Format}, {Bytes} bytes", grant.Format, bytes.Length);
        return Results.File(bytes, grant.Format.ContentType(), FileName(team?.Name, grant.Format, clock.GetUtcNow()));
    }

    // "backlog-Vertrieb-Sued-2026-11-25.csv": the team name's letters and digits, other characters as "-", so
    // nothing odd (path separators, quotes, control characters) reaches a file name.
    public static string FileName(string? teamName, ExchangeFormat format, DateTimeOffset now)
    {
        var safe = new StringBuilder();
        foreach (var c in (teamName ?? string.Empty).Trim().Take(40))
        {
            if (char.IsLetterOrDigit(c))
            {
                safe.Append(c);
            }
            else if (safe.Length > 0 && safe[^1] != '-')
            {
                safe.Append('-');
            }
        }

        while (safe.Length > 0 && safe[^1] == '-')
        {
            safe.Length--;
        }

        var team = safe.Length > 0 ? "-" + safe : string.Empty;
        return $"backlog{team}-{now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.{format.Extension()}";
    }
}
