using Microsoft.Extensions.AI;

namespace TeamsKiCoach.PatternBench;

/// <summary>A stand-in embedding model: a text's vector is its generated friction's direction plus noise.</summary>
public sealed class SyntheticEmbeddings(int dimensions, Dictionary<string, string> topics) : IEmbeddingGenerator<string, Embedding<float>>
{
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var text in values)
        {
            var topic = Direction(topics.GetValueOrDefault(text) ?? text, 1f);
            var noise = Direction(text, 0.5f);
            result.Add(new Embedding<float>(topic.Zip(noise, (a, b) => a + b).ToArray()));
        }

        return Task.FromResult(result);
    }

    private float[] Direction(string seed, float scale)
    {
        var random = new Random(StringComparer.Ordinal.GetHashCode(seed));
        var vector = new float[dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => v / norm * scale).ToArray();
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
