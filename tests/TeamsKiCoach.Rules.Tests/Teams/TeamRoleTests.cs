using TeamsKiCoach.Coaching.Teams;

namespace TeamsKiCoach.Tests.Teams;

public sealed class TeamRoleTests
{
    private const string Team = "19:team-vertrieb@thread.tacv2";

    [Fact]
    public void SomeoneNeitherOnTheRosterNorALeadIsNobodyInTheTeam()
    {
        var role = TeamRole.Of(Team, "aad-stranger", leadSource: null, onRoster: false);

        Assert.Equal(TeamRoleKind.None, role.Kind);
        Assert.False(role.IsMember);
        Assert.False(role.IsLead);
    }

    [Fact]
    public void ARosterMemberIsAMemberButNoLead()
    {
        var role = TeamRole.Of(Team, "aad-anna", leadSource: null, onRoster: true);

        Assert.Equal(TeamRoleKind.Member, role.Kind);
        Assert.True(role.IsMember);
        Assert.False(role.IsLead);
    }

    [Theory]
    [InlineData(LeadSource.Installer)]
    [InlineData(LeadSource.AddedByLead)]
    [InlineData(LeadSource.TeamsOwner)]
    public void ALeadFromAnySourceLeadsAndKeepsWhereTheRoleCameFrom(LeadSource source)
    {
        var role = TeamRole.Of(Team, "aad-lead", source, onRoster: true);

        Assert.Equal(TeamRoleKind.Lead, role.Kind);
        Assert.True(role.IsLead);
        Assert.Equal(source, role.LeadSource);
    }

    [Fact]
    public void ALeadTheRosterDoesNotNameYetStillCountsAsAMemberButNotAsOnTheRoster()
    {
        var role = TeamRole.Of(Team, "aad-lead", LeadSource.Installer, onRoster: false);

        Assert.True(role.IsMember);
        Assert.False(role.OnRoster);
    }

    [Fact]
    public void APersonLeadsTheirOwnPersonalBacklogAndNobodyElses()
    {
        var own = TeamRole.Of(TeamRecord.PersonalTeamId("aad-anna"), "aad-anna", leadSource: null, onRoster: false);
        var others = TeamRole.Of(TeamRecord.PersonalTeamId("aad-anna"), "aad-bernd", leadSource: null, onRoster: false);

        Assert.True(own.IsLead);
        Assert.True(own.OnRoster);
        Assert.Equal(TeamRoleKind.None, others.Kind);
    }
}
