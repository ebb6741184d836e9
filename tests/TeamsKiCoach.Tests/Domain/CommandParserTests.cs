using TeamsKiCoach.Coaching.Commands;

namespace TeamsKiCoach.Tests.Domain;

public sealed class CommandParserTests
{
    [Theory]
    [InlineData("hilfe", CommandKind.Help)]
    [InlineData("  HILFE  ", CommandKind.Help)]
    [InlineData("Hilfe!", CommandKind.Help)]
    [InlineData("hilfe?", CommandKind.Help)]
    [InlineData("help", CommandKind.Help)]
    [InlineData("?", CommandKind.Help)]
    [InlineData("Was kannst du?", CommandKind.Help)]
    [InlineData("was   kannst\tdu", CommandKind.Help)]
    [InlineData("What can you do?", CommandKind.Help)]
    [InlineData("Befehle", CommandKind.Help)]
    [InlineData("pause", CommandKind.Pause)]
    [InlineData("Pausieren", CommandKind.Pause)]
    [InlineData("weiter", CommandKind.Resume)]
    [InlineData("Fortsetzen.", CommandKind.Resume)]
    [InlineData("resume", CommandKind.Resume)]
    [InlineData("Hilfe bitte", CommandKind.Help)]
    public void RecognisesCommandsInGermanAndEnglish(string text, CommandKind expected) =>
        Assert.Equal(expected, CommandParser.Parse(text).Kind);

    [Theory]
    [InlineData("Rechnungen abtippen nervt")]
    [InlineData("hilfreich")]
    [InlineData("weitermachen ist schwer")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void TextThatIsNoCommandStaysUnknown(string? text) =>
        Assert.Equal(CommandKind.Unknown, CommandParser.Parse(text).Kind);

    [Fact]
    public void KeepsTheTextAfterTheCommandWordAsArgument() =>
        Assert.Equal("2 wochen", CommandParser.Parse("Pause 2 Wochen").Argument);

    [Fact]
    public void UnknownKeepsWhatThePersonWrote() =>
        Assert.Equal("Ärger mit dem Drucker", CommandParser.Parse("  Ärger mit dem Drucker ").Argument);

    [Theory]
    [InlineData("Hïlfé", "hilfe")]
    [InlineData("Straße", "strasse")]
    [InlineData("ÄÖÜ äöü", "aou aou")]
    public void FoldsAccentsUmlautsAndCase(string text, string expected) =>
        Assert.Equal(expected, CommandParser.Normalize(text));
}
