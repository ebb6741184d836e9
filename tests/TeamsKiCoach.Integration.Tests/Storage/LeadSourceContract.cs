using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Tests.Storage;

/// <summary>How the leads of a database of the release before lead sources learn where their role came from.</summary>
public abstract class LeadSourceContract(StorageProvider provider)
{
    private const string Team = "19:team-vertrieb@thread.tacv2";
    private static readonly DateTimeOffset Installed = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AnOldDatabasesInstallerBecomesInstallerAndEveryOtherLeadAddedByALeadTenantByTenant()
    {
        await using var before = TestDatabase.Create(provider);
        await using var services = new ServiceCollection().AddCoachStorage(provider, before.ConnectionString).BuildServiceProvider();
        var factory = services.GetRequiredService<CoachDbFactory>();

        // The schema as the release before left it: every migration up to "StoredPatterns".
        await using (var db = await factory.ForSystemAsync(default))
        {
            await db.GetService<IMigrator>().MigrateAsync("StoredPatterns");
        }

        // Two tenants with the same team id: in tenant-b the team was installed by someone who leads in tenant-a only as added.
        await using (var db = await factory.ForTenantAsync("tenant-a", default))
        {
            db.Teams.AddRange(
                new TeamRecord { TenantId = "tenant-a", TeamId = Team, Name = "Vertrieb", InstalledByAadObjectId = "aad-lead", InstalledAt = Installed },
                new TeamRecord { TenantId = "tenant-a", TeamId = "19:team-erased@thread.tacv2", InstalledByAadObjectId = null, InstalledAt = Installed });
            await db.SaveChangesAsync();
        }

        await using (var db = await factory.ForTenantAsync("tenant-b", default))
        {
            db.Teams.Add(new TeamRecord { TenantId = "tenant-b", TeamId = Team, Name = "Sales", InstalledByAadObjectId = "aad-bernd", InstalledAt = Installed });
            await db.SaveChangesAsync();
        }

        await using (var db = await factory.ForSystemAsync(default))
        {
            await InsertLeadAsync(db, "tenant-a", Team, "aad-lead", Installed);
            await InsertLeadAsync(db, "tenant-a", Team, "aad-bernd", Installed.AddDays(3));
            await InsertLeadAsync(db, "tenant-b", Team, "aad-bernd", Installed);
            await InsertLeadAsync(db, "tenant-b", Team, "aad-lead", Installed.AddDays(1));
            // The installer was erased ("Alles löschen"): the team forgot them, the lead someone added stays.
            await InsertLeadAsync(db, "tenant-a", "19:team-erased@thread.tacv2", "aad-carl", Installed.AddDays(5));
        }

        await factory.InitializeAsync(default);

        Assert.Equal(
            [("tenant-a", Team, "aad-lead", LeadSource.Installer), ("tenant-a", Team, "aad-bernd", LeadSource.AddedByLead),
                ("tenant-b", Team, "aad-bernd", LeadSource.Installer), ("tenant-b", Team, "aad-lead", LeadSource.AddedByLead),
                ("tenant-a", "19:team-erased@thread.tacv2", "aad-carl", LeadSource.AddedByLead)],
            await SourcesAsync(factory));

        // And as the one place that answers who someone is in a team sees it.
        var teams = new TeamDirectory(factory, TimeProvider.System);
        Assert.Equal(LeadSource.AddedByLead, (await teams.RoleAsync("tenant-a", Team, "aad-bernd", default)).LeadSource);
        Assert.Equal(LeadSource.Installer, (await teams.RoleAsync("tenant-b", Team, "aad-bernd", default)).LeadSource);
    }

    private static async Task<List<(string, string, string, LeadSource)>> SourcesAsync(CoachDbFactory factory)
    {
        await using var db = await factory.ForSystemAsync(default);
        return (await db.TeamLeads.IgnoreQueryFilters().AsNoTracking().OrderBy(l => l.Id).ToListAsync())
            .Select(l => (l.TenantId, l.TeamId, l.AadObjectId, l.Source))
            .ToList();
    }

    // Only the columns the release before had.
    private async Task InsertLeadAsync(CoachDbContext db, string tenant, string team, string person, DateTimeOffset addedAt) =>
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO team_leads (\"TenantId\", \"TeamId\", \"AadObjectId\", \"AddedAt\") VALUES ({0}, {1}, {2}, {3})",
            tenant, team, person, At(addedAt));

    // SQLite keeps a moment as the binary form of the model's converter, PostgreSQL as timestamptz.
    private object At(DateTimeOffset moment) =>
        provider == StorageProvider.Sqlite ? new DateTimeOffsetToBinaryConverter().ConvertToProvider(moment)! : moment;
}

public sealed class SqliteLeadSourceTests() : LeadSourceContract(StorageProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresLeadSourceTests() : LeadSourceContract(StorageProvider.Postgres);
