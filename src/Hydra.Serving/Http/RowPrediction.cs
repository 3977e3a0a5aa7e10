namespace Hydra.Serving.Http;

/// <summary>
/// One scored row. Classification fills label, label index, probabilities and the entropies in nats. Regression fills
/// the predictive mean (target units) and the variances in target units²: total = aleatoric + epistemic. What a task
/// does
/// not fill stays null, which the JSON omits.
/// </summary>
public sealed record RowPrediction
{
    public string? Label { get; init; }

    public int? LabelIndex { get; init; }

    public float[]? Probabilities { get; init; }

    /// <summary>Regression: the predictive mean, mean over heads of μ_m.</summary>
    public float? Mean { get; init; }

    public required float Total { get; init; }

    public required float Aleatoric { get; init; }

    public required float Epistemic { get; init; }

    /// <summary>
    /// Calibrated models: the share of the model's held-out reference rows with lower epistemic uncertainty.
    /// </summary>
    public float? EpistemicQuantile { get; init; }

    /// <summary>Calibrated models: epistemic uncertainty above the chosen quantile of the reference rows.</summary>
    public bool? OutOfDistribution { get; init; }

    /// <summary>
    /// A row given by column name: the columns whose category the model never saw in training, encoded as all zeros
    /// (the row is scored all the same); omitted when there are none.
    /// </summary>
    public IReadOnlyList<string>? UnseenCategories { get; init; }

    /// <summary>
    /// When asked for: per-head probabilities [head][class], or per-head [mean, variance] for regression.
    /// </summary>
    public float[][]? Heads { get; init; }
}
