using System.Security.Cryptography;
using Hydra.Core.Checkpoints;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Core.Teachers;
using Hydra.Onnx.Teachers;
using Hydra.Training.Evaluation;
using Hydra.Training.Pipeline;
using Hydra.Training.Teachers;
using static TorchSharp.torch;

namespace Hydra.Onnx.Tests.Teachers;

/// <summary>
/// The product's own members, handed back as teachers, reproduce <c>hydra run</c>: as ONNX files their outputs are the
/// members' logits, and the students distilled from them are <c>hydra run</c>'s students (bit for bit from the
/// checkpoints, within float rounding through ONNX Runtime).
/// </summary>
[Collection(LibTorchTests.Name)]
public sealed class OwnMembersAsTeachersTests(OwnMembersRun run) : IClassFixture<OwnMembersRun>
{
    [Fact]
    public void OnnxTeachers_OfTheOwnMembers_GiveTheMembersLogitsWithin1e5()
    {
        var test = run.Bundle.Test;
        using var normalised = TrainingData.NormalisedInputs(test.Features, test.RowShape, run.Bundle, CPU);
        var native = run.Models.Ensemble.Outputs(test, normalised, CancellationToken.None);

        for (var m = 0; m < native.Count; m++)
        {
            using var teacher = OnnxTeacher.Load(run.TeacherFiles[m]);
            var logits = teacher.Predict(test.Features, test.Count);
            var expected = native[m].data<float>().ToArray();
            native[m].Dispose();

            Assert.Equal(expected.Length, logits.Length);
            Assert.InRange(expected.Zip(logits, (a, b) => Math.Abs(a - b)).Max(), 0, 1e-5);
            Assert.True(expected.Max(Math.Abs) > 1e-2, "the members' logits should not all be zero");
        }
    }

    [Fact]
    public async Task Distill_FromTheMembersCheckpoints_GivesHydraRunsKdAndHydraBitForBit()
    {
        var teachers = Enumerable.Range(0, OwnMembersRun.Options.Members).Select(m => (ITeacher)CheckpointTeacher.Load(
            Path.Combine(run.RunFolder, "members", $"{m}", ModelCard.WeightsFileName), run.Spec, TensorRenames.None,
            ModelTask.Classification, Preprocessing.Of(run.Bundle), OnnxTeacherOptions.DefaultMaxBytes)).ToList();
        var folder = run.NewFolder();

        using (var models = await DistillAsync(teachers, folder, hydraPlus: false))
        {
            foreach (var student in new[] { "kd", "hydra" })
            {
                Assert.Equal(await WeightsAsync(run.RunFolder, student), await WeightsAsync(folder, student));
            }
        }

        teachers.ForEach(t => t.Dispose());
    }

    [Fact]
    public async Task Distill_FromTheMembersAsOnnxTeachers_GivesHydraRunsStudentsWithinFloatRounding()
    {
        var teachers = run.TeacherFiles.Select(f => (ITeacher)OnnxTeacher.Load(f)).ToList();
        var folder = run.NewFolder();

        using (var models = await DistillAsync(teachers, folder, hydraPlus: true))
        {
            var report = Evaluator.Evaluate(models);
            foreach (var student in new[] { "kd", "hydra", "hydra_plus" })
            {
                var (mine, theirs) = (report.Models![student], run.Report.Models![student]);
                Assert.Equal(theirs.Accuracy, mine.Accuracy, 3);
                Assert.Equal(theirs.Nll, mine.Nll, 3);
            }

            Assert.Equal(run.Report.Models!["ensemble"].Nll, report.Models!["ensemble"].Nll, 5);
            var (before, after) = (await WeightsAsync(run.RunFolder, "hydra"), await WeightsAsync(folder, "hydra"));
            Assert.InRange(before.Zip(after, (a, b) => Math.Abs(a - b)).Max(), 0, 1e-4);
        }

        teachers.ForEach(t => t.Dispose());
    }

    [Fact]
    public async Task Distill_Cards_NameEachTeacherFileAndItsSha256()
    {
        var teachers = run.TeacherFiles.Select(f => (ITeacher)OnnxTeacher.Load(f)).ToList();
        var folder = run.NewFolder();

        using (await DistillAsync(teachers, folder, hydraPlus: false))
        {
            var card = await new CheckpointStore(new FolderArtifactStore(folder)).ReadCardAsync("hydra",
                CancellationToken.None);

            var expected = run.TeacherFiles.Select(f => new TeacherReference(Path.GetFileName(f),
                Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))))).ToList();
            Assert.Equal(expected, card.Teachers);
        }

        teachers.ForEach(t => t.Dispose());
    }

    private async Task<TrainedModels> DistillAsync(IReadOnlyList<ITeacher> teachers, string folder, bool hydraPlus)
    {
        var ensemble = TeacherChecks.Validate(teachers, run.Bundle);
        var pipeline = new HydraPipeline(OwnMembersRun.Options with { HydraPlus = hydraPlus },
            new CheckpointStore(new FolderArtifactStore(folder)));
        return await pipeline.DistillAsync(run.Bundle, run.Spec, ensemble, CancellationToken.None);
    }

    private static async Task<float[]> WeightsAsync(string folder, string student)
    {
        var checkpoint = await new CheckpointStore(new FolderArtifactStore(folder)).ReadAsync(student,
            CancellationToken.None);
        return [.. checkpoint.Tensors.OrderBy(t => t.Key, StringComparer.Ordinal).SelectMany(t => t.Value.ToFloats())];
    }
}
