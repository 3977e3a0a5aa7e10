using System.Globalization;
using Hydra.Core.Data;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Errors;
using Hydra.Core.Storage;

namespace Hydra.Core.Datasets;

/// <summary>
/// Inspects a stored dataset's training table in the Function App, as <c>hydra data inspect</c> does locally: it is
/// copied to a temporary folder (bounded by <see cref="DatasetOptions.InspectMaxBytes"/>) and read once, so a PUT of
/// dataset.json finds a ragged row or a missing label column before any job is queued.
/// </summary>
internal static class DatasetInspector
{
    public sealed record Outcome(DatasetInspection? Inspection, string? Note, Dictionary<string, string[]> Errors);

    /// <param name="files">The files the description trains on, relative to the dataset's folder.</param>
    public static async Task<Outcome> InspectAsync(IArtifactStore store, string name, DatasetDescription description,
        IReadOnlyList<ArtifactInfo> files, DatasetOptions options, DataLimits limits,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var train = description.Train!;
        var info = files.FirstOrDefault(f => f.Path == train);
        if (info is null || !IsTable(train))
        {
            return new Outcome(null, $"Only CSV/TSV and Parquet tables are inspected here; '{train}' is read when a "
                + "job loads it.", errors);
        }

        if (info.Bytes > options.InspectMaxBytes)
        {
            var limit = options.InspectMaxBytes.ToString(CultureInfo.InvariantCulture);
            return new Outcome(null, $"'{train}' holds {info.Bytes.ToString(CultureInfo.InvariantCulture)} bytes, "
                + $"more than this deployment inspects ({limit}, {DatasetOptions.SectionName}:"
                + $"{nameof(DatasetOptions.InspectMaxBytes)}); a job reads it when it loads it.", errors);
        }

        var folder = Directory.CreateTempSubdirectory("hydra-inspect-");
        try
        {
            var local = Path.Combine(folder.FullName, Path.GetFileName(train));
            await DatasetTransfer.CopyAsync(store, DatasetReference.Folder(name) + train, info.Version, local,
                info.Bytes, cancellationToken);
            var inspection = TableInspection.Inspect(local, description.Target, description.Task, limits);
            if (inspection.TaskProblem is { } problem)
            {
                errors["target"] = [problem];
            }

            return new Outcome(DatasetInspection.From(train, inspection), null, errors);
        }
        catch (HydraException e) when (ErrorKinds.IsCallerError(e.Kind))
        {
            // The loader's own message: the file, the line and the column.
            var field = e.Message.Contains("target column", StringComparison.Ordinal) ? "target" : "train";
            errors[field] = [e.Message];
            return new Outcome(null, "The training table could not be read.", errors);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>CSV, TSV or text, optionally gzip, or Parquet: the tables inspected here (their reading streams; an
    /// .npz is a zip read whole).</summary>
    public static bool IsTable(string path)
    {
        var lower = path.ToLowerInvariant();
        var name = lower.EndsWith(".gz", StringComparison.Ordinal) ? lower[..^3] : lower;
        return name.EndsWith(".csv", StringComparison.Ordinal) || name.EndsWith(".tsv", StringComparison.Ordinal)
            || name.EndsWith(".txt", StringComparison.Ordinal) || ParquetColumnReader.IsParquet(lower);
    }
}
