using System.Text.Json;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;

namespace TeamsKiCoach.Bot.Hosting;

/// <summary>POST /api/messages: the only way in for Teams.</summary>
public static class MessagesEndpoint
{
    public const string Path = "/api/messages";

    // Teams activities are small (a message is at most about 28 KB, a card invoke with inputs a bit more).
    public const int MaxBodyBytes = 256 * 1024;

    public static async Task HandleAsync(HttpContext context, IBotFrameworkHttpAdapter adapter, IBot bot)
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
        await adapter.ProcessAsync(request, context.Response, bot, context.RequestAborted);
    }

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
