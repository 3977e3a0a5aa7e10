using Hydra.Core.Checkpoints;
using Hydra.Core.Errors;
using Hydra.Core.Jobs;
using Hydra.Core.Models;
using Hydra.Core.Storage;

namespace Hydra.Onnx.Jobs;

/// <summary>
/// The blob-triggered step of the pipeline: a Hydra (or Hydra+) checkpoint card committed under
/// "checkpoints/{jobId}/…" becomes "models/{modelId}/model.onnx" + manifest.json, verified against the trainer's
/// parity probe. Idempotent (a replayed event for the same weights writes nothing) and safe (a corrupt checkpoint
/// writes nothing, so the model already served keeps serving; the reason goes on the job).
/// </summary>
public sealed class ModelConversionService(IArtifactStore store, IJobStore jobs, OnnxExporter exporter,
    TimeProvider clock)
{
    private static readonly string[] ServedFolders = ["hydra", "hydra-plus"];

    private readonly IArtifactStore _store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly IJobStore _jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
    private readonly OnnxExporter _exporter = exporter ?? throw new ArgumentNullException(nameof(exporter));
    private readonly TimeProvider _clock = clock ?? throw new ArgumentNullException(nameof(clock));

    /// <param name="checkpointFolder">The folder under the job's checkpoints: "hydra" or "hydra-plus" convert; others
    /// are ignored.</param>
    public async Task<ConversionOutcome> ConvertAsync(string jobId, string checkpointFolder,
        CancellationToken cancellationToken)
    {
        if (!JobRequestValidator.IsValidId(jobId) || !ServedFolders.Contains(checkpointFolder))
        {
            return new ConversionOutcome(ConversionResult.Ignored);
        }

        var modelId = JobPaths.ModelId(jobId, checkpointFolder);
        var source = $"{JobPaths.Checkpoints(jobId)}/{checkpointFolder}";
        var checkpoints = new CheckpointStore(_store);
        try
        {
            var card = await checkpoints.ReadCardAsync(source, cancellationToken);
            if (await CurrentSourceAsync(modelId, cancellationToken) == card.Weights.Sha256)
            {
                await MarkConvertedAsync(jobId, modelId, cancellationToken);
                return new ConversionOutcome(ConversionResult.AlreadyCurrent, modelId);
            }

            await _exporter.ExportAsync(checkpoints, source, _store, $"{JobPaths.ModelsContainer}/{modelId}",
                new OnnxExportOptions { ModelId = modelId }, cancellationToken);
        }
        catch (Exception e) when (ErrorKinds.IsPermanent(ErrorKinds.Of(e)) || IsUnreadableCard(e))
        {
            var reason = $"Converting {source} to ONNX failed: {e.Message}";
            await RecordAsync(jobId, s => s.Note(reason), cancellationToken);
            return new ConversionOutcome(ConversionResult.Failed, modelId, reason);
        }

        await MarkConvertedAsync(jobId, modelId, cancellationToken);
        return new ConversionOutcome(ConversionResult.Converted, modelId);
    }

    /// <summary>
    /// A card that is missing or not a card: no retry can fix it. Anything else not typed (storage away) propagates,
    /// so the trigger is retried.
    /// </summary>
    private static bool IsUnreadableCard(Exception e) =>
        e is FileNotFoundException or InvalidDataException or System.Text.Json.JsonException;

    /// <summary>The weights hash the served model was built from, or null when none is served.</summary>
    private async Task<string?> CurrentSourceAsync(string modelId, CancellationToken cancellationToken)
    {
        var path = $"{JobPaths.ModelsContainer}/{modelId}/{ModelManifest.FileName}";
        if (!await _store.ExistsAsync(path, cancellationToken))
        {
            return null;
        }

        try
        {
            return ModelManifest.FromJson(await _store.ReadAsync(path, cancellationToken), path).Source.Sha256;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Lists the model on the job (the lifecycle decides when that makes the job ready).</summary>
    private Task MarkConvertedAsync(string jobId, string modelId, CancellationToken cancellationToken) =>
        RecordAsync(jobId, s => s.AddModel(modelId), cancellationToken);

    private async Task RecordAsync(string jobId, Func<TrainingJobStatus, TrainingJobStatus> change,
        CancellationToken cancellationToken)
    {
        try
        {
            await _jobs.TransitionAsync(jobId, change, _clock, cancellationToken);
        }
        catch (JobNotFoundException)
        {
            // A checkpoint written by `hydra run` into the same account has no job record: the model is served all the
            // same.
        }
    }
}
