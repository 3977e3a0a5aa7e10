using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Training.Evaluation;
using Hydra.Training.Pipeline;

namespace Hydra.Training.Tests;

[Collection(LibTorchTests.Name)]
public sealed class HydraPipelineTests(SpiralsRunFixture run)
{
    [Fact]
    public void Evaluate_Spirals_EnsembleLearnsTheArmsAndHydraKeepsItsAccuracy()
    {
        var models = run.Report.Models!;

        Assert.InRange(models["ensemble"].Accuracy, 0.85, 1.0);
        Assert.InRange(models["hydra"].Accuracy, models["ensemble"].Accuracy - 0.03, 1.0);
        Assert.InRange(models["kd"].Accuracy, models["ensemble"].Accuracy - 0.03, 1.0);
    }

    [Fact]
    public void Evaluate_Spirals_HydraEpistemicTracksTheEnsembleInDomain()
    {
        var hydra = run.Report.Fidelity["hydra"]["test"];

        Assert.True(hydra.EpistemicSpearman >= 0.8, $"Hydra epistemic Spearman {hydra.EpistemicSpearman:F3} < 0.8");
        Assert.True(hydra.TotalSpearman >= 0.9, $"Hydra total Spearman {hydra.TotalSpearman:F3} < 0.9");
        Assert.InRange(hydra.KlToEnsemble, 0, 0.05);
    }

    [Fact]
    public void Evaluate_Spirals_HydraEpistemicIsHigherInTheGapsThanInDomainAndBeatsKdAtDetectingThem()
    {
        var uncertainty = run.Report.Uncertainty;
        var ood = run.Report.Ood["gaps"];

        Assert.True(uncertainty["gaps"]["hydra"].MeanEpistemic > 2 * uncertainty["test"]["hydra"].MeanEpistemic,
            $"gaps {uncertainty["gaps"]["hydra"].MeanEpistemic:F4} "
                + $"vs test {uncertainty["test"]["hydra"].MeanEpistemic:F4}");
        Assert.True(ood["hydra"].AurocEpistemic > 0.6, $"Hydra epistemic AUROC {ood["hydra"].AurocEpistemic:F3}");
        Assert.Equal(0.5, ood["kd"].AurocEpistemic, 6);
    }

    [Fact]
    public void Evaluate_Spirals_EnsembleDisagreesOnTheFeaturedSeamsAndTheReportSaysWhichSetIsWhich()
    {
        var uncertainty = run.Report.Uncertainty;

        Assert.Equal(DatasetCatalog.SpiralsFeaturedOod, run.Report.FeaturedOod);
        Assert.Equal(DatasetCatalog.SpiralsOodNotes, run.Report.OodNotes);
        Assert.True(uncertainty["seams"]["ensemble"].MeanEpistemic > 10 * uncertainty["test"]["ensemble"].MeanEpistemic,
            $"seams {uncertainty["seams"]["ensemble"].MeanEpistemic:F4} "
                + $"vs test {uncertainty["test"]["ensemble"].MeanEpistemic:F4}");
    }

    [Fact]
    public void Evaluate_HydraPlus_FollowsTheEnsembleFarOffTheManifoldBetterThanHydra()
    {
        var plain = run.Report.Fidelity["hydra"]["annulus"];
        var plus = run.Report.Fidelity["hydra_plus"]["annulus"];

        Assert.True(plus.EpistemicMae < plain.EpistemicMae,
            $"hydra_plus MAE {plus.EpistemicMae:F4} vs hydra {plain.EpistemicMae:F4}");
        Assert.True(plus.KlToEnsemble < plain.KlToEnsemble,
            $"hydra_plus KL {plus.KlToEnsemble:F4} vs hydra {plain.KlToEnsemble:F4}");
        Assert.InRange(run.Report.Models!["hydra_plus"].Accuracy, run.Report.Models!["ensemble"].Accuracy - 0.03, 1.0);
    }

