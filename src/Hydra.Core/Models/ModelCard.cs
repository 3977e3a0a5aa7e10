using System.Text.Json;
using Hydra.Core.Architecture;
using Hydra.Core.Data;

namespace Hydra.Core.Models;

/// <summary>
/// The JSON card written next to every checkpoint's weights, last: its presence marks the checkpoint complete.
/// </summary>
public sealed record ModelCard
{
    public const int CurrentFormatVersion = 1;

    public const string FileName = "model.json";

    public const string WeightsFileName = "model.safetensors";

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public required ModelKind Kind { get; init; }

    public required ModelTask Task { get; init; }

    public required string Dataset { get; init; }

    /// <summary>
    /// For a dataset in storage ("datasets/{name}"): its files with their sizes and SHA-256, and one digest over all of
    /// them, as the trainer downloaded them; null for a built-in or local dataset.
    /// </summary>
    public Datasets.DatasetDigest? DatasetFiles { get; init; }

    public required ArchitectureSpec Architecture { get; init; }

    /// <summary>Number of heads: 1 for a member and KD, M for Hydra.</summary>
    public required int Heads { get; init; }

    public IReadOnlyList<string>? Classes { get; init; }

    public required InputSpec Input { get; init; }

    /// <summary>The member seeds this checkpoint was trained from (its own seed for a member).</summary>
    public required IReadOnlyList<int> Seeds { get; init; }

    public double? Temperature { get; init; }

    /// <summary>
    /// The teachers a distilled checkpoint learnt from when they were not the product's own members (hydra distill):
    /// each one's file name and SHA-256. Null on every other card.
    /// </summary>
    public IReadOnlyList<TeacherReference>? Teachers { get; init; }

    /// <summary>
    /// Regression only: the standardisation of the targets the network was trained on. Its outputs are on the scaled
    /// axis;
    /// mean · std + mean and variance · std² put them back in target units.
    /// </summary>
    public TargetScaling? TargetScaling { get; init; }

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public required DateTimeOffset Created { get; init; }

    public required WeightsReference Weights { get; init; }

    public ParityProbe? ParityProbe { get; init; }

    /// <summary>
    /// The held-out rows the exporter measures the graph's uncertainty on (for the out-of-distribution flag); null on
    /// cards of one head and on cards written before calibration existed.
    /// </summary>
    public CalibrationReference? Calibration { get; init; }

    /// <summary>
    /// Training settings worth keeping with the weights (epochs, optimiser, learning rate, …), for people to read.
    /// Cards written before <see cref="Phases"/> existed also hold each phase's cost here, as "{phase}.seconds" and
    /// "{phase}.samples".
    /// </summary>
    public IReadOnlyDictionary<string, string> Training { get; init; } = new Dictionary<string, string>();

    /// <summary>What each training phase of this checkpoint cost, in training order (empty on older cards).</summary>
    public IReadOnlyList<PhaseCost> Phases { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, HydraJson.Options);

    /// <exception cref="InvalidDataException">The card is not valid JSON or misses required fields.</exception>
    public static ModelCard FromJson(string json, string source = "model card")
    {
        try
        {
            var card = JsonSerializer.Deserialize<ModelCard>(json, HydraJson.Options)
                ?? throw new InvalidDataException($"{source}: the card is null.");
            if (card.FormatVersion > CurrentFormatVersion)
            {
                throw new InvalidDataException(
                    $"{source}: format version {card.FormatVersion} is newer than this tool reads "
                        + $"({CurrentFormatVersion}).");
            }

            return card;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: {ex.Message}", ex);
        }
    }
}
