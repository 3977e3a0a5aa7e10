namespace Hydra.Core.Data;

/// <summary>Per-value input normalisation, x ↦ (x − mean) / std.</summary>
public sealed record Normalization(float Mean, float Std)
{
    public static Normalization Identity { get; } = new(0f, 1f);

    public void Apply(Span<float> values)
    {
        var inv = 1f / Std;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (values[i] - Mean) * inv;
        }
    }
}
