using System.Text;
using System.Text.Json;
using Hydra.Core.Storage;
using Hydra.Serving.Http;
using Hydra.Serving.Scoring;
using Hydra.Serving.Telemetry;

namespace Hydra.Serving.Files;

/// <summary>
/// Batch scoring on storage: a file dropped at "scoring-input/{modelId}/{name}" (.csv, .npy or .json rows) is scored
/// and the predictions written to "scoring-output/{modelId}/{stem}.csv" for CSV input, ".json" otherwise. A file that
/// cannot be scored gets "{name}.error.json" (an RFC 7807 problem) beside where its output would be, never a retry
/// loop. Each scored chunk (up to <see cref="ScoringOptions.MaxBatchRows"/> rows) is one record in the scorer's
/// telemetry, route "batch", when the host has it.
/// </summary>
public sealed class BatchScoringService(IArtifactStore store, ModelRegistry registry,
    ScoringTelemetry? telemetry = null)
{
    /// <summary>The telemetry route of batch files.</summary>
    public const string Route = "batch";

    public const string InputContainer = "scoring-input";
    public const string OutputContainer = "scoring-output";

    /// <summary>Input files larger than this are refused (a problem file is written instead).</summary>
    public const int MaxInputBytes = 64 * 1024 * 1024;

    private readonly IArtifactStore _store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly ModelRegistry _registry = registry ?? throw new ArgumentNullException(nameof(registry));

    /// <returns>The path written: the predictions, or the problem file.</returns>
    public async Task<BatchScoringOutcome> ScoreAsync(string modelId, string name, ReadOnlyMemory<byte> content,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        try
        {
            if (content.Length > MaxInputBytes)
            {
                throw new PayloadTooLargeException(MaxInputBytes);
            }

            using var lease = await _registry.AcquireAsync(modelId, cancellationToken);
            var model = lease.Model;
            var rows = BatchFileReader.Read(name, content.Span, model.RowLength, model.Manifest.Input.Columns);
            var response = BatchScorer.Score(model, rows, _registry.Options.MaxBatchRows,
                scored: telemetry is null ? null : (result, elapsed) => telemetry.Record(result, Route, elapsed),
                cancellationToken: cancellationToken);
            var csv = Path.GetExtension(name).Equals(".csv", StringComparison.OrdinalIgnoreCase);
            var output = $"{OutputContainer}/{modelId}/{Path.ChangeExtension(name, csv ? ".csv" : ".json")}";
            var text = csv ? PredictionFileWriter.ToCsv(response, model.Manifest.Classes) : PredictionFileWriter.ToJson(
                response);
            await _store.WriteAsync(output, Encoding.UTF8.GetBytes(text), cancellationToken);
            return new BatchScoringOutcome(output, response.Predictions.Count, null);
        }
        catch (ScoringException e)
        {
            return await WriteProblemAsync(modelId, name, e, cancellationToken);
        }
    }

    /// <summary>For a file too large to download: the 413 problem document, without reading the file.</summary>
    public Task<BatchScoringOutcome> RefuseTooLargeAsync(string modelId, string name,
        CancellationToken cancellationToken) =>
        WriteProblemAsync(modelId, name, new PayloadTooLargeException(MaxInputBytes), cancellationToken);

    private async Task<BatchScoringOutcome> WriteProblemAsync(string modelId, string name, ScoringException e,
        CancellationToken cancellationToken)
    {
        var problem = $"{OutputContainer}/{modelId}/{name}.error.json";
        var body = new Dictionary<string, object>
        {
            ["type"] = ProblemResponses.TypePrefix + e.Code,
            ["title"] = "The batch file could not be scored",
            ["status"] = ProblemResponses.StatusOf(e.Kind),
            ["detail"] = e.Message,
            ["instance"] = $"{InputContainer}/{modelId}/{name}",
        };
        await _store.WriteAsync(problem, JsonSerializer.SerializeToUtf8Bytes(body), cancellationToken);
        return new BatchScoringOutcome(problem, 0, e.Message);
    }
}
