namespace TeamsKiCoach.Bot.Hosting;

/// <summary>
/// In Development the host listens on http://127.0.0.1:3978, where the Agents Playground looks for it, unless the
/// command line or the environment names an address (<c>--urls</c>, <c>Urls</c>, <c>ASPNETCORE_URLS</c>, the
/// <c>*_HTTP_PORTS</c> settings or Kestrel endpoints). The default is applied here rather than as <c>Urls</c> in
/// appsettings.Development.json, because a key there outranks <c>ASPNETCORE_URLS</c> and a second host could not move.
/// </summary>
public static class DevelopmentAddress
{
    public const string Default = "http://127.0.0.1:3978";

    public static void ApplyDefault(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var addressGiven = !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (builder.Environment.IsDevelopment() && !addressGiven)
        {
            builder.WebHost.UseUrls(Default);
        }
    }
}
