using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.People;

namespace TeamsKiCoach.Storage.People;

public enum PauseChange
{
    Paused,
    AlreadyPaused,
    Resumed,
    WasNotPaused,
}

/// <summary>A person's own choices (pause, prompt time) and whether Teams lets the bot reach them.</summary>
public sealed class PersonPreferences(CoachDbFactory dbFactory, TimeProvider clock)
{
    /// <summary>Pauses until "weiter", or until the given local date (prompts start again on that day).</summary>
    public Task<PauseChange> PauseAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken, DateOnly? resumeOn = null) =>
        UpdateAsync(tenantId, aadObjectId, cancellationToken, (settings, now) =>
        {
            var wasPaused = settings.IsPaused && settings.PausedUntil == resumeOn;
            settings.PausedAt = now;
            settings.PausedUntil = resumeOn;
            return wasPaused ? PauseChange.AlreadyPaused : PauseChange.Paused;
        });

    public Task<PauseChange> ResumeAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken) =>
        UpdateAsync(tenantId, aadObjectId, cancellationToken, (settings, _) =>
        {
            var wasPaused = settings.IsPaused;
            settings.PausedAt = null;
            settings.PausedUntil = null;
            return wasPaused ? PauseChange.Resumed : PauseChange.WasNotPaused;
        });

    public Task SetPromptTimeAsync(string tenantId, string aadObjectId, TimeOnly time, CancellationToken cancellationToken) =>
        UpdateAsync(tenantId, aadObjectId, cancellationToken, (settings, _) => settings.PromptTime = time);

    public Task MarkUnreachableAsync(string tenantId, string aadObjectId, string reason, CancellationToken cancellationToken) =>
        UpdateAsync(tenantId, aadObjectId, cancellationToken, (settings, now) =>
        {
            settings.UnreachableSince ??= now;
            settings.UnreachableReason = reason;
            return true;
        });

    public Task SetBackoffNoticeAsync(string tenantId, string aadObjectId, bool told, CancellationToken cancellationToken) =>
        UpdateAsync(tenantId, aadObjectId, cancellationToken, (settings, now) => settings.BackoffNoticeAt = told ? now : null);

    public async Task<PersonSettings?> FindAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return await SettingsOf(db, aadObjectId, cancellationToken);
    }

    /// <summary>One person's settings, untracked, with a compiled question: "status" asks it on every call.</summary>
    internal static Task<PersonSettings?> SettingsOf(CoachDbContext db, string aadObjectId, CancellationToken cancellationToken) =>
        Settings.For(db)(db, aadObjectId, cancellationToken);

    private static readonly PerProvider<Func<CoachDbContext, string, CancellationToken, Task<PersonSettings?>>> Settings = new(
        () => EF.CompileAsyncQuery((CoachDbContext db, string aadObjectId, CancellationToken _) =>
            db.PersonSettings.AsNoTracking().SingleOrDefault(p => p.AadObjectId == aadObjectId)),
        (db, aadObjectId, cancellationToken) => db.PersonSettings.AsNoTracking().SingleOrDefaultAsync(p => p.AadObjectId == aadObjectId, cancellationToken));

    private async Task<T> UpdateAsync<T>(string tenantId, string aadObjectId, CancellationToken cancellationToken, Func<PersonSettings, DateTimeOffset, T> change)
    {
        try
        {
            return await UpdateOnceAsync(tenantId, aadObjectId, change, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The first settings row of a person was inserted by a concurrent request; change that one.
            return await UpdateOnceAsync(tenantId, aadObjectId, change, cancellationToken);
        }
    }

    private async Task<T> UpdateOnceAsync<T>(string tenantId, string aadObjectId, Func<PersonSettings, DateTimeOffset, T> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var now = clock.GetUtcNow();
        var settings = await db.PersonSettings.SingleOrDefaultAsync(p => p.AadObjectId == aadObjectId, cancellationToken);
        if (settings is null)
        {
            settings = new PersonSettings { TenantId = tenantId, AadObjectId = aadObjectId };
            db.PersonSettings.Add(settings);
        }

        var result = change(settings, now);
        settings.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return result;
    }
}
