using Hydra.Core.Data.Tabular;
using Hydra.Core.Models;

namespace Hydra.Core.Datasets;

/// <summary>What inspecting the training table found (as <c>hydra data inspect</c> prints it).</summary>
public sealed record DatasetInspection(string File, int Rows, IReadOnlyList<ColumnSummary> Columns)
{
    public string? Target { get; init; }

    public ModelTask? Task { get; init; }

    public IReadOnlyList<KeyValuePair<string, int>>? ClassCounts { get; init; }

    /// <summary>Columns the loader leaves out unless told otherwise (identifiers, empty columns).</summary>
    public IReadOnlyList<string> LeftOut { get; init; } = [];

    public static DatasetInspection From(string file, TableInspection inspection)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        return new DatasetInspection(file, inspection.Rows, inspection.Columns)
        {
            Target = inspection.Target,
            Task = inspection.Task,
            ClassCounts = inspection.ClassCounts,
            LeftOut = [.. inspection.LeftOut],
        };
    }
}
