using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Audit;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Privacy;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Pulse;
using TeamsKiCoach.Coaching.Registry;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Storage.Audit;
using TeamsKiCoach.Storage.Privacy;
using TeamsKiCoach.Storage.Pulse;
using TeamsKiCoach.Storage.Backlog;

namespace TeamsKiCoach.Storage;

/// <summary>
/// The bot's database, always seen through one tenant: every query is filtered to <see cref="TenantId"/> and
/// saving a row of another tenant fails. Get instances from <see cref="CoachDbFactory"/>.
/// One model for both providers; each provider has its own context type only so that it has its own migrations.
/// </summary>
public abstract class CoachDbContext(DbContextOptions options) : DbContext(options)
{
    public string TenantId { get; internal set; } = string.Empty;

    /// <summary>On SQLite, whether this pooled context keeps an open connection across rents (see <see cref="KeptSqliteConnections"/>).</summary>
    internal bool KeepsConnection { get; set; }

    /// <summary>Which storage optimisations the questions asked through this context use (set on every rent).</summary>
    internal StorageOptimisations Optimisations { get; set; } = StorageOptimisations.All;

    /// <summary>The team backlogs this host read last, kept behind their stamp (set on every rent; null: none kept).</summary>
    internal Backlog.TeamBacklogCache? Backlogs { get; set; }

    /// <summary>The pulse results this host built last, kept behind their stamp (set on every rent; null: none kept).</summary>
    internal Pulse.PulseResultsCache? PulseResults { get; set; }

