using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Net.Http.Headers;

namespace TeamsKiCoach.Bot.Hosting;

/// <summary>POST /api/messages: the only way in for Teams.</summary>
public static class MessagesEndpoint
{
    public const string Path = "/api/messages";

    // Teams activities are small (a message is at most about 28 KB, a card invoke with inputs a bit more).
    public const int MaxBodyBytes = 256 * 1024;

    private const int ReadBufferBytes = 16 * 1024;

    // A Bot Connector token is 1–2 KB. A far longer header is no token the channel sent, and is not parsed.
    public const int MaxAuthorizationLength = 16 * 1024;

    // Where the Bot Framework validates tokens and fetches their signing keys.
    private const string AuthenticationNamespace = "Microsoft.Bot.Connector.Authentication";

    public static async Task HandleAsync(HttpContext context, IBotFrameworkHttpAdapter adapter, IBot bot, IConfiguration configuration, ILogger<CoachAdapter> logger)
    {
        var request = context.Request;

        // With app credentials every request must carry a Bot Connector token; without one nothing else is read.
        if (!string.IsNullOrWhiteSpace(configuration["MicrosoftAppId"]) && !HasBearerToken(request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        // The Bot Connector posts JSON; anything else is not read as an activity.
        if (!request.HasJsonContentType())
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        // Read the body once, bounded, and refuse what is not an activity with 400 before the adapter sees it. The
        // stream starts at the announced length but at most 16 KB (a length is only announced: no more is set aside
        // before the bytes arrive), and the read buffer is borrowed.
        var body = new MemoryStream(request.ContentLength is { } announced ? (int)Math.Min(announced, ReadBufferBytes) : 4 * 1024);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
        try
        {
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
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (!IsActivity(body.GetBuffer().AsMemory(0, (int)body.Length)))
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
        catch (Exception ex) when (WasThrownWhileAuthenticating(ex) && !context.Response.HasStarted)
        {
            // The adapter answers a missing token with 401 itself, but lets a malformed token or unreachable
            // signing-key metadata escape as an exception. Either way the request is not authenticated.
            logger.LogWarning(ex, "Rejected a request whose token could not be validated");
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
    }

    private static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString() is var header
        && header.Length <= MaxAuthorizationLength
        && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && !string.IsNullOrWhiteSpace(header["Bearer ".Length..]);

    // Errors inside a turn end in the adapter's OnTurnError. What escapes ProcessAsync and passed through the
    // Bot Framework's authentication code ("Bearer not-a-token" fails in its JWT parsing, a well-formed token
    // while it fetches the OpenID metadata) is a token that could not be validated; anything else is a fault.
    private static bool WasThrownWhileAuthenticating(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (new StackTrace(ex, fNeedFileInfo: false).GetFrames().Any(f => f.GetMethod()?.DeclaringType?.Namespace == AuthenticationNamespace))
            {
                return true;
            }
        }

        return false;
    }

    // An activity, as far as the host can tell before the adapter reads it: UTF-8 JSON, one object with a type and
    // a service URL the bot could answer to, and the fields the Bot Framework reads as text, accounts or lists
    // of the right kind (it would otherwise turn a number into an id, or fail on an object where text belongs).
    // A message or card action must name its conversation: it is answered there.
    private static bool IsActivity(ReadOnlyMemory<byte> json)
    {
        if (!Utf8.IsValid(json.Span))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(type.GetString())
                || !root.TryGetProperty("serviceUrl", out var serviceUrl) || serviceUrl.ValueKind != JsonValueKind.String
                || !Uri.TryCreate(serviceUrl.GetString(), UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                return false;
            }

            if (!All(root, TextFields, IsTextOrAbsent) || !All(root, ListFields, IsListOrAbsent) || !All(root, AccountFields, IsAccountOrAbsent)
                || (root.TryGetProperty("conversation", out var conversation) && conversation.ValueKind == JsonValueKind.Object && !IsTextOrAbsent(conversation, "tenantId")))
            {
                return false;
            }

            var answered = type.GetString() is "message" or "invoke";
            return !answered || (conversation.ValueKind == JsonValueKind.Object && conversation.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(id.GetString()));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // Teams ids are a few hundred characters at most; a far longer one would end up in the Bot Connector's URLs.
    private const int MaxIdLength = 1024;

    private static readonly string[] TextFields = ["id", "channelId", "text", "locale", "name", "replyToId", "action"];
    private static readonly string[] ListFields = ["entities", "attachments", "membersAdded", "membersRemoved"];
    private static readonly string[] AccountFields = ["from", "recipient", "conversation"];

    // Every field passes its check (a loop, not LINQ: this runs for every request, and a lambda over the element
    // would be made anew each time).
    private static bool All(JsonElement parent, string[] fields, Func<JsonElement, string, bool> check)
    {
        foreach (var field in fields)
        {
            if (!check(parent, field))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsListOrAbsent(JsonElement parent, string field) => IsKindOrAbsent(parent, field, JsonValueKind.Array);

    private static bool IsKindOrAbsent(JsonElement parent, string field, JsonValueKind kind) =>
        !parent.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null || value.ValueKind == kind;

    private static bool IsTextOrAbsent(JsonElement parent, string field) =>
        !parent.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null
        || (value.ValueKind == JsonValueKind.String && (!field.EndsWith("id", StringComparison.OrdinalIgnoreCase) || value.GetString()!.Length <= MaxIdLength));

    private static bool IsAccountOrAbsent(JsonElement parent, string field) =>
        IsKindOrAbsent(parent, field, JsonValueKind.Object)
        && (!parent.TryGetProperty(field, out var account) || account.ValueKind == JsonValueKind.Null
            || (IsTextOrAbsent(account, "id") && IsTextOrAbsent(account, "aadObjectId") && IsTextOrAbsent(account, "name")));
}
