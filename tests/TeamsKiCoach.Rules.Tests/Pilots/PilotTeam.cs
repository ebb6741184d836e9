using Microsoft.Extensions.Time.Testing;
using TeamsKiCoach.Coaching.Pilots;

namespace TeamsKiCoach.Tests.Pilots;

/// <summary>A team with a proposer, two leads and a member, a fake clock, and pilots proposed by the proposer.</summary>
internal sealed class PilotTeam
{
    public static readonly PilotActor Anna = new("aad-anna", "Anna Proposer");
    public static readonly PilotActor Lena = new("aad-lena", "Lena Lead");
    public static readonly PilotActor Lars = new("aad-lars", "Lars Lead");
    public static readonly PilotActor Max = new("aad-max", "Max Member");
    public static readonly PilotActor Olga = new("aad-olga", "Olga Owner");

    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private int nextNumber = 1;

    public PilotTeam(DateTimeOffset? start = null) => Clock = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public FakeTimeProvider Clock { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public static PilotProposal Proposal(PilotActor? owner = null, DateOnly? reviewOn = null, bool aiDrafted = false) => new(
        7,
        "Rechnungen von Hand abtippen",
        "Rechnungsdaten aus dem PDF automatisch ins ERP übernehmen.",
        "Prüfen und Freigeben der Rechnung.",
        "Die Buchhaltung: weniger Abtippen am Monatsende.",
        owner ?? Olga,
        reviewOn,
        aiDrafted);

    public Pilot Propose(PilotProposal? proposal = null)
    {
        var result = Pilot.Propose("tenant-1", "team-1", nextNumber++, proposal ?? Proposal(), Anna, Berlin, Now);
        return Assert.IsType<ProposalResult.Proposed>(result).Pilot;
    }

    public Pilot Approved()
    {
        var pilot = Propose();
        Done(pilot.Approve(Lena, actorIsLead: true, runningPilots: 0, maxRunning: 1, Now));
        return pilot;
    }

    public Pilot Running()
    {
        var pilot = Approved();
        Done(pilot.Start(Olga, actorIsLead: false, Now));
        return pilot;
    }

    public Pilot Reviewed()
    {
        var pilot = Running();
        Clock.Advance(TimeSpan.FromDays(28));
        Done(pilot.Review(Olga, actorIsLead: false, "Läuft gut.", Now));
        return pilot;
    }

    public static PilotChange Done(PilotResult result) => Assert.IsType<PilotResult.Done>(result).Change;

    /// <summary>Every stored field of a pilot, to show that a refused step changed none of them.</summary>
    public static IReadOnlyDictionary<string, object?> Snapshot(Pilot pilot) =>
        typeof(Pilot).GetProperties().Where(p => p.CanWrite).ToDictionary(p => p.Name, p => p.GetValue(pilot));
}
