using Hydra.Core.Checkpoints;
using Hydra.Core.Models;
using Hydra.Training.Modules;
using TorchSharp;

namespace Hydra.Training.Pipeline;

/// <summary>
/// The pipeline's side of the checkpoint store: a finished model is saved with its card at once, and found again
/// (with what it cost) when a killed run resumes.
/// </summary>
internal sealed class PipelineCheckpoints(CheckpointStore store, ModelCardFactory cards)
{
    public Task<bool> ExistsAsync(string folder, CancellationToken cancellationToken) =>
        store.ExistsAsync(folder, cancellationToken);

    /// <summary>
    /// Loads a finished checkpoint of the same kind, seeds, dataset and architecture, recording its card and its
    /// phases' cost in the context; null when there is none.
    /// </summary>
    /// <exception cref="CheckpointException">The folder holds a different model.</exception>
    public async Task<MultiHeadNetwork?> TryResumeAsync(RunContext context, string folder, ModelKind kind, int heads,
        IReadOnlyList<int> seeds, CancellationToken cancellationToken)
    {
        if (!await store.ExistsAsync(folder, cancellationToken))
        {
            return null;
        }

        var checkpoint = await store.ReadAsync(folder, cancellationToken);
        var card = checkpoint.Card;
        var matches = card.Kind == kind && card.Heads == heads && card.Seeds.SequenceEqual(seeds)
            && card.Dataset == context.Bundle.Name && card.Architecture.ToJson() == context.Spec.ToJson();
        if (!matches || !SameTeachers(card.Teachers, context.Teachers))
        {
            var teachers = card.Teachers is null ? "" : $", teachers {string.Join(", ", card.Teachers.Select(t
                => t.Name))}";
            throw new CheckpointException($"{folder} holds a different model (kind {card.Kind}, seeds "
                + $"[{string.Join(", ", card.Seeds)}], dataset {card.Dataset}{teachers}); use another output folder.");
        }

        var network = new MultiHeadNetwork(context.Spec, heads);
        NetworkTensors.Import(network, checkpoint.Tensors);
        network.to(context.Device);
        network.eval();
        context.Cards[folder] = card;
        context.Phases.AddRange(CardPhases.Resumed(card));
        return network;
    }

    /// <summary>
    /// Writes the weights, a multi-head model's calibration rows and, last, the card; records the card in the context.
    /// </summary>
    public async Task SaveAsync(RunContext context, string folder, ModelKind kind, MultiHeadNetwork network,
        IReadOnlyList<int> seeds, IReadOnlyList<PhaseStats> phases, CancellationToken cancellationToken)
    {
        var card = cards.Create(context, kind, network, seeds, phases, cancellationToken);
        var calibration = network.HeadCount > 1 ? ParityProbes.Calibration(context) : null;
        context.Cards[folder] = await store.WriteAsync(folder, card, NetworkTensors.Export(network), cancellationToken,
            calibration);
    }

    /// <summary>Both from the product's own members, or from the same teacher files in the same order.</summary>
    private static bool SameTeachers(IReadOnlyList<TeacherReference>? card, IReadOnlyList<TeacherReference>? run) =>
        card is null ? run is null : run is not null && card.SequenceEqual(run);
}
