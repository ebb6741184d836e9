using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TeamsKiCoach.Bot.Hosting;
using TeamsKiCoach.Coaching.Backlog.Exchange;

namespace TeamsKiCoach.Bot.Exchange;

/// <summary>What a download link grants: one team's backlog in one format, until it expires.</summary>
public sealed record ExportGrant(string TenantId, string TeamId, ExchangeFormat Format, DateTimeOffset ExpiresAt);

/// <summary>What a "meine daten" link grants: one person's own data, until it expires.</summary>
public sealed record PersonalGrant(string TenantId, string AadObjectId, DateTimeOffset ExpiresAt);

/// <summary>
/// Short-lived download links for a backlog export. The token carries tenant, team, format and expiry and is
/// signed with HMAC-SHA256; a link that was changed, has expired or was signed with another key is worth nothing.
/// The token is not encrypted: it names ids, never content.
/// </summary>
public sealed class ExportLinks
{
    private const string Version = "1";
    private const string PersonalVersion = "p1";
    private readonly byte[] key;
    private readonly TimeProvider clock;
    private readonly CoachOptions options;

    public ExportLinks(IOptions<CoachOptions> options, TimeProvider clock, ILogger<ExportLinks> logger)
    {
        this.options = options.Value;
        this.clock = clock;
        if (this.options.Export.LinkKey is { Length: > 0 } configured)
        {
            key = KeyOf(configured) ?? throw new InvalidOperationException("Coach:Export:LinkKey must be base64 and at least 32 bytes long.");
        }
        else
        {
            key = RandomNumberGenerator.GetBytes(32);
            logger.LogInformation("Coach:Export:LinkKey is not set: download links are signed with a key of this process and end with it.");
        }
    }

    /// <summary>The key bytes of a configured key; an empty setting is an empty key (a random one is taken); null when unusable.</summary>
    public static byte[]? KeyOf(string? configured)
    {
        if (string.IsNullOrEmpty(configured))
        {
            return [];
        }

        var buffer = new byte[configured.Length];
        return Convert.TryFromBase64String(configured, buffer, out var written) && written >= 32 ? buffer[..written] : null;
    }

    public TimeSpan Lifetime => options.Export.LinkLifetime;

    /// <summary>Whether links can be offered: they need the host's public address.</summary>
    public bool Available => options.PublicBaseUrl is not null;

    public Uri Create(string tenantId, string teamId, ExchangeFormat format) =>
        Link(ExportEndpoint.PathFor, Version, tenantId, teamId, format.Extension());

    /// <summary>A link to one person's own data; only ever sent to that person, in their personal chat.</summary>
    public Uri CreatePersonal(string tenantId, string aadObjectId) =>
        Link(Privacy.PersonalExportEndpoint.PathFor, PersonalVersion, tenantId, aadObjectId);

    /// <summary>The grant of a personal-data token that is intact and not expired; null for anything else.</summary>
    public PersonalGrant? ReadPersonal(string? token) =>
        Fields(token) is [PersonalVersion, var tenantId, var aad, var expiresText]
            && Expiry(expiresText) is { } expires
            ? new PersonalGrant(tenantId, aad, expires)
            : null;

    /// <summary>The grant of a token that is intact and not expired; null for anything else.</summary>
    public ExportGrant? Read(string? token) =>
        Fields(token) is [Version, var tenantId, var teamId, var formatName, var expiresText]
            && ExchangeFormats.Parse(formatName) is { } format
            && Expiry(expiresText) is { } expires
            ? new ExportGrant(tenantId, teamId, format, expires)
            : null;

    private Uri Link(Func<string, string> path, params string[] fields)
    {
        var baseUrl = options.PublicBaseUrl ?? throw new InvalidOperationException("Coach:PublicBaseUrl is not set.");
        var expires = clock.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds();
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', [.. fields, expires.ToString(CultureInfo.InvariantCulture)]));
        var token = Base64Url.EncodeToString(bytes) + "." + Base64Url.EncodeToString(Sign(bytes));
        return new Uri(baseUrl, path(token));
    }

    private DateTimeOffset? Expiry(string expiresText) =>
        long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && DateTimeOffset.FromUnixTimeSeconds(seconds) is var expires
        && clock.GetUtcNow() < expires
            ? expires
            : null;

    // The signed fields of a token; null when it is not intact.
    private string[]? Fields(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2048 || token.Split('.') is not [var encodedPayload, var encodedSignature])
        {
            return null;
        }

        byte[] payload, signature;
        try
        {
            payload = Base64Url.DecodeFromChars(encodedPayload);
            signature = Base64Url.DecodeFromChars(encodedSignature);
        }
        catch (FormatException)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(signature, Sign(payload)) ? Encoding.UTF8.GetString(payload).Split('\n') : null;
    }

    private byte[] Sign(byte[] payload) => HMACSHA256.HashData(key, payload);
}
