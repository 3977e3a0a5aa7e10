namespace Hydra.Serving.Http;

/// <summary>
/// One scored row. Classification fills label, label index, probabilities and the entropies (nats); a regression model
/// will fill its own members (mean, variances) and leave these null, which the JSON omits.
/// </summary>
public sealed record RowPrediction
{
    public string? Label { get; init; }

    public int? LabelIndex { get; init; }

    public float[]? Probabilities { get; init; }

    public required float Total { get; init; }

    public required float Aleatoric { get; init; }

    public required float Epistemic { get; init; }

    /// <summary>Per-head probabilities [head][class], when asked for.</summary>
    public float[][]? Heads { get; init; }
}
