using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Models;
using Hydra.Core.Safetensors;
using Hydra.Core.Storage;

namespace Hydra.Cli.Tests;

/// <summary>Member checkpoints of a two-feature, three-class toy MLP with seeded random weights.</summary>
internal static class TestCheckpoints
{
    public static async Task WriteMembersAsync(string runFolder, int count)
    {
        var spec = ArchitecturePresets.ToyMlp(2, 3);
        var store = new CheckpointStore(new FolderArtifactStore(runFolder));
        for (var m = 0; m < count; m++)
        {
            var card = new ModelCard
            {
                Kind = ModelKind.Member,
                Task = ModelTask.Classification,
                Dataset = "spirals",
                Architecture = spec,
                Heads = 1,
                Classes = ["a", "b", "c"],
                Input = new InputSpec([2], Normalization.Identity),
                Seeds = [m],
                Created = DateTimeOffset.UnixEpoch,
                Weights = new WeightsReference(ModelCard.WeightsFileName, ""),
            };
            var random = new Random(m);
            var tensors = CheckpointStore.ExpectedTensors(card).Select(t => SafeTensor.FromFloats(t.Name, t.Shape,
                [.. Enumerable.Range(0, (int)t.Shape.Aggregate(1L, (a, b) => a * b))
                    .Select(_ => (float)(random.NextDouble() - 0.5))]));
            var folder = CheckpointPaths.Folder("", ModelKind.Member, m);
            await store.WriteAsync(folder, card, tensors, CancellationToken.None);
        }
    }
}
