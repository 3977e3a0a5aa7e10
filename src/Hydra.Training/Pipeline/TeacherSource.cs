using Hydra.Core.Data;
using Hydra.Core.Models;
using Hydra.Core.Teachers;
using static TorchSharp.torch;

namespace Hydra.Training.Pipeline;

/// <summary>
/// Teachers trained elsewhere as the ensemble. They take raw rows, so rows the pipeline only has normalised (Hydra+'s
/// synthetic rows) are mapped back first; their outputs are put in the members' contract: logits as they are,
/// probabilities as log-probabilities (softmax gives them back), a Gaussian in target units as (μ, raw variance) on the
/// bundle's scaled axis (softplus(raw) + ε gives the variance back). The caller owns the teachers.
/// </summary>
internal sealed class TeacherSource(TeacherEnsemble teachers, DatasetBundle bundle) : EnsembleSource
{
    /// <summary>The smallest probability kept before the logarithm.</summary>
    private const float ProbabilityFloor = 1e-30f;

    /// <summary>The smallest softplus value kept before its inverse (the variance floor ε sits above it).</summary>
    private const double SoftplusFloor = 1e-12;

    public override int Count => teachers.Count;

    public override TeacherEnsemble Teachers => teachers;

    public override IReadOnlyList<Tensor> Outputs(Dataset rows, Tensor normalised,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Outputs(rows.Features, rows.Count, cancellationToken);
    }

    public override Tensor On(Tensor normalised)
    {
        ArgumentNullException.ThrowIfNull(normalised);
        var count = (int)normalised.shape[0];
        float[] raw;
        using (var flat = normalised.detach().reshape(count, -1).cpu().contiguous())
        {
            raw = flat.data<float>().ToArray();
        }

        Denormalise(raw);
        var outputs = Outputs(raw, count, CancellationToken.None);
        var stacked = cat([.. outputs], 1);
        foreach (var part in outputs)
        {
            part.Dispose();
        }

        if (normalised.device_type == TorchSharp.DeviceType.CPU)
        {
            return stacked;
        }

        using (stacked)
        {
            return stacked.to(normalised.device);
        }
    }

    public override void Dispose()
    {
        // The teachers belong to whoever loaded them.
    }

    private List<Tensor> Outputs(float[] raw, int count, CancellationToken cancellationToken)
    {
        var width = teachers.Teachers[0].Signature.Width;
        var result = new List<Tensor>();
        for (var m = 0; m < teachers.Count; m++)
        {
            var values = teachers.Teachers[m].Predict(raw, count, cancellationToken);
            Contract(values, teachers.Scores[m]);
            result.Add(tensor(values, [count, 1, width]));
        }

        return result;
    }

    /// <summary>Puts one teacher's outputs in the members' contract, in place.</summary>
    private void Contract(float[] values, TeacherScores scores)
    {
        switch (scores)
        {
            case TeacherScores.Probabilities:
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = MathF.Log(MathF.Max(values[i], ProbabilityFloor));
                }

                break;
            case TeacherScores.Gaussian:
                var scaling = bundle.TargetScaling ?? TargetScaling.Identity;
                for (var i = 0; i < values.Length; i += 2)
                {
                    values[i] = (values[i] - scaling.Mean) / scaling.Std;
                    var softplus = Math.Max((values[i + 1] / ((double)scaling.Std * scaling.Std))
                        - GaussianHead.VarianceEpsilon, SoftplusFloor);
                    // softplus⁻¹(v) = log(e^v − 1) = v + log(1 − e^−v), stable for large and small v.
                    values[i + 1] = (float)(softplus + Math.Log(-double.ExpM1(-softplus)));
                }

                break;
        }
    }

    /// <summary>Undoes the bundle's normalisation in place: per-feature z-scores first, then value scaling.</summary>
    private void Denormalise(float[] values)
    {
        if (bundle.FeatureNormalization is { } features)
        {
            var width = features.Mean.Length;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (values[i] * features.Std[i % width]) + features.Mean[i % width];
            }
        }

        var normalization = bundle.Normalization;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (values[i] * normalization.Std) + normalization.Mean;
        }
    }
}
