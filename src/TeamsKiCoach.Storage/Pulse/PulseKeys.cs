using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Pulse;

namespace TeamsKiCoach.Storage.Pulse;

/// <summary>A tenant's own random secret, made the first time it is needed and shared by every host on the database.</summary>
public sealed class TenantSecret : ITenantOwned
{
    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string Name { get; set; }
    public required string Value { get; set; }
}

/// <summary>
/// The keyed hash behind "one pulse answer per person and week", per tenant. With Coach:Pulse:AnswerSecret set
/// (from a key vault) each tenant's key is derived from it and nothing secret is stored; without it each tenant
/// gets a random secret in the database on first use, which every host shares. Either way the results code
/// never sees a key, and keys are forgotten when a week closes.
/// </summary>
public sealed class PulseKeys(byte[]? configuredSecret)
{
    public const string SecretName = "pulse-answer-key";

    public static PulseKeys FromConfiguration(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return new PulseKeys(null);
        }

        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) && written >= PulseAnswerKey.MinSecretBytes
            ? new PulseKeys(buffer[..written])
            : throw new InvalidOperationException($"Coach:Pulse:AnswerSecret must be base64 and at least {PulseAnswerKey.MinSecretBytes} bytes long.");
    }

    public async Task<PulseAnswerKey> ForTenantAsync(CoachDbContext db, CancellationToken cancellationToken)
    {
        if (configuredSecret is not null)
        {
            return new PulseAnswerKey(HMACSHA256.HashData(configuredSecret, Encoding.UTF8.GetBytes("pulse\n" + db.TenantId)));
        }

        for (var attempt = 0; ; attempt++)
        {
            var stored = await db.TenantSecrets.AsNoTracking().Where(s => s.Name == SecretName).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
            if (stored is not null)
            {
                return PulseAnswerKey.FromBase64(stored);
            }

            db.TenantSecrets.Add(new TenantSecret { TenantId = db.TenantId, Name = SecretName, Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (attempt < 2 && ex.IsUniqueViolation())
            {
                // Another host made the tenant's secret at the same moment: theirs is read on the next look.
                db.ChangeTracker.Clear();
            }
        }
    }
}
