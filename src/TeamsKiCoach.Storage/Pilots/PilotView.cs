using TeamsKiCoach.Coaching.Pilots;

namespace TeamsKiCoach.Storage.Pilots;

/// <summary>
/// A pilot as one person sees it: what they may do (by their AAD object id, checked here), the team's leads and
/// the relief rounds in aggregate (only for the owner and the leads).
/// </summary>
public sealed record PilotView(
    Pilot Pilot,
    bool ViewerIsLead,
    bool ViewerIsOwner,
    bool ViewerIsProposer,
    IReadOnlyList<string> LeadAadObjectIds,
    BrakeCheck Brake,
    IReadOnlyList<ReliefRound> Relief,
    IReadOnlyList<string> DeciderTeamsUserIds);

/// <summary>One relief round of a pilot: asked how many, and the result once enough answered.</summary>
public sealed record ReliefRound(int Week, int Asked, ReliefResult Result);