    public DbSet<ConversationRecord> Conversations => Set<ConversationRecord>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<PersonSettings> PersonSettings => Set<PersonSettings>();
    public DbSet<TeamRecord> Teams => Set<TeamRecord>();
    public DbSet<TeamLead> TeamLeads => Set<TeamLead>();
    public DbSet<DailyPrompt> DailyPrompts => Set<DailyPrompt>();
    public DbSet<BacklogEntry> BacklogEntries => Set<BacklogEntry>();
    public DbSet<BacklogPattern> BacklogPatterns => Set<BacklogPattern>();
    public DbSet<GroupingDecisionRecord> GroupingDecisions => Set<GroupingDecisionRecord>();
    public DbSet<DataStepRecord> DataSteps => Set<DataStepRecord>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<PatternAssessment> PatternAssessments => Set<PatternAssessment>();
    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();
    public DbSet<PulseRun> PulseRuns => Set<PulseRun>();
    public DbSet<PulseAnswer> PulseAnswers => Set<PulseAnswer>();
    public DbSet<TenantSecret> TenantSecrets => Set<TenantSecret>();
    public DbSet<RetentionRun> RetentionRuns => Set<RetentionRun>();
    public DbSet<Pilot> Pilots => Set<Pilot>();
    public DbSet<ReliefAsk> ReliefAsks => Set<ReliefAsk>();
    public DbSet<ReliefAnswerRecord> ReliefAnswers => Set<ReliefAnswerRecord>();
    public DbSet<AutomationEntry> Automations => Set<AutomationEntry>();
    public DbSet<NudgeRun> NudgeRuns => Set<NudgeRun>();

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
        modelBuilder.Entity<TeamRecord>(e =>
        {
            e.ToTable("teams");
            e.HasIndex(t => new { t.TenantId, t.TeamId }).IsUnique();
            e.Ignore(t => t.IsPersonal);
            e.Property(t => t.PulseDay).HasConversion<string>().HasMaxLength(10);
            e.Property(t => t.PilotPlaces).IsConcurrencyToken();
            e.Property(t => t.NudgeCadence).HasConversion<string>().HasMaxLength(16);
            e.Property(t => t.StageVersion).IsConcurrencyToken();
            e.HasQueryFilter(t => t.TenantId == TenantId);
        });
        modelBuilder.Entity<TeamLead>(e =>
        {
            e.ToTable("team_leads");
            e.Property(l => l.Source).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(l => new { l.TenantId, l.TeamId, l.AadObjectId }).IsUnique();
            e.HasQueryFilter(l => l.TenantId == TenantId);
        });
        modelBuilder.Entity<DailyPrompt>(e =>
        {
            e.ToTable("daily_prompts");
            e.HasIndex(p => new { p.TenantId, p.RecipientAadObjectId, p.LocalDate }).IsUnique();
            e.Property(p => p.Answer).HasConversion<string>().HasMaxLength(16);
            e.HasQueryFilter(p => p.TenantId == TenantId);
        });
        modelBuilder.Entity<BacklogEntry>(e =>
        {
            e.ToTable("backlog_entries");
            e.HasIndex(b => new { b.TenantId, b.TeamId, b.Number }).IsUnique();
            e.Property(b => b.Text).HasMaxLength(BacklogEntry.MaxTextLength);
            e.Property(b => b.Frequency).HasConversion<string>().HasMaxLength(16);
            e.Property(b => b.Source).HasConversion<string>().HasMaxLength(16);
            e.Property(b => b.CaptureKey).HasMaxLength(64);
            e.HasIndex(b => new { b.TenantId, b.TeamId, b.CaptureKey }).IsUnique();
            e.Ignore(b => b.IsWithdrawn);
            e.HasQueryFilter(b => b.TenantId == TenantId);
        });
        modelBuilder.Entity<BacklogPattern>(e =>
        {
            e.ToTable("backlog_patterns");
            // The number is unique in the team and never given out twice: retired patterns keep theirs.
            e.HasIndex(p => new { p.TenantId, p.TeamId, p.Number }).IsUnique();
            e.Property(p => p.Title).HasMaxLength(BacklogPattern.MaxTitleLength);
            e.HasMany(p => p.Entries).WithOne().HasForeignKey(b => b.PatternId).OnDelete(DeleteBehavior.SetNull);
            e.Navigation(p => p.Entries).HasField("entries").UsePropertyAccessMode(PropertyAccessMode.Field);
            e.HasOne<BacklogPattern>().WithMany().HasForeignKey(p => p.MergedIntoId).OnDelete(DeleteBehavior.NoAction);
            e.Ignore(p => p.IsRetired);
            e.HasQueryFilter(p => p.TenantId == TenantId);
        });
        modelBuilder.Entity<DataStepRecord>(e =>
        {
            e.ToTable("data_steps");
            e.HasIndex(d => new { d.TenantId, d.Name }).IsUnique();
            e.Property(d => d.Name).HasMaxLength(64);
            e.HasQueryFilter(d => d.TenantId == TenantId);
        });
        modelBuilder.Entity<GroupingDecisionRecord>(e =>
        {
            e.ToTable("grouping_decisions");
            e.HasIndex(d => new { d.TenantId, d.TeamId, d.Id });
            e.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
            e.HasOne<BacklogPattern>().WithMany().HasForeignKey(d => d.PatternId).OnDelete(DeleteBehavior.NoAction);
            e.HasQueryFilter(d => d.TenantId == TenantId);
        });
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox");
            e.HasIndex(m => new { m.TenantId, m.RunKey, m.RecipientKey }).IsUnique();
            e.HasIndex(m => new { m.State, m.NextAttemptAt });
            e.Property(m => m.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
            e.Ignore(m => m.ConversationKey);
            e.HasQueryFilter(m => m.TenantId == TenantId);
        });
        modelBuilder.Entity<PatternAssessment>(e =>
        {
            e.ToTable("pattern_assessments");
            e.HasIndex(a => new { a.TenantId, a.TeamId, a.PatternKey });
            e.HasOne<BacklogPattern>().WithMany().HasForeignKey(a => a.PatternId).OnDelete(DeleteBehavior.NoAction);
            e.Property(a => a.PatternTitle).HasMaxLength(PatternAssessment.MaxTitleLength);
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.Source).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.SuggestedVerdict).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.ConfirmedVerdict).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.ConfirmedHow).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.Language).HasMaxLength(8);
            e.Property(a => a.Version).IsConcurrencyToken();
            e.Ignore(a => a.IsConfirmed);
            e.Ignore(a => a.IsConfirmedFit);
            e.Ignore(a => a.Suggestion);
            e.Ignore(a => a.Current);
            e.HasQueryFilter(a => a.TenantId == TenantId);
        });
        modelBuilder.Entity<PulseRun>(e =>
        {
            e.ToTable("pulse_runs");
            e.HasIndex(r => new { r.TenantId, r.TeamId, r.Week }).IsUnique();
            e.Property(r => r.Week).HasMaxLength(8);
            e.Property(r => r.Variant).HasConversion<string>().HasMaxLength(8);
            e.Ignore(r => r.IsoWeek);
            e.HasQueryFilter(r => r.TenantId == TenantId);
        });
        modelBuilder.Entity<PulseAnswer>(e =>
        {
            e.ToTable("pulse_answers");
            e.HasIndex(a => new { a.TenantId, a.AnswerKey }).IsUnique();
            e.HasIndex(a => new { a.TenantId, a.TeamId, a.Week });
            e.Property(a => a.Week).HasMaxLength(8);
            e.Property(a => a.AnswerKey).HasMaxLength(64);
            e.Property(a => a.Bypassed).HasMaxLength(PulseAnswer.MaxTextLength);
            e.Property(a => a.NewQuestions).HasMaxLength(PulseAnswer.MaxTextLength);
            e.Property(a => a.StillManual).HasMaxLength(PulseAnswer.MaxTextLength);
            e.Ignore(a => a.IsoWeek);
            e.HasQueryFilter(a => a.TenantId == TenantId);
        });
        modelBuilder.Entity<TenantSecret>(e =>
        {
            e.ToTable("tenant_secrets");
            e.HasIndex(t => new { t.TenantId, t.Name }).IsUnique();
            e.Property(t => t.Name).HasMaxLength(64);
            e.Property(t => t.Value).HasMaxLength(128);
            e.HasQueryFilter(t => t.TenantId == TenantId);
        });
        modelBuilder.Entity<AuditRecord>(e =>
        {
            e.ToTable("audit_trail");
            e.HasIndex(a => new { a.TenantId, a.TeamId, a.Subject, a.SubjectId });
            e.Property(a => a.Subject).HasMaxLength(32);
            e.Property(a => a.SubjectId).HasMaxLength(64);
            e.Property(a => a.Action).HasMaxLength(32);
            e.Property(a => a.Detail).HasMaxLength(AuditRecord.MaxDetailLength);
            e.HasQueryFilter(a => a.TenantId == TenantId);
        });
        modelBuilder.Entity<RetentionRun>(e =>
        {
            e.ToTable("retention_runs");
            // The claim: one run per tenant and day, however many hosts share the database.
            e.HasIndex(r => new { r.TenantId, r.Day }).IsUnique();
            e.HasQueryFilter(r => r.TenantId == TenantId);
        });
        modelBuilder.Entity<Pilot>(e =>
        {
            e.ToTable("pilots");
            e.HasIndex(p => new { p.TenantId, p.TeamId, p.Number }).IsUnique();
            e.HasOne<BacklogPattern>().WithMany().HasForeignKey(p => p.PatternId).OnDelete(DeleteBehavior.NoAction);
            e.Property(p => p.PatternTitle).HasMaxLength(Pilot.MaxPatternTitleLength);
            e.Property(p => p.Step).HasMaxLength(Pilot.MaxStepLength);
            e.Property(p => p.StaysManual).HasMaxLength(Pilot.MaxTextLength);
            e.Property(p => p.WhoIsRelieved).HasMaxLength(Pilot.MaxTextLength);
            e.Property(p => p.DecisionReason).HasMaxLength(Pilot.MaxReasonLength);
            e.Property(p => p.State).HasConversion<string>().HasMaxLength(24);
            e.Property(p => p.Decision).HasConversion<string>().HasMaxLength(24);
            e.Property(p => p.Version).IsConcurrencyToken();
            e.Ignore(p => p.CountsAsRunning);
            e.HasQueryFilter(p => p.TenantId == TenantId);
        });
        modelBuilder.Entity<ReliefAsk>(e =>
        {
            e.ToTable("relief_asks");
            e.HasIndex(a => new { a.TenantId, a.PilotId, a.Week, a.RecipientAadObjectId }).IsUnique();
            e.HasQueryFilter(a => a.TenantId == TenantId);
        });
        modelBuilder.Entity<ReliefAnswerRecord>(e =>
        {
            e.ToTable("relief_answers");
            e.HasIndex(a => new { a.TenantId, a.PilotId, a.Week });
            e.Property(a => a.Answer).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.Comment).HasMaxLength(ReliefAnswerRecord.MaxCommentLength);
            e.HasQueryFilter(a => a.TenantId == TenantId);
        });
        modelBuilder.Entity<AutomationEntry>(e =>
        {
            e.ToTable("automations");
            e.HasIndex(a => new { a.TenantId, a.TeamId });
            e.Property(a => a.Name).HasMaxLength(AutomationEntry.MaxNameLength);
            e.Property(a => a.Steps).HasConversion(Lines, LinesComparer).HasMaxLength(AutomationEntry.MaxListLength);
            e.Property(a => a.DoesNot).HasConversion(Lines, LinesComparer).HasMaxLength(AutomationEntry.MaxListLength);
            e.Property(a => a.Trigger).HasMaxLength(AutomationEntry.MaxTextLength);
            e.Property(a => a.DataUsed).HasMaxLength(AutomationEntry.MaxTextLength);
            e.Property(a => a.AiRole).HasMaxLength(AutomationEntry.MaxTextLength);
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.Version).IsConcurrencyToken();
            e.Ignore(a => a.BuiltInKey);
            e.Ignore(a => a.IsBuiltIn);
            e.Ignore(a => a.Reference);
            e.Ignore(a => a.HasOwner);
            e.Ignore(a => a.IsExplained);
            e.Ignore(a => a.IsActive);
            e.HasQueryFilter(a => a.TenantId == TenantId);
        });
        modelBuilder.Entity<NudgeRun>(e =>
        {
            e.ToTable("nudge_runs");
            e.HasIndex(n => new { n.TenantId, n.TeamId, n.Period }).IsUnique();
            e.Property(n => n.Period).HasMaxLength(16);
            e.Property(n => n.Fingerprint).HasMaxLength(64);
            e.Property(n => n.Language).HasMaxLength(8);
            e.Property(n => n.Title).HasMaxLength(200);
            e.Property(n => n.Lines).HasMaxLength(NudgeRun.MaxLinesLength);
            e.Property(n => n.ActionId).HasMaxLength(32);
            e.Property(n => n.ActionSubject).HasMaxLength(64);
            e.Property(n => n.ActionLabel).HasMaxLength(200);
            e.Ignore(n => n.LineList);
            e.HasQueryFilter(n => n.TenantId == TenantId);
        });
    }

    // A list of short lines kept in one column, a line each: steps and boundaries are read as a whole, never queried.
    private static readonly ValueConverter<List<string>, string> Lines = new(
        v => string.Join('\n', v),
        v => v.Length == 0 ? new List<string>() : v.Split('\n', StringSplitOptions.None).ToList());

    private static readonly ValueComparer<List<string>> LinesComparer = new(
        (a, b) => a != null && b != null && a.SequenceEqual(b),
        v => v.Aggregate(0, (hash, line) => HashCode.Combine(hash, line.GetHashCode(StringComparison.Ordinal))),
        v => v.ToList());

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
