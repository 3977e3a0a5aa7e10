using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Core.Models;

namespace Hydra.Core.Tests.Reports;

/// <summary>
/// What a regression card and manifest carry so that a scorer can normalise raw rows and read the outputs.
/// </summary>
public class RegressionContractTests
{
    [Fact]
    public void ToJson_RegressionCard_KeepsTheFeatureNormalisationAndTheTargetScaling()
    {
        var card = new ModelCard
        {
            Kind = ModelKind.Hydra,
            Task = ModelTask.Regression,
            Dataset = "boston",
            Architecture = ArchitecturePresets.RegressionMlp(2),
            Heads = 5,
            Input = new InputSpec([2], Normalization.Identity, new FeatureNormalization([1.5f, -2f], [0.5f, 4f])),
            TargetScaling = new TargetScaling(22.5f, 9.25f),
            Seeds = [0, 1, 2, 3, 4],
            Created = DateTimeOffset.UnixEpoch,
            Weights = new WeightsReference("model.safetensors", "ab"),
        };

        var json = card.ToJson();
        var back = ModelCard.FromJson(json);

        Assert.Contains("\"task\": \"regression\"", json, StringComparison.Ordinal);
        Assert.Equal(new TargetScaling(22.5f, 9.25f), back.TargetScaling);
        Assert.True(back.Input.SameAs(card.Input));
        Assert.DoesNotContain("\"classes\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_InputSpecWithFeatures_NormalisesEachValueThenEachFeature()
    {
        var spec = new InputSpec([2], new Normalization(1f, 2f), new FeatureNormalization([0f, 1f], [1f, 0.5f]));
        float[] values = [3f, 5f, -1f, 1f];

        spec.Apply(values);

        // (3 − 1)/2 = 1 → (1 − 0)/1 = 1; (5 − 1)/2 = 2 → (2 − 1)/0.5 = 2; (−1 − 1)/2 = −1 → −1; (1 − 1)/2 = 0 → −2.
        Assert.Equal([1f, 2f, -1f, -2f], values);
    }

    [Fact]
    public void FromJson_ManifestWhoseFeatureNormalisationDoesNotFitTheRow_IsRefused()
    {
        var json = """
            {"model_id": "m", "kind": "hydra", "task": "regression", "heads": 2, "classes": [],
             "input": {"shape": [3], "normalization": {"mean": 0, "std": 1},
                       "features": {"mean": [0, 0], "std": [1, 1]}},
             "architecture": {"name": "a", "input_shape": [3], "body": [],
                              "head": [{"type": "linear", "in": 3, "out": 2}]},
             "source": {"checkpoint_folder": "c", "sha256": "s"},
             "parity": {"max_abs_diff_probe": null, "max_abs_diff_random": 0, "rows": 1, "tolerance": 1e-5,
                        "passed": true},
             "multiply_accumulates": 6, "created": "2025-01-01T00:00:00Z", "exporter_version": "1", "onnx_sha256": "x"}
            """;

        var error = Assert.Throws<InvalidDataException>(() => ModelManifest.FromJson(json));

        Assert.Contains("3 means and stds", error.Message, StringComparison.Ordinal);
    }
}
