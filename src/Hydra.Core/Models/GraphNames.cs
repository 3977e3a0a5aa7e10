namespace Hydra.Core.Models;

/// <summary>The names of the exported graph's input and outputs: the contract the scorer codes against.</summary>
public static class GraphNames
{
    /// <summary>
    /// float32 [N, ...input shape], already normalised; N is the dynamic dimension <see cref="BatchDimension"/>.
    /// </summary>
    public const string Input = "input";

    public const string BatchDimension = "batch";

    /// <summary>float32 [N, M, C]: softmax of each head.</summary>
    public const string HeadProbabilities = "head_probabilities";

    /// <summary>float32 [N, C]: mean over heads.</summary>
    public const string Probabilities = "probabilities";

    /// <summary>int64 [N]: argmax of <see cref="Probabilities"/>.</summary>
    public const string Label = "label";

    /// <summary>
    /// float32 [N]: classification, H(mean p) in nats; regression, aleatoric + epistemic (target units²).
    /// </summary>
    public const string Total = "total";

    /// <summary>
    /// float32 [N]: classification, mean over heads of H(p_m) in nats; regression, mean over heads of σ²_m.
    /// </summary>
    public const string Aleatoric = "aleatoric";

    /// <summary>
    /// float32 [N]: classification, max(total − aleatoric, 0); regression, the variance over heads of μ_m. Exactly 0
    /// for
    /// one head.
    /// </summary>
    public const string Epistemic = "epistemic";

    /// <summary>Regression, float32 [N, M]: each head's predicted mean μ_m, in target units.</summary>
    public const string HeadMeans = "head_means";

    /// <summary>
    /// Regression, float32 [N, M]: each head's predicted variance σ²_m = softplus(raw) + ε, in target units².
    /// </summary>
    public const string HeadVariances = "head_variances";

    /// <summary>Regression, float32 [N]: the predictive mean, mean over heads of μ_m, in target units.</summary>
    public const string Mean = "mean";

    /// <summary>Every output of a classification graph, in the order the graph declares them.</summary>
    public static IReadOnlyList<string> Outputs { get; } = [HeadProbabilities, Probabilities, Label, Total, Aleatoric,
        Epistemic];

    /// <summary>What a classification graph must provide besides the per-head probabilities.</summary>
    public static IReadOnlyList<string> Classification { get; } = [Probabilities, Label, Total, Aleatoric, Epistemic];

    /// <summary>Every output of a regression graph, in the order the graph declares them.</summary>
    public static IReadOnlyList<string> RegressionOutputs { get; } = [HeadMeans, HeadVariances, Mean, Total, Aleatoric,
        Epistemic];

    /// <summary>What a regression graph must provide besides the per-head means and variances.</summary>
    public static IReadOnlyList<string> Regression { get; } = [Mean, Total, Aleatoric, Epistemic];
}
