namespace Hydra.Core.Data;

/// <summary>Per-value standardisation (x − mean) / std that a model applies to its raw inputs.</summary>
public sealed record Normalization(float Mean, float Std)
{
    /// <summary>Leaves values unchanged.</summary>
    public static Normalization Identity { get; } = new(0f, 1f);

    /// <summary>Normalises <paramref name="values"/> in place.</summary>
    public void Apply(Span<float> values)
    {
        if (!(Std > 0) || !float.IsFinite(Std))
        {
            throw new InvalidOperationException($"Normalization std {Std} must be positive and finite.");
        }

        if (this == Identity)
        {
            return;
        }

        var scale = 1f / Std;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (values[i] - Mean) * scale;
        }
    }
}
