using Hydra.Core.Errors;
using Hydra.Core.Models;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// What the loader infers from a table before anything is trained: rows, columns and their kinds, the label
/// column's task and class counts, missing cells, the identifier columns it would leave out; and a dataset.json
/// draft that says the same, for a person to check, edit and reuse.
/// </summary>
public sealed record TableInspection(string Path, int Rows, IReadOnlyList<ColumnSummary> Columns)
{
    /// <summary>The label column: the one asked for, else the last.</summary>
    public string? Target { get; init; }

    public ModelTask? Task { get; init; }

    /// <summary>Rows per class, in class order, for classification.</summary>
    public IReadOnlyList<KeyValuePair<string, int>>? ClassCounts { get; init; }

    /// <summary>Why the task or the classes could not be inferred (e.g. integer labels), or null.</summary>
    public string? TaskProblem { get; init; }

    /// <summary>
    /// Columns the loader would leave out unless told otherwise (identifiers, empty columns), and columns of a type
    /// it cannot use (which the draft excludes).
    /// </summary>
    public IEnumerable<string> LeftOut => Columns.Where(c => c.Name != Target
        && c.Kind is ColumnKind.Identifier or ColumnKind.Empty or ColumnKind.Unsupported).Select(c => c.Name);

    /// <exception cref="DatasetFormatException">The file cannot be read, or inflates past
    /// <paramref name="limits"/>.</exception>
    public static TableInspection Inspect(string path, string? target = null, ModelTask? task = null,
        DataLimits? limits = null)
    {
        var table = TableReader.Read(path, new DataOptions { Limits = limits ?? new DataLimits() }, target);
        var columns = table.Columns.Select(Summarise).ToList();
        var label = table.Columns[target is null ? table.ColumnCount - 1 : CsvReader.ResolveColumn(table, target)];
        var inspection = new TableInspection(path, table.RowCount, columns) { Target = label.Name };
        try
        {
            var truth = TargetValues.Read(table, label, task, null);
            return inspection with
            {
                Task = truth.Task,
                ClassCounts = truth.Classes?.Select((c, i) => KeyValuePair.Create(c, truth.Labels!.Count(l => l == i)))
                    .ToList(),
            };
        }
        catch (HydraException e)
        {
            return inspection with { TaskProblem = e.Message };
        }
    }

    /// <summary>A dataset.json that trains on this table as inspected; its file path is relative to
    /// <paramref name="descriptionFolder"/>, where the description will be written.</summary>
    public DatasetDescription Draft(string descriptionFolder)
    {
        var features = Columns.Where(c => c.Name != Target && !LeftOut.Contains(c.Name)).ToList();
        return new DatasetDescription
        {
            Name = TabularLoader.NameOf(Path),
            Train = RelativeIfInside(descriptionFolder, System.IO.Path.GetFullPath(Path)),
            Target = Target,
            Task = Task,
            Classes = ClassCounts?.Select(c => c.Key).ToList(),
            Exclude = [.. LeftOut],
            Impute = features.Any(c => c.Missing > 0) ? ImputeStrategy.Mean : ImputeStrategy.None,
        };
    }

    /// <summary>The file relative to the folder when it lies below it (so the two can move together), else absolute.
    /// </summary>
    private static string RelativeIfInside(string folder, string file)
    {
        var relative = System.IO.Path.GetRelativePath(folder, file);
        return relative.StartsWith("..", StringComparison.Ordinal) ? file : relative;
    }

    private static ColumnSummary Summarise(CsvColumn column)
    {
        var distinct = column.IsText ? column.Values.Count
            : Enumerable.Range(0, column.Count).Select(column.Number).Where(v => !float.IsNaN(v)).Distinct().Count();
        var example = Enumerable.Range(0, column.Count).Select(column.Text).FirstOrDefault(t => t is not null);
        return new ColumnSummary(column.Name, column.Kind, column.MissingCount, distinct, example);
    }
}
