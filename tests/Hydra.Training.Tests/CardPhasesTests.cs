using Hydra.Core.Models;
using Hydra.Training.Pipeline;

namespace Hydra.Training.Tests;

public class CardPhasesTests
{
    /// <summary>A Hydra card as versions before typed phases wrote it (parity probe left out).</summary>
    private const string OldStyleCard = """
        {
          "format_version": 1,
          "kind": "hydra",
          "task": "classification",
          "dataset": "spirals",
          "architecture": {
            "name": "toy-mlp",
            "input_shape": [2],
            "body": [{ "type": "linear", "in": 2, "out": 8, "bias": true }, { "type": "relu" }],
            "head": [{ "type": "linear", "in": 8, "out": 3, "bias": true }]
          },
          "heads": 3,
          "classes": ["arm0", "arm1", "arm2"],
          "input": { "shape": [2], "normalization": { "mean": 0, "std": 1 } },
          "seeds": [0, 1, 2],
          "temperature": 2,
          "metrics": { "test_accuracy": 0.573, "test_nll": 0.7121206428772571 },
          "created": "2026-12-02T11:08:29.17107+00:00",
          "weights": { "file": "model.safetensors", "sha256": "6ddd" },
          "training": {
            "optimizer": "adam",
            "learning_rate": "0.001",
            "batch_size": "128",
            "device": "cpu",
            "hydra phase 1.epochs": "1",
            "hydra phase 1.seconds": "0.0181864",
            "hydra phase 1.samples": "3000",
            "hydra phase 2.epochs": "2",
            "hydra phase 2.seconds": "0.0509795",
            "hydra phase 2.samples": "6000"
          }
        }
        """;

    [Fact]
    public void Resumed_OldStyleCard_ReadsEachPhasesCostFromTheTrainingSettings()
    {
        var card = ModelCard.FromJson(OldStyleCard);

        var phases = CardPhases.Resumed(card);

        Assert.Equal(
            [("hydra phase 1", 1, 3000L, 0.0181864), ("hydra phase 2", 2, 6000L, 0.0509795)],
            phases.Select(p => (p.Phase, p.Epochs, p.Samples, p.Seconds)));
        Assert.All(phases, p => Assert.True(p.Resumed && double.IsNaN(p.FinalLoss)));
    }

    [Fact]
    public void Resumed_OldStyleCardWithAnIncompletePhase_SkipsThatPhase()
    {
        var card = ModelCard.FromJson(OldStyleCard.Replace("\"hydra phase 2.samples\": \"6000\"", "\"other\": \"x\"",
            StringComparison.Ordinal));

        var phases = CardPhases.Resumed(card);

        Assert.Equal(["hydra phase 1"], phases.Select(p => p.Phase));
    }

    [Fact]
    public void Resumed_CardWithTypedPhases_ReadsThemAndNotTheSettings()
    {
        var card = ModelCard.FromJson(OldStyleCard) with { Phases = [new PhaseCost("hydra phase 1", 4, 12000, 2.5)] };

        var phases = CardPhases.Resumed(card);

        Assert.Equal([("hydra phase 1", 4, 12000L, 2.5)],
            phases.Select(p => (p.Phase, p.Epochs, p.Samples, p.Seconds)));
    }

    [Fact]
    public void Costs_WrittenToACardAndReadBack_GiveTheSamePhases()
    {
        PhaseStats[] trained = [new("kd", 3, 900, 0.1 + 0.2, 0.42), new("member 1/3", 2, 600, 1e-7, 0.9)];
        var written = ModelCard.FromJson(OldStyleCard) with
        {
            Training = new Dictionary<string, string>(),
            Phases = CardPhases.Costs(trained),
        };
        var card = ModelCard.FromJson(written.ToJson());

        var resumed = CardPhases.Resumed(card);

        Assert.Equal(trained.Select(p => (p.Phase, p.Epochs, p.Samples, p.Seconds)),
            resumed.Select(p => (p.Phase, p.Epochs, p.Samples, p.Seconds)));
    }
}
