using System.Text.Json;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.IdentityModel.Tokens;

namespace TeamsKiCoach.Bot.Hosting;

/// <summary>POST /api/messages: the only way in for Teams.</summary>
public static class MessagesEndpoint
{
    public const string Path = "/api/messages";

    // Teams activities are small (a message is at most about 28 KB, a card invoke with inputs a bit more).
    public const int MaxBodyBytes = 256 * 1024;

    public static async Task HandleAsync(HttpContext context, IBotFrameworkHttpAdapter adapter, IBot bot, ILogger<CoachAdapter> logger)
    {
        var request = context.Request;
        if (request.ContentLength > MaxBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        // Read the body once, bounded, and refuse what is not a JSON object with 400 before the adapter sees it.
        var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            body.Write(buffer, 0, read);
        }

        if (!IsJsonObject(body.GetBuffer().AsMemory(0, (int)body.Length)))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        body.Position = 0;
        request.Body = body;
        try
        {
            await adapter.ProcessAsync(request, context.Response, bot, context.RequestAborted);
        }
        catch (Exception ex) when (IsTokenRejection(ex) && !context.Response.HasStarted)
        {
            // The adapter answers a missing token with 401 itself, but lets a malformed token or unreachable
            // signing-key metadata escape as an exception. Either way the request is not authenticated.
            logger.LogWarning(ex, "Rejected a request whose token could not be validated");
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
    }

    // Errors inside a turn are handled by the adapter's OnTurnError; what escapes ProcessAsync comes from
    // reading and authenticating the request.
    private static bool IsTokenRejection(Exception ex) =>
        ex is SecurityTokenException or ArgumentException
        || (ex is InvalidOperationException && ex.Message.StartsWith("IDX", StringComparison.Ordinal));

    private static bool IsJsonObject(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
