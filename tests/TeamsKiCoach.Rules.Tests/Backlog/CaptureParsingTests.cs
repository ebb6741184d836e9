using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Commands;

namespace TeamsKiCoach.Tests.Backlog;

public sealed class CaptureParsingTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Theory]
    [InlineData("reibung: Rechnungen **von Hand** abtippen", "Rechnungen **von Hand** abtippen", false)]
    [InlineData("Reibung:Drucker streikt 🖨️", "Drucker streikt 🖨️", false)]
    [InlineData("FRICTION : ${user.name} <b>again</b>", "${user.name} <b>again</b>", false)]
    [InlineData("reibung anonym: Urlaubsanträge auf Papier", "Urlaubsanträge auf Papier", true)]
    [InlineData("friction anonymous:  expense reports\non paper ", "expense reports\non paper", true)]
    [InlineData("reibung:", "", false)]
    public void ACaptureKeepsTheTextAsTyped(string message, string text, bool anonymous)
    {
        var command = CommandParser.Parse(message, Today);

        Assert.Equal((CommandKind.Capture, text, anonymous), (command.Kind, command.Text, command.Anonymous));
    }

    [Theory]
    [InlineData("reibungslos läuft hier gar nichts")]
    [InlineData("Die Reibung: zwischen Vertrieb und Lager")]
    [InlineData("reibung Drucker")]
    public void AMessageThatOnlyMentionsFrictionIsNoCapture(string message) =>
        Assert.NotEqual(CommandKind.Capture, CommandParser.Parse(message, Today).Kind);

    [Theory]
    [InlineData("backlog", CommandKind.Backlog)]
    [InlineData("Team-Backlog", CommandKind.Backlog)]
    [InlineData("show backlog", CommandKind.Backlog)]
    [InlineData("Meine Einträge", CommandKind.MyEntries)]
    [InlineData("meine eintraege", CommandKind.MyEntries)]
    [InlineData("my entries", CommandKind.MyEntries)]
    public void TheBacklogCommandsAreUnderstood(string message, CommandKind kind) =>
        Assert.Equal(kind, CommandParser.Parse(message, Today).Kind);

    [Theory]
    [InlineData("Das Abtippen der Lieferscheine nervt jeden Tag")]
    [InlineData("Urlaubsanträge gehen immer wieder verloren")]
    [InlineData("Wir pflegen die Kundendaten doppelt, in Excel und im CRM")]
    [InlineData("Copying invoices by hand into the ERP takes forever")]
    [InlineData("The VPN keeps crashing during calls")]
    public void AComplaintAboutWorkSoundsLikeFriction(string message) =>
        Assert.True(FrictionCues.SoundsLikeFriction(message));

    [Theory]
    [InlineData("Hallo!")]
    [InlineData("Guten Morgen zusammen")]
    [InlineData("Danke, super")]
    [InlineData("Wie lange dauert das mit dem Export?")]
    [InlineData("Kannst du mir zeigen, was manuell läuft")]
    [InlineData("What can you do about manual work?")]
    [InlineData("nervt")]
    [InlineData("Morgen ist Teammeeting um zehn")]
    [InlineData("")]
    public void GreetingsQuestionsAndNeutralTextDoNot(string message) =>
        Assert.False(FrictionCues.SoundsLikeFriction(message));
}
