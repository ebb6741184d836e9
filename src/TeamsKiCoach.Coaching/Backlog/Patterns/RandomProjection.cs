using System.Numerics;

namespace TeamsKiCoach.Coaching.Backlog.Patterns;

/// <summary>
/// Shrinks long embeddings to <see cref="Dimensions"/> by a fixed random ±1 projection (Achlioptas): cosines are kept
/// to within about 1/√Dimensions, and comparing an entry with every pattern costs a sixth for 1,536 → 256. The
/// matrix comes from a fixed seed, so the same text always maps to the same vector.
/// </summary>
public sealed class RandomProjection(int dimensions)
{
    private readonly Dictionary<int, float[]> matrices = [];
    private readonly Lock gate = new();

    public int Dimensions { get; } = dimensions;

    public float[] Project(ReadOnlySpan<float> vector)
    {
        if (Dimensions <= 0 || vector.Length <= Dimensions)
        {
            return vector.ToArray();
        }

        var matrix = Matrix(vector.Length);
        var result = new float[Dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            var factor = new Vector<float>(vector[i]);
            var row = i * Dimensions;
            var j = 0;
            for (; j <= Dimensions - Vector<float>.Count; j += Vector<float>.Count)
            {
                (new Vector<float>(result, j) + factor * new Vector<float>(matrix, row + j)).CopyTo(result, j);
            }

            for (; j < Dimensions; j++)
            {
                result[j] += vector[i] * matrix[row + j];
            }
        }

        return result;
    }

    private float[] Matrix(int inputLength)
    {
        lock (gate)
        {
            if (!matrices.TryGetValue(inputLength, out var matrix))
            {
                var random = new Random(20_250_303 + inputLength);
                matrix = new float[inputLength * Dimensions];
                for (var k = 0; k < matrix.Length; k++)
                {
                    matrix[k] = random.Next(2) == 0 ? -1f : 1f;
                }

                matrices[inputLength] = matrix;
            }

            return matrix;
        }
    }
}
