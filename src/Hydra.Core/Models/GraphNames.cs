namespace Hydra.Core.Models;

/// <summary>The names of the exported graph's input and outputs: the contract the scorer codes against.</summary>
public static class GraphNames
{
    /// <summary>float32 [N, ...input shape], already normalised; N is the dynamic dimension <see cref="BatchDimension"/>.</summary>
    public const string Input = "input";

    public const string BatchDimension = "batch";

    /// <summary>float32 [N, M, C]: softmax of each head.</summary>
    public const string HeadProbabilities = "head_probabilities";

    /// <summary>float32 [N, C]: mean over heads.</summary>
    public const string Probabilities = "probabilities";

    /// <summary>int64 [N]: argmax of <see cref="Probabilities"/>.</summary>
    public const string Label = "label";

    /// <summary>float32 [N]: H(mean p) in nats.</summary>
    public const string Total = "total";

    /// <summary>float32 [N]: mean over heads of H(p_m) in nats.</summary>
    public const string Aleatoric = "aleatoric";

    /// <summary>float32 [N]: max(total − aleatoric, 0); exactly 0 for one head.</summary>
    public const string Epistemic = "epistemic";

    public static IReadOnlyList<string> Outputs { get; } = [HeadProbabilities, Probabilities, Label, Total, Aleatoric, Epistemic];

    /// <summary>What a classification graph must provide besides the per-head probabilities.</summary>
    public static IReadOnlyList<string> Classification { get; } = [Probabilities, Label, Total, Aleatoric, Epistemic];
}
