using Azure.Storage.Blobs;
using Hydra.Onnx.Jobs;
using Hydra.Serving.Files;
using Hydra.Serving.Scoring;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Hydra.Functions;

/// <summary>
/// The blob-triggered steps. On Flex Consumption blob triggers must use the Event Grid source: Azure Storage raises
/// BlobCreated, an Event Grid subscription calls the host's blobs webhook, and the host runs these functions.
/// </summary>
public sealed partial class ModelFunctions(ModelConversionService conversion, BatchScoringService batchScoring,
    ModelRegistry registry,
    ILogger<ModelFunctions> logger)
{
    /// <summary>
    /// A committed checkpoint card ("model.json" is written last) → an ONNX model under models/{modelId}.
    /// </summary>
    [Function("ConvertToOnnx")]
    public async Task ConvertAsync(
        [BlobTrigger("checkpoints/{jobId}/{kind}/model.json", Source = BlobTriggerSource.EventGrid,
            Connection = "HydraStorage")] byte[] card,
        string jobId, string kind, CancellationToken cancellationToken)
    {
        var outcome = await conversion.ConvertAsync(jobId, kind, cancellationToken);
        if (outcome.ModelId is { } modelId && outcome.Result == ConversionResult.Converted)
        {
            registry.Invalidate(modelId);
        }

        Converted(logger, jobId, kind, outcome.Result, outcome.ModelId, outcome.Reason);
    }

    /// <summary>A file in scoring-input/{modelId}/ → its predictions in scoring-output/{modelId}/.</summary>
    [Function("ScoreBatch")]
    public async Task ScoreBatchAsync(
        [BlobTrigger(BatchScoringService.InputContainer + "/{modelId}/{name}", Source = BlobTriggerSource.EventGrid,
            Connection = "HydraStorage")] BlobClient input,
        string modelId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var size = (await input.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentLength;
        var outcome = size > BatchScoringService.MaxInputBytes
            ? await batchScoring.RefuseTooLargeAsync(modelId, name, cancellationToken)
            : await batchScoring.ScoreAsync(modelId, name, (await input.DownloadContentAsync(
            cancellationToken)).Value.Content.ToMemory(), cancellationToken);
        BatchScored(logger, modelId, name, outcome.Rows, outcome.Path, outcome.Error);
    }

    [LoggerMessage(2001, LogLevel.Information, "Checkpoint {JobId}/{Kind}: {Result} (model {ModelId}) {Reason}")]
    private static partial void Converted(ILogger logger, string jobId, string kind, ConversionResult result,
        string? modelId, string? reason);

    [LoggerMessage(2002, LogLevel.Information, "Batch {ModelId}/{Name}: {Rows} rows → {Output} {Error}")]
    private static partial void BatchScored(ILogger logger, string modelId, string name, int rows, string output,
        string? error);
}