    [Fact]
    public void Evaluate_Kd_HasZeroEpistemicEverywhere()
    {
        foreach (var (set, models) in run.Report.Uncertainty)
        {
            Assert.True(models["kd"].MeanEpistemic == 0, $"KD epistemic on {set} is {models["kd"].MeanEpistemic}");
            Assert.Equal(0, run.Report.Fidelity["kd"][set].EpistemicSpearman);
        }
    }

    [Fact]
    public void Evaluate_Cost_CountsHydraAsOneBodyAndMHeads()
    {
        var cost = run.Report.Cost;

        Assert.Equal(run.Spec.BodyParameters + (3 * run.Spec.HeadParameters), cost.ParamsHydra);
        Assert.Equal(3 * cost.ParamsMember, cost.ParamsEnsemble);
        Assert.Equal(["hydra_phase_1", "hydra_phase_2", "hydra_plus_phase_1", "hydra_plus_phase_2", "kd", "members"],
            cost.SamplesPerSecond.Keys.Order(StringComparer.Ordinal));
        Assert.All(cost.SamplesPerSecond.Values, rate => Assert.True(rate > 0));
    }

    [Fact]
    public async Task TrainAsync_FolderWithFinishedCheckpoints_ResumesWithoutTrainingAndReproducesTheReport()
    {
        var pipeline = new HydraPipeline(SpiralsRunFixture.Options,
            new CheckpointStore(new FolderArtifactStore(run.Folder)));

        using var resumed = await pipeline.TrainAsync(run.Bundle, run.Spec, CancellationToken.None);
        var report = Evaluator.Evaluate(resumed);

        Assert.All(resumed.Phases, p => Assert.True(p.Resumed, $"{p.Phase} was retrained"));
        Assert.Equal(run.Models.Phases.Select(p => (p.Phase, p.Samples, p.Seconds)), resumed.Phases.Select(p
            => (p.Phase, p.Samples, p.Seconds)));
        Assert.Equal(run.Report.Models!["hydra"], report.Models!["hydra"]);
        Assert.Equal(run.Report.Fidelity["hydra"]["gaps"], report.Fidelity["hydra"]["gaps"]);
    }

