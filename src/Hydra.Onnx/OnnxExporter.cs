using System.Globalization;
using System.Text;
using Google.Protobuf;
using Hydra.Core.Architecture;
using Hydra.Core.Calibration;
using Hydra.Core.Checkpoints;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Onnx.Graph;
using Hydra.Onnx.Parity;

namespace Hydra.Onnx;

/// <summary>
/// Turns verified checkpoints into "{modelFolder}/model.onnx" + "manifest.json": reads and checks the weights, builds
/// the
/// graph with in-graph uncertainty, proves parity in ONNX Runtime, and only then writes, the manifest last. On any
/// failure it throws <see cref="OnnxExportException"/> and the model folder is left untouched.
/// </summary>
public sealed class OnnxExporter(TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Exports one checkpoint: a Hydra (M heads), a member or KD (one head).</summary>
    /// <exception cref="OnnxExportException">The checkpoint cannot be read or built, or the graph fails
    /// parity.</exception>
    public async Task<OnnxExportResult> ExportAsync(CheckpointStore source, string checkpointFolder,
        IArtifactStore target,
        string modelFolder, OnnxExportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(checkpointFolder);
        CheckArguments(target, modelFolder, options);
        var checkpoint = await ReadAsync(source, checkpointFolder, cancellationToken);
        var card = checkpoint.Card;
        var calibration = await ReadCalibrationAsync(source, checkpointFolder, card, cancellationToken);
        var classes = ExportChecks.CheckExportable(card, checkpointFolder);
        var network = new NetworkSource("", card.Architecture, card.Heads, checkpoint.Tensors);
        var (bodyMacs, headMacs) = card.Architecture.MultiplyAccumulates();
        var export = new PendingExport(
            [network],
            new ModelDescription(options.ModelId, ExportChecks.KindName(card.Kind), card.Task, card.Heads, classes,
                card.Input, card.Weights.Sha256, options.ExporterVersion,
                TargetScalingOf(card)),
            card.ParityProbe,
            card.Architecture,
            card.Metrics,
            new ManifestSource(checkpointFolder, card.Weights.Sha256),
            bodyMacs + (card.Heads * headMacs),
            checkpointFolder,
            calibration);
        return await BuildCheckAndWriteAsync(export, target, modelFolder, options, cancellationToken);
    }

    /// <summary>Exports every member found under "{runFolder}/members/{i}" as one graph (M bodies, M heads).</summary>
    /// <exception cref="OnnxExportException">No member exists, a member cannot be read, or the members
    /// disagree.</exception>
    public async Task<OnnxExportResult> ExportEnsembleAsync(CheckpointStore source, string runFolder,
        IArtifactStore target,
        string modelFolder, OnnxExportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(runFolder);
        var folders = new List<string>();
        while (await source.ExistsAsync(CheckpointPaths.Folder(runFolder, ModelKind.Member, folders.Count),
            cancellationToken))
        {
            folders.Add(CheckpointPaths.Folder(runFolder, ModelKind.Member, folders.Count));
        }

        if (folders.Count == 0)
        {
            throw new OnnxExportException(
                $"No ensemble members under '{CheckpointPaths.Join(runFolder, "members")}/' "
                    + $"(expected members/0/{ModelCard.FileName}, …).");
        }

        return await ExportEnsembleAsync(source, folders, runFolder, target, modelFolder, options, cancellationToken);
    }

    /// <summary>Exports the given member checkpoints, in order, as one ensemble graph.</summary>
    /// <exception cref="OnnxExportException">A member cannot be read, or the members disagree.</exception>
    public async Task<OnnxExportResult> ExportEnsembleAsync(CheckpointStore source,
        IReadOnlyList<string> memberFolders, string runFolder,
        IArtifactStore target, string modelFolder, OnnxExportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(memberFolders);
        CheckArguments(target, modelFolder, options);
        if (memberFolders.Count == 0)
        {
            throw new OnnxExportException("An ensemble export needs at least one member checkpoint.");
        }

        var members = new List<Checkpoint>();
        foreach (var folder in memberFolders)
        {
            members.Add(await ReadAsync(source, folder, cancellationToken));
        }

        var first = members[0].Card;
        var classes = ExportChecks.CheckExportable(first, memberFolders[0]);
        for (var i = 0; i < members.Count; i++)
        {
            ExportChecks.CheckMember(members[i].Card, first, memberFolders[i], memberFolders[0]);
        }

        var networks = members.Select((m, i) => new NetworkSource($"members.{i}", m.Card.Architecture, 1,
            m.Tensors)).ToList();
        var memberSources = members.Select((m, i) => new ManifestSource(memberFolders[i],
            m.Card.Weights.Sha256)).ToList();
        var sha = CheckpointStore.Sha256(Encoding.UTF8.GetBytes(string.Join('\n', memberSources.Select(s
            => s.Sha256))));
        var (bodyMacs, headMacs) = first.Architecture.MultiplyAccumulates();
        var export = new PendingExport(
            networks,
            new ModelDescription(options.ModelId, "ensemble", first.Task, members.Count, classes, first.Input, sha,
                options.ExporterVersion,
                TargetScalingOf(first)),
            null,
            first.Architecture,
            MeanMetrics(members.Select(m => m.Card)),
            new ManifestSource(runFolder, sha, memberSources),
            members.Count * (bodyMacs + headMacs),
            runFolder,
            await RunCalibrationAsync(source, runFolder, first, cancellationToken));
        return await BuildCheckAndWriteAsync(export, target, modelFolder, options, cancellationToken);
    }

    private async Task<OnnxExportResult> BuildCheckAndWriteAsync(PendingExport export, IArtifactStore target,
        string modelFolder,
        OnnxExportOptions options, CancellationToken cancellationToken)
    {
        var proto = HydraGraph.Build(export.Networks, export.Description, options.StackHeads, options.StackMembers);
        var model = proto.ToByteArray();
        cancellationToken.ThrowIfCancellationRequested();
        var description = export.Description;
        var parity = ParityCheck.Measure(model, export.Networks, export.Probe, description.Input.Shape, options,
            description.TargetScaling);
        if (!parity.Passed)
        {
            var what = description.TargetScaling is null ? "head probabilities"
                : "head means and variances (relative above 1)";
            throw new OnnxExportException(string.Create(CultureInfo.InvariantCulture,
                $"Parity check failed for '{export.Origin}': the graph's {what} differ from the trainer's by up to "
                    + $"{parity.MaxAbsDiffProbe?.ToString("G3", CultureInfo.InvariantCulture) ?? "n/a"} on the card's "
                    + $"parity probe and {parity.MaxAbsDiffRandom:G3} on {parity.Rows} rows checked against the "
                    + $"reference forward; the tolerance is {parity.Tolerance:G3}. Nothing was written."));
        }

        var calibration = export.Calibration is null ? null
            : Calibrator.Measure(model, export.Calibration, export.Origin);
        if (calibration is not null)
        {
            // The calibration is part of what the model answers, so it is part of the version: the graph carries its
            // hash (and the quantiles, for users of the bare file), and a re-export with new rows is a new version.
            model = Calibrator.Stamp(proto, calibration);
        }

        var manifest = new ModelManifest
        {
            ModelId = options.ModelId,
            Kind = export.Description.Kind,
            Task = export.Description.Task,
            Heads = export.Description.Heads,
            Classes = export.Description.Classes,
            TargetScaling = export.Description.TargetScaling,
            Input = export.Description.Input,
            Architecture = export.Architecture,
            Source = export.Source,
            Metrics = export.Metrics,
            Parity = parity,
            Calibration = calibration,
            MultiplyAccumulates = export.MultiplyAccumulates,
            Created = _time.GetUtcNow(),
            ExporterVersion = options.ExporterVersion,
            OnnxSha256 = CheckpointStore.Sha256(model),
        };

        var modelPath = CheckpointPaths.Join(modelFolder, ModelManifest.ModelFileName);
        var manifestPath = CheckpointPaths.Join(modelFolder, ModelManifest.FileName);
        cancellationToken.ThrowIfCancellationRequested();
        await target.WriteAsync(modelPath, model, cancellationToken);
        await target.WriteAsync(manifestPath, Encoding.UTF8.GetBytes(manifest.ToJson()), cancellationToken);
        return new OnnxExportResult(modelPath, manifestPath, manifest);
    }

    private static async Task<CalibrationInputs?> ReadCalibrationAsync(CheckpointStore source, string folder,
        ModelCard card, CancellationToken cancellationToken)
    {
        try
        {
            return await source.ReadCalibrationAsync(folder, card, cancellationToken);
        }
        catch (CheckpointException ex)
        {
            throw new OnnxExportException($"Cannot export checkpoint '{folder}': {ex.Message}", ex);
        }
    }

    /// <summary>
    /// An ensemble's members carry no calibration rows; the run's Hydra (or Hydra+) has them, for the same test rows
    /// (none when neither exists or is readable).
    /// </summary>
    private static async Task<CalibrationInputs?> RunCalibrationAsync(CheckpointStore source, string runFolder,
        ModelCard member, CancellationToken cancellationToken)
    {
        foreach (var kind in new[] { ModelKind.Hydra, ModelKind.HydraPlus })
        {
            var folder = CheckpointPaths.Folder(runFolder, kind);
            if (!await source.ExistsAsync(folder, cancellationToken))
            {
                continue;
            }

            try
            {
                var card = await source.ReadCardAsync(folder, cancellationToken);
                if (card.Calibration is not null && card.Input.SameAs(member.Input))
                {
                    return await source.ReadCalibrationAsync(folder, card, cancellationToken);
                }
            }
            catch (CheckpointException)
            {
                // A damaged Hydra does not stop the ensemble's export; the ensemble goes without calibration.
            }
        }

        return null;
    }

    private static async Task<Checkpoint> ReadAsync(CheckpointStore source, string folder,
        CancellationToken cancellationToken)
    {
        try
        {
            return await source.ReadAsync(folder, cancellationToken);
        }
        catch (CheckpointException ex)
        {
            throw new OnnxExportException($"Cannot export checkpoint '{folder}': {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The scaling a regression graph un-scales its outputs with (identity when the card has none); null for a
    /// classifier.
    /// </summary>
    private static Core.Data.TargetScaling? TargetScalingOf(ModelCard card) =>
        card.Task == ModelTask.Regression ? card.TargetScaling ?? Core.Data.TargetScaling.Identity : null;

    /// <summary>
    /// Checks what the card must say for a graph of its task and returns the class names (none for regression).
    /// </summary>
    private static Dictionary<string, double> MeanMetrics(IEnumerable<ModelCard> cards)
    {
        var all = cards.ToList();
        return all.SelectMany(c => c.Metrics.Keys).Distinct()
            .Where(key => all.All(c => c.Metrics.ContainsKey(key)))
            .ToDictionary(key => "member_mean_" + key, key => all.Average(c => c.Metrics[key]));
    }

    private static void CheckArguments(IArtifactStore target, string modelFolder, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelFolder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
    }

    private sealed record PendingExport(
        IReadOnlyList<NetworkSource> Networks,
        ModelDescription Description,
        ParityProbe? Probe,
        ArchitectureSpec Architecture,
        IReadOnlyDictionary<string, double> Metrics,
        ManifestSource Source,
        long MultiplyAccumulates,
        string Origin,
        CalibrationInputs? Calibration);
}
