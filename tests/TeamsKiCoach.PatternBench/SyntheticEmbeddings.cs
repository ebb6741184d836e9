namespace TeamsKiCoach.PatternBench;

/// <summary>A stand-in embedding model: a text's vector is its generated friction's direction plus noise.</summary>
public static class SyntheticEmbeddings
{
    public static float[] Embed(string topic, string text, int dimensions) =>
        Direction(topic, 1f, dimensions).Zip(Direction(text, 0.5f, dimensions), (a, b) => a + b).ToArray();

    private static float[] Direction(string seed, float scale, int dimensions)
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
}
