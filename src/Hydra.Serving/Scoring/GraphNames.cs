namespace Hydra.Serving.Scoring;

/// <summary>The graph's input and output names (the exporter's contract).</summary>
public static class GraphNames
{
    public const string Input = "input";
    public const string HeadProbabilities = "head_probabilities";
    public const string Probabilities = "probabilities";
    public const string Label = "label";
    public const string Total = "total";
    public const string Aleatoric = "aleatoric";
    public const string Epistemic = "epistemic";

    /// <summary>What a classification graph must provide besides the per-head probabilities.</summary>
    public static IReadOnlyList<string> Classification { get; } = [Probabilities, Label, Total, Aleatoric, Epistemic];
}
