using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Storage;

namespace TeamsKiCoach.Coaching.People;

public enum PauseChange
{
    Paused,
    AlreadyPaused,
    Resumed,
    WasNotPaused,
}

/// <summary>A person's own choices: pausing the bot and taking it up again.</summary>
public sealed class PersonPreferences(CoachDbFactory dbFactory, TimeProvider clock)
{
    public Task<PauseChange> PauseAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, aadObjectId, pause: true, cancellationToken);

    public Task<PauseChange> ResumeAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, aadObjectId, pause: false, cancellationToken);

    public async Task<PersonSettings?> FindAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return await db.PersonSettings.AsNoTracking().SingleOrDefaultAsync(p => p.AadObjectId == aadObjectId, cancellationToken);
    }

    private async Task<PauseChange> ChangeAsync(string tenantId, string aadObjectId, bool pause, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var now = clock.GetUtcNow();
        var settings = await db.PersonSettings.SingleOrDefaultAsync(p => p.AadObjectId == aadObjectId, cancellationToken);
        if (settings is null)
        {
            settings = new PersonSettings { TenantId = tenantId, AadObjectId = aadObjectId };
            db.PersonSettings.Add(settings);
        }

        var wasPaused = settings.IsPaused;
        if (pause && !wasPaused)
        {
            settings.PausedAt = now;
        }
        else if (!pause)
        {
            settings.PausedAt = null;
        }

        settings.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return (pause, wasPaused) switch
        {
            (true, false) => PauseChange.Paused,
            (true, true) => PauseChange.AlreadyPaused,
            (false, true) => PauseChange.Resumed,
            (false, false) => PauseChange.WasNotPaused,
        };
    }
}
