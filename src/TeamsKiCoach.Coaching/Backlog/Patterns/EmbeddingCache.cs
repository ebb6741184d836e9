using System.Security.Cryptography;
using System.Text;

namespace TeamsKiCoach.Coaching.Backlog.Patterns;

/// <summary>
/// Unit-length text embeddings, keyed by a hash of the text (the text itself is not kept), least recently used
/// evicted beyond <see cref="Capacity"/>. Thread-safe: backlogs of several teams prepare at once.
/// </summary>
public sealed class EmbeddingCache(int capacity)
{
    private readonly Dictionary<UInt128, LinkedListNode<(UInt128 Key, float[] Vector)>> byKey = [];
    private readonly LinkedList<(UInt128 Key, float[] Vector)> recency = new();
    private readonly Lock gate = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public int Count
    {
        get
        {
            lock (gate)
            {
                return byKey.Count;
            }
        }
    }

    public bool Contains(string text)
    {
        var key = Key(text);
        lock (gate)
        {
            return byKey.ContainsKey(key);
        }
    }

    /// <summary>The text's embedding, or null; a hit counts as a use.</summary>
    public float[]? Get(string text)
    {
        var key = Key(text);
        lock (gate)
        {
            if (!byKey.TryGetValue(key, out var node))
            {
                return null;
            }

            recency.Remove(node);
            recency.AddFirst(node);
            return node.Value.Vector;
        }
    }

    /// <summary>Stores the embedding scaled to unit length; a zero vector is not stored.</summary>
    public void Set(string text, ReadOnlySpan<float> vector)
    {
        var normSquared = 0.0;
        foreach (var v in vector)
        {
            normSquared += v * (double)v;
        }

        if (normSquared <= 1e-12 || !double.IsFinite(normSquared))
        {
            return;
        }

        var unit = new float[vector.Length];
        var scale = 1 / Math.Sqrt(normSquared);
        for (var i = 0; i < unit.Length; i++)
        {
            unit[i] = (float)(vector[i] * scale);
        }

        var key = Key(text);
        lock (gate)
        {
            if (byKey.Remove(key, out var old))
            {
                recency.Remove(old);
            }

            byKey[key] = recency.AddFirst((key, unit));
            while (byKey.Count > Capacity)
            {
                var last = recency.Last!;
                recency.RemoveLast();
                byKey.Remove(last.Value.Key);
            }
        }
    }

    private static UInt128 Key(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return new UInt128(BitConverter.ToUInt64(hash[..8]), BitConverter.ToUInt64(hash[8..16]));
    }
}
