using System.Security.Cryptography;
using System.Text;

namespace TeamsKiCoach.Coaching.Pulse;

/// <summary>
/// The key that keeps a pulse to one answer per person and week: HMAC-SHA256 under a server secret over tenant,
/// team, week and the person's AAD object id. Without the secret nobody can test a list of people against stored
/// keys, so the secret lives in the host's configuration (a key vault), never in the database, and the results
/// code is never given it. The week is part of the key, so one person's keys of two weeks are unrelated.
/// </summary>
public sealed class PulseAnswerKey
{
    /// <summary>256 bits, the size of the hash itself; shorter secrets would be the weaker part.</summary>
    public const int MinSecretBytes = 32;

    private readonly byte[] secret;

    public PulseAnswerKey(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < MinSecretBytes)
        {
            throw new ArgumentException($"The pulse answer secret needs at least {MinSecretBytes} bytes.", nameof(secret));
        }

        this.secret = secret.ToArray();
    }

    /// <summary>From a base64 secret as configuration holds it.</summary>
    public static PulseAnswerKey FromBase64(string secret) => new(Convert.FromBase64String(secret));

    public string For(string tenantId, string teamId, IsoWeek week, string aadObjectId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(teamId);
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectId);

        // Each part is length-prefixed, so no two different tuples can spell the same bytes ("a|b" + "c" vs "a" + "b|c").
        var message = new StringBuilder();
        foreach (var part in new[] { tenantId, teamId, week.Key, aadObjectId.ToLowerInvariant() })
        {
            message.Append(part.Length).Append(':').Append(part).Append(';');
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(message.ToString())));
    }
}
