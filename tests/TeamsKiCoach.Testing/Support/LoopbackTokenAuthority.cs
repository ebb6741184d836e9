using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TeamsKiCoach.Tests.Support;

/// <summary>
/// A stand-in for the Bot Framework's token service on 127.0.0.1: OpenID metadata and signing keys (JWKS with
/// channel endorsements, as login.botframework.com serves them) over HTTPS, and the private keys to mint tokens
/// with. The Bot Framework fetches metadata over HTTPS only, so the authority's certificate is trusted for the
/// current user while the authority runs (on Linux .NET trusts the CurrentUser\Root store) and removed after.
/// </summary>
public sealed class LoopbackTokenAuthority : IAsyncDisposable
{
    public const string ChannelIssuer = "https://api.botframework.com";
    public const string AppId = "6f4c2a9e-1d3b-4c5e-9a7f-2b8d0e1f3a5c";

    private readonly WebApplication app;
    private readonly X509Certificate2 certificate;

    private LoopbackTokenAuthority(WebApplication app, X509Certificate2 certificate)
    {
        this.app = app;
        this.certificate = certificate;
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The key Teams signs with: listed in the channel's JWKS and endorsed for msteams.</summary>
    public RSA TeamsKey { get; } = RSA.Create(2048);
    public const string TeamsKeyId = "teams-key";

    /// <summary>A key in the channel's JWKS that is endorsed for another channel (Web Chat) only.</summary>
    public RSA WebChatKey { get; } = RSA.Create(2048);
    public const string WebChatKeyId = "webchat-key";

    /// <summary>The key of the Emulator / Azure AD metadata: a different document and key set.</summary>
    public RSA EmulatorKey { get; } = RSA.Create(2048);
    public const string EmulatorKeyId = "aad-key";

    /// <summary>A key nobody publishes: what an attacker signs with.</summary>
    public RSA AttackerKey { get; } = RSA.Create(2048);

    /// <summary>The Bot Framework settings that point the host's token validation at this authority.</summary>
    public (string Key, string? Value)[] HostSettings =>
    [
        ("MicrosoftAppType", "MultiTenant"),
        ("MicrosoftAppId", AppId),
        ("MicrosoftAppPassword", "not-a-real-secret"),
        ("ToBotFromChannelTokenIssuer", ChannelIssuer),
        ("ToBotFromChannelOpenIdMetadataUrl", new Uri(BaseUrl, "channel/.well-known/openidconfiguration").AbsoluteUri),
        ("ToBotFromEmulatorOpenIdMetadataUrl", new Uri(BaseUrl, "emulator/.well-known/openidconfiguration").AbsoluteUri),
        ("ToChannelFromBotOAuthScope", "https://api.botframework.com"),
        ("ToChannelFromBotLoginUrl", "https://login.microsoftonline.com/botframework.com"),
        ("OAuthUrl", "https://api.botframework.com"),
        ("CallerId", "urn:botframework:azure"),
    ];

    public static async Task<LoopbackTokenAuthority> StartAsync()
    {
        var certificate = LoopbackCertificate();
        Trust(certificate, add: true);

        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var authority = new LoopbackTokenAuthority(app, certificate);
        app.MapGet("/channel/.well-known/openidconfiguration", (HttpContext c) => Results.Json(authority.Metadata("channel")));
        app.MapGet("/emulator/.well-known/openidconfiguration", (HttpContext c) => Results.Json(authority.Metadata("emulator")));
        app.MapGet("/channel/keys", () => Results.Json(new JsonObject
        {
            ["keys"] = new JsonArray(Jwk(authority.TeamsKey, TeamsKeyId, "msteams"), Jwk(authority.WebChatKey, WebChatKeyId, "webchat")),
        }));
        app.MapGet("/emulator/keys", () => Results.Json(new JsonObject { ["keys"] = new JsonArray(Jwk(authority.EmulatorKey, EmulatorKeyId)) }));
        await app.StartAsync();
        var address = app.Urls.Single();
        authority.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return authority;
    }

    /// <summary>The claims of a token Teams would send for an activity from <paramref name="serviceUrl"/>.</summary>
    public static JsonObject ValidClaims(Uri serviceUrl)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["serviceurl"] = serviceUrl.AbsoluteUri,
            ["nbf"] = now - 60,
            ["exp"] = now + 3600,
            ["iss"] = ChannelIssuer,
            ["aud"] = AppId,
        };
    }

    public static JsonObject Header(string kid, string alg = "RS256") => new() { ["alg"] = alg, ["kid"] = kid, ["typ"] = "JWT" };

    /// <summary>A token as Teams sends it: RS256, the Teams key, the given claims.</summary>
    public string Token(JsonObject claims) => Sign(Header(TeamsKeyId), claims, TeamsKey);

    public static string Sign(JsonObject header, JsonObject claims, RSA key, HashAlgorithmName? hash = null)
    {
        var signed = $"{Base64Url(header.ToJsonString())}.{Base64Url(claims.ToJsonString())}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signed), hash ?? HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Base64Url(signature)}";
    }

    public static string Base64Url(string text) => Base64Url(Encoding.UTF8.GetBytes(text));

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private JsonObject Metadata(string path) => new()
    {
        ["issuer"] = path == "channel" ? ChannelIssuer : "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0",
        ["authorization_endpoint"] = new Uri(BaseUrl, $"{path}/authorize").AbsoluteUri,
        ["jwks_uri"] = new Uri(BaseUrl, $"{path}/keys").AbsoluteUri,
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
    };

    private static JsonObject Jwk(RSA key, string kid, params string[] endorsements)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = kid,
            ["n"] = Base64Url(parameters.Modulus!),
            ["e"] = Base64Url(parameters.Exponent!),
        };
        if (endorsements.Length > 0)
        {
            jwk["endorsements"] = new JsonArray(endorsements.Select(e => (JsonNode)e).ToArray());
        }

        return jwk;
    }

    private static X509Certificate2 LoopbackCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=TeamsKiCoach test token authority", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(2));

        // Exported and loaded again so that TLS on Linux can use the private key.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    private static void Trust(X509Certificate2 certificate, bool add)
    {
        using var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
        if (add)
        {
            store.Add(publicOnly);
        }
        else
        {
            store.Remove(publicOnly);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Trust(certificate, add: false);
        certificate.Dispose();
        TeamsKey.Dispose();
        WebChatKey.Dispose();
        EmulatorKey.Dispose();
        AttackerKey.Dispose();
    }
}
