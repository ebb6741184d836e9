using TeamsKiCoach.Coaching.Registry;

namespace TeamsKiCoach.Tests.Registry;

/// <summary>A team's registry for the tests: the bot's own steps from a configuration, and two automations of the team.</summary>
internal static class SampleRegistry
{
    public static readonly DateTimeOffset Installed = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static BotConfiguration Config(Func<BotConfiguration, BotConfiguration>? change = null)
    {
        var config = new BotConfiguration
        {
            TenantId = "tenant-1",
            TeamId = "team-1",
            OwnerAadObjectId = "it-owner",
            OwnerName = "Petra Schulz",
            Since = Installed,
        };
        return change is null ? config : change(config);
    }

    public static AutomationEntry Invoices() => new()
    {
        Id = 41,
        TenantId = "tenant-1",
        TeamId = "team-1",
        Name = "Eingangsrechnungen erfassen",
        Steps = ["Liest neue Rechnungen aus dem Postfach buchhaltung@.", "Trägt Lieferant, Betrag und Fälligkeit ins ERP ein."],
        DoesNot = ["Gibt keine Zahlung frei.", "Bucht nichts ohne Prüfung durch die Buchhaltung."],
        Trigger = "Neue E-Mail mit PDF im Postfach buchhaltung@",
        DataUsed = "Rechnungs-PDFs und Lieferantenstamm",
        UsesAi = true,
        AiRole = "Texterkennung der Rechnungsfelder (Azure OpenAI)",
        OwnerAadObjectId = "aad-jonas",
        OwnerName = "Jonas Becker",
        Status = AutomationStatus.Running,
        Since = new DateTimeOffset(2026, 5, 4, 8, 0, 0, TimeSpan.Zero),
        LastReviewedAt = new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero),
    };

    public static AutomationEntry MeetingNotes() => new()
    {
        Id = 42,
        TenantId = "tenant-1",
        TeamId = "team-1",
        Name = "Protokollvorlage nach Meetings",
        Steps = ["Legt nach jedem Teammeeting eine leere Protokollvorlage im Kanal an."],
        DoesNot = ["Schreibt kein Protokoll."],
        Trigger = "Ende eines Teammeetings im Kalender",
        DataUsed = "Titel und Teilnehmende des Meetings",
        Status = AutomationStatus.Pilot,
        Since = new DateTimeOffset(2026, 6, 8, 8, 0, 0, TimeSpan.Zero),
    };

    public static IReadOnlyList<AutomationEntry> Entries(RegistryText? text = null) =>
        [.. BotAutomations.Describe(Config(), text ?? RegistryText.German), Invoices(), MeetingNotes()];
}
