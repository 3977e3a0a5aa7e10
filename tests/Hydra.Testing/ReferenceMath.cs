namespace Hydra.Testing;

/// <summary>Layers computed by hand, in double precision: the independent side of a forward-pass check.</summary>
public static class ReferenceMath
{
    /// <summary>W·x + b for each row of <paramref name="rows"/> (row-major, <paramref name="inputs"/> values a row);
    /// <paramref name="weights"/> is [outputs, inputs] as PyTorch's Linear keeps it.</summary>
    public static float[] Linear(float[] rows, float[] weights, float[] bias, int inputs)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        var count = rows.Length / inputs;
        var result = new float[count * bias.Length];
        for (var r = 0; r < count; r++)
        {
            for (var o = 0; o < bias.Length; o++)
            {
                var sum = (double)bias[o];
                for (var i = 0; i < inputs; i++)
                {
                    sum += (double)weights[(o * inputs) + i] * rows[(r * inputs) + i];
                }

                result[(r * bias.Length) + o] = (float)sum;
            }
        }

        return result;
    }
}
