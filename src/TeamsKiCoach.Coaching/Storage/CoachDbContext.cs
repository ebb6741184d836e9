using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.People;

namespace TeamsKiCoach.Coaching.Storage;

/// <summary>
/// The bot's database, always seen through one tenant: every query is filtered to <see cref="TenantId"/> and
/// saving a row of another tenant fails. Get instances from <see cref="CoachDbFactory"/>.
/// One model for both providers; each provider has its own context type only so that it has its own migrations.
/// </summary>
public abstract class CoachDbContext(DbContextOptions options) : DbContext(options)
{
    public string TenantId { get; internal set; } = string.Empty;

    public DbSet<ConversationRecord> Conversations => Set<ConversationRecord>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<PersonSettings> PersonSettings => Set<PersonSettings>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ConversationRecord>(e =>
        {
            e.ToTable("conversations");
            e.HasIndex(c => new { c.TenantId, c.ConversationId }).IsUnique();
            e.HasIndex(c => new { c.TenantId, c.UserAadObjectId });
            e.Property(c => c.Scope).HasConversion<string>().HasMaxLength(16);
            e.HasQueryFilter(c => c.TenantId == TenantId);
        });
        modelBuilder.Entity<TeamMember>(e =>
        {
            e.ToTable("team_members");
            e.HasIndex(m => new { m.TenantId, m.TeamId, m.AadObjectId }).IsUnique();
            e.HasQueryFilter(m => m.TenantId == TenantId);
        });
        modelBuilder.Entity<PersonSettings>(e =>
        {
            e.ToTable("person_settings");
            e.HasIndex(p => new { p.TenantId, p.AadObjectId }).IsUnique();
            e.Ignore(p => p.IsPaused);
            e.HasQueryFilter(p => p.TenantId == TenantId);
        });
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var foreign = ChangeTracker.Entries<ITenantOwned>()
            .FirstOrDefault(e => e.State is EntityState.Added or EntityState.Modified && e.Entity.TenantId != TenantId);
        if (foreign is not null || string.IsNullOrEmpty(TenantId))
        {
            throw new InvalidOperationException("A row of another tenant was about to be saved; nothing was written.");
        }

        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync.");
}

public sealed class SqliteCoachDbContext(DbContextOptions<SqliteCoachDbContext> options) : CoachDbContext(options)
{
    // SQLite has no date type that sorts and compares; UTC ticks do both. PostgreSQL keeps timestamptz.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
}

public sealed class PostgresCoachDbContext(DbContextOptions<PostgresCoachDbContext> options) : CoachDbContext(options);