    [Fact]
    public async Task TrainAsync_FolderWithCardsFromBeforeTypedPhases_ResumesWithTheCostTheirSettingsRecord()
    {
        var folder = Directory.CreateTempSubdirectory("hydra-old-cards-").FullName;
        try
        {
            CopyAsOldStyleCards(run.Folder, folder);
            var store = new CheckpointStore(new FolderArtifactStore(folder));
            var pipeline = new HydraPipeline(SpiralsRunFixture.Options, store);

            using var resumed = await pipeline.TrainAsync(run.Bundle, run.Spec, CancellationToken.None);

            Assert.All(resumed.Cards.Values, card => Assert.Empty(card.Phases));
            Assert.All(resumed.Phases, p => Assert.True(p.Resumed, $"{p.Phase} was retrained"));
            Assert.Equal(run.Models.Phases.Select(p => (p.Phase, p.Epochs, p.Samples, p.Seconds)),
                resumed.Phases.Select(p => (p.Phase, p.Epochs, p.Samples, p.Seconds)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TrainAsync_Checkpoints_HaveCardsWithHashesSeedsAndAHydraParityProbe()
    {
        var store = new CheckpointStore(new FolderArtifactStore(run.Folder));

        var hydra = await store.ReadAsync(CheckpointPaths.Folder("", ModelKind.Hydra), CancellationToken.None);
        var member = await store.ReadCardAsync(CheckpointPaths.Folder("", ModelKind.Member, 2), CancellationToken.None);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(run.Folder, "hydra", "model.safetensors"));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), hydra.Card.Weights.Sha256);
        Assert.Equal([0, 1, 2], hydra.Card.Seeds);
        Assert.Equal([2], member.Seeds);
        Assert.Equal(3, hydra.Card.Heads);
        Assert.Equal(["arm0", "arm1", "arm2"], hydra.Card.Classes);
        Assert.Equal(["hydra phase 1", "hydra phase 2"], hydra.Card.Phases.Select(p => p.Name));
        var phase2 = hydra.Card.Phases[1];
        Assert.Equal(DatasetCatalog.SpiralsTrainCount * SpiralsRunFixture.Options.HydraPhase2Epochs, phase2.Samples);
        Assert.Equal(phase2.Samples / phase2.Seconds, phase2.SamplesPerSecond, 9);
        Assert.DoesNotContain(hydra.Card.Training.Keys, k => k.EndsWith(".seconds", StringComparison.Ordinal));
        var probe = hydra.Card.ParityProbe!;
        Assert.Equal(4, probe.Inputs.Length);
        Assert.All(probe.HeadOutputs, row =>
        {
            Assert.Equal(3, row.Length);
            Assert.All(row, head => Assert.Equal(1.0, head.Sum(), 5));
        });
    }

    [Fact]
    public async Task TrainAsync_MultiHeadCheckpoints_CarryTheEvenTestRowsNormalised_MembersDoNot()
    {
        var store = new CheckpointStore(new FolderArtifactStore(run.Folder));
        var hydra = await store.ReadCardAsync(CheckpointPaths.Folder("", ModelKind.Hydra), CancellationToken.None);
        var member = await store.ReadCardAsync(CheckpointPaths.Folder("", ModelKind.Member, 0), CancellationToken.None);

        var rows = await store.ReadCalibrationAsync(CheckpointPaths.Folder("", ModelKind.Hydra), hydra,
            CancellationToken.None);

        Assert.Null(member.Calibration);
        var test = run.Bundle.Test;
        var expected = Hydra.Core.Calibration.CalibrationRows.Indices(test.Count);
        Assert.Equal(expected.Length, rows!.Rows);
        Assert.Equal(expected.Length, hydra.Calibration!.Rows);
        // Row k is test row 2k, normalised as the trainer normalises it.
        foreach (var k in new[] { 0, 1, expected.Length - 1 })
        {
            var raw = test.Row(expected[k]).ToArray();
            run.Bundle.Normalization.Apply(raw);
            Assert.Equal(raw, rows.Values.AsSpan(k * test.RowSize, test.RowSize).ToArray());
        }
    }

    [Fact]
    public void Evaluate_OodFlags_FireOnAboutOnePercentOfTheOtherTestRowsForEveryModel()
    {
        var flags = run.Report.OodFlags!;

        Assert.Subset(flags.Keys.ToHashSet(), new HashSet<string> { "ensemble", "kd", "hydra" });
        Assert.All(flags.Values, rates =>
        {
            Assert.Equal(0.99, rates.Level);
            Assert.Equal(run.Bundle.Ood.Keys.Order(), rates.TruePositiveRates.Keys.Order());
            Assert.InRange(rates.FalsePositiveRate, 0, 0.05);
        });
        // One head: no epistemic uncertainty, so the flag never fires.
        Assert.Equal(0, flags["kd"].Threshold);
        Assert.All(flags["kd"].TruePositiveRates.Values, rate => Assert.Equal(0, rate));
    }

    /// <summary>The checkpoints as older versions wrote them: the phases' cost in the settings only.</summary>
    private static void CopyAsOldStyleCards(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Path.GetFileName(file) != ModelCard.FileName)
            {
                File.Copy(file, target);
                continue;
            }

            var card = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            var training = card["training"]!.AsObject();
            foreach (var phase in card["phases"]!.AsArray())
            {
                var name = (string)phase!["name"]!;
                training[$"{name}.epochs"] = ((int)phase["epochs"]!).ToString(CultureInfo.InvariantCulture);
                training[$"{name}.seconds"] = ((double)phase["seconds"]!).ToString(CultureInfo.InvariantCulture);
                training[$"{name}.samples"] = ((long)phase["samples"]!).ToString(CultureInfo.InvariantCulture);
            }

            card.Remove("phases");
            File.WriteAllText(target, card.ToJsonString());
        }
    }
}
