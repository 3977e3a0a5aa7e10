namespace Hydra.Onnx;

/// <summary>What to call the exported model and how hard to check it against the trainer's outputs.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>The model's id in "models/{modelId}/" and in the graph's metadata.</summary>
    public required string ModelId { get; init; }

    /// <summary>
    /// Recorded in the manifest and the graph's metadata, so a model can be traced to the code that built it.
    /// </summary>
    public string ExporterVersion { get; init; } = DefaultExporterVersion;

    /// <summary>The largest absolute difference in any head probability that parity accepts.</summary>
    public double ParityTolerance { get; init; } = 1e-5;

    /// <summary>
    /// Standard-normal rows (inputs are already normalised) checked against the pure-C# reference forward.
    /// </summary>
    public int RandomParityRows { get; init; } = 16;

    /// <summary>Seed of the random parity rows.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Runs the heads of a Hydra as one stacked first linear layer and batched matrix products, instead of one
    /// branch per head, where the head is made of linear, ReLU and dropout layers only. Off by default: on ONNX
    /// Runtime's
    /// CPU provider it measured no faster than plain branches for the reference MLP (README, ONNX export).
    /// </summary>
    public bool StackHeads { get; init; }

    /// <summary>
    /// In an ensemble graph, runs the members' first weighted layer (which all read the same input) as one Gemm or
    /// Conv over their concatenated weights, then splits it per member. Off by default: measured a few percent slower
    /// on the CPU provider (the split copies).
    /// </summary>
    public bool StackMembers { get; init; }

    public static string DefaultExporterVersion { get; } =
        typeof(OnnxExportOptions).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>Whether <paramref name="modelId"/> is a model id: non-empty, letters, digits, '-', '_' and '.'.
    /// </summary>
    public static bool IsValidModelId(string? modelId) => !string.IsNullOrEmpty(modelId)
        && modelId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    internal void Validate()
    {
        if (!IsValidModelId(ModelId))
        {
            throw new ArgumentException(
                $"Model id '{ModelId}' must be non-empty and use only letters, digits, '-', '_' and '.'.",
                    nameof(ModelId));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(ExporterVersion);
        if (!(ParityTolerance >= 0) || !double.IsFinite(ParityTolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(ParityTolerance), ParityTolerance,
                "The parity tolerance must be a non-negative number.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(RandomParityRows);
    }
}
