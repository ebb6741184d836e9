using TeamsKiCoach.Coaching.Pilots;

namespace TeamsKiCoach.Tests.Domain;

/// <summary>The coaching rules stay apart from storage, file formats and the Bot Framework.</summary>
public sealed class RulesProjectTests
{
    [Theory]
    [InlineData("Microsoft.EntityFrameworkCore")]
    [InlineData("Microsoft.Data.Sqlite")]
    [InlineData("Npgsql")]
    [InlineData("ClosedXML")]
    [InlineData("Microsoft.Bot")]
    [InlineData("TeamsKiCoach.Storage")]
    public void TheRulesAssemblyReferencesNoStorageOrBotFramework(string forbidden)
    {
        var references = typeof(Pilot).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty).ToList();

        Assert.DoesNotContain(references, name => name.StartsWith(forbidden, StringComparison.Ordinal));
        Assert.Contains(references, name => name == "System.Runtime");
    }
}
