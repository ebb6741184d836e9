using Microsoft.AspNetCore.Builder;
using TeamsKiCoach.Bot.Hosting;

namespace TeamsKiCoach.Tests.Host;

public sealed class DevelopmentAddressTests
{
    private static string? ListeningAddress(string environment, params string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, Args = args });
        DevelopmentAddress.ApplyDefault(builder);
        return builder.Configuration["urls"];
    }

    [Fact]
    public void InDevelopmentWithoutAnAddressTheHostListensWhereThePlaygroundLooks()
    {
        Assert.Equal("http://127.0.0.1:3978", ListeningAddress("Development"));
    }

    [Theory]
    [InlineData("--urls", "http://127.0.0.1:3990")]
    [InlineData("--Urls", "http://127.0.0.1:3991")]
    public void AnAddressFromTheCommandLineMovesIt(string key, string address)
    {
        Assert.Equal(address, ListeningAddress("Development", key, address));
    }

    [Fact]
    public void AnotherSettingThatChoosesTheAddressIsLeftAlone()
    {
        Assert.Null(ListeningAddress("Development", "--http_ports", "3992"));
    }

    [Fact]
    public void OutsideDevelopmentNoAddressIsChosen()
    {
        Assert.Null(ListeningAddress("Production"));
    }
}
