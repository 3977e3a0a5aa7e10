using System.Globalization;
using Hydra.Core.Errors;
using Hydra.Core.Models;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// A user's table as a dataset bundle: the label column decides the task, the other columns become features
/// (numbers as they are, categories one-hot, identifiers left out), everything fitted on the training split alone
/// (categories, fill values, normalisation, target scaling) and recorded in <see cref="DatasetBundle.Columns"/> so a
/// scorer can encode a row by column name the same way.
/// </summary>
public static class TabularLoader
{
    private const char SplitMark = '#';

    /// <exception cref="InvalidRequestException">No label column, or the task cannot be inferred.</exception>
    /// <exception cref="DatasetFormatException">A file cannot be read or holds a bad cell (named by line and column).
    /// </exception>
    public static DatasetBundle Load(DatasetDescription description, DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(options);
        var path = description.Train ?? throw new InvalidRequestException("The dataset names no training file.");
        var npz = NpyTable.IsNpz(path);
        var labels = NpyTable.LabelsOf(path, description.Labels);
        if (description.Labels is not null && !NpyTable.IsNpy(path))
        {
            throw new InvalidRequestException($"A labels file goes with a features .npy, not with '{path}'.");
        }

        if (string.IsNullOrWhiteSpace(description.Target) && !npz && labels is null)
        {
            throw new InvalidRequestException($"'{path}' is a table: name its label or target column (--target, or "
                + "\"target\" in dataset.json).");
        }

        var table = TableReader.Read(path, options, description.Target, streamNumbers: true, labels: labels);
        var target = table.Columns[ResolveTarget(table, description.Target ?? TableReader.DefaultNpzTarget)];
        description = npz ? WithNpzSplits(description, path, options) : description;
        var truth = TargetValues.Read(table, target, description.Task, description.Classes);
        var notes = truth.Note is null ? new List<string>() : [truth.Note];

        var all = Enumerable.Range(0, table.RowCount).ToArray();
        var (trainRows, testRows) = description.Test is null
            ? TabularSplit.Split(all, truth.Labels, description.TestFraction, options.Seed)
            : (all, []);
        int[] validationRows = [];
        if (description.Validation is null && description.ValidationFraction > 0)
        {
            (trainRows, validationRows) = TabularSplit.Split(trainRows, truth.Labels, description.ValidationFraction,
                options.Seed + 1);
        }

        var (schema, columnNotes) = SchemaFitter.Fit(table, target, description, trainRows);
        notes.AddRange(columnNotes);
        var encoder = new TableEncoder(table, schema);
        encoder.EnsureComplete();
        var name = description.Name ?? NameOf(path);
        var buffers = encoder.Encode([trainRows, testRows, validationRows]);
        schema = encoder.Schema;
        var train = Take(Subset(encoder, buffers[0], trainRows, truth, $"{name}-train"), options.TrainLimit);
        var test = description.Test is { } testFile
            ? Other(testFile, schema, target.Name, truth, $"{name}-test", notes, options)
            : Subset(encoder, buffers[1], testRows, truth, $"{name}-test");
        Dataset? validation = description.Validation is { } validationFile
            ? Other(validationFile, schema, target.Name, truth, $"{name}-validation", notes, options)
            : validationRows.Length > 0
                ? Subset(encoder, buffers[2], validationRows, truth, $"{name}-validation")
                : null;
        AddNote(notes, encoder.UnseenNote("held-out rows of " + Path.GetFileName(path)));

        var ood = description.Ood.ToDictionary(o => o.Key,
            o => Other(o.Value, schema, null, truth, o.Key, notes, options), StringComparer.Ordinal);
        var summary = Summary(truth, train, schema);
        notes.AddRange(summary.Select(s => $"{s.Key}: {s.Value}"));
        var regression = truth.Task == ModelTask.Regression;
        return new DatasetBundle(name, train, Take(test, options.TestLimit), ood, Normalization.Identity)
        {
            Task = truth.Task,
            FeatureNormalization = train.Count > 0 ? FeatureNormalization.Fit(train) : null,
            TargetScaling = regression && train.Count > 0 ? TargetScaling.Fit(train.Targets) : null,
            Columns = schema,
            Validation = validation,
            Notes = notes,
            Summary = summary,
        };
    }

    /// <summary>The name of a data file up to its first dot ("patients" for patients.csv.gz).</summary>
    public static string NameOf(string path)
    {
        var file = Path.GetFileName(path);
        var dot = file.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? file[..dot] : file;
    }

    private static Dataset Subset(TableEncoder encoder, float[] values, int[] rows, TargetValues truth, string name) =>
        new(name, values, RowShape(encoder.Table, encoder.Schema),
            truth.Labels is { } labels ? [.. rows.Select(r => labels[r])] : null,
            truth.Targets is { } targets ? [.. rows.Select(r => targets[r])] : null,
            truth.Classes);

    /// <summary>
    /// Another file (test, validation or OOD) encoded by the training schema; its labels, when
    /// <paramref name="labelColumn"/> is given, must be among the training classes.
    /// </summary>
    private static Dataset Other(string file, TabularSchema schema, string? labelColumn, TargetValues truth,
        string name, List<string> notes, DataOptions options)
    {
        var (path, suffix) = SplitOf(file);
        var table = TableReader.Read(path, options, labelColumn, suffix, needTarget: labelColumn is not null,
            streamNumbers: true);
        var encoder = new TableEncoder(table, schema);
        encoder.EnsureComplete();
        var values = encoder.Encode([new RowNumbers(table.RowCount, first: 0)])[0];
        AddNote(notes, encoder.UnseenNote(Path.GetFileName(path)));
        if (labelColumn is null)
        {
            return new Dataset(name, values, RowShape(table, schema), classNames: truth.Classes);
        }

        var column = table.Columns.FirstOrDefault(c => c.Name == labelColumn) ?? throw new DatasetFormatException(
            path, $"no label column '{labelColumn}'");
        var own = TargetValues.Read(table, column, truth.Task, truth.Classes);
        return new Dataset(name, values, RowShape(table, schema), own.Labels, own.Targets, truth.Classes);
    }

    /// <summary>
    /// What a person should know about the training split: class counts and imbalance, or target range.
    /// </summary>
    private static Dictionary<string, string> Summary(TargetValues truth, Dataset train, TabularSchema schema)
    {
        var summary = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["features"] = string.Create(CultureInfo.InvariantCulture,
                $"{schema.Columns.Count} columns ({schema.Columns.Count(c => c.Kind == ColumnKind.Categorical)} "
                + $"categorical) encoded as {schema.Width} values"),
        };
        if (truth.Classes is { } classes)
        {
            ClassBalance.Describe(classes, train.Labels!, summary);
        }

        return summary;
    }

    /// <summary>
    /// The label column by name or zero-based index; a negative index counts from the end (−1 is the last).
    /// </summary>
    private static int ResolveTarget(CsvColumns table, string target) =>
        int.TryParse(target, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index)
            && index < 0 && index >= -table.ColumnCount && table.Find(target) is null
            ? table.ColumnCount + index
            : CsvReader.ResolveColumn(table, target);

    /// <summary>An .npz's own test and validation arrays, where no other file is given.</summary>
    private static DatasetDescription WithNpzSplits(DatasetDescription description, string path, DataOptions options)
    {
        var features = options.FeaturesArray;
        return description with
        {
            Test = description.Test ?? (NpyTable.Has(path, features, TableReader.TestSuffix)
                ? path + SplitMark + TableReader.TestSuffix : null),
            Validation = description.Validation ?? (NpyTable.Has(path, features, TableReader.ValidationSuffix)
                ? path + SplitMark + TableReader.ValidationSuffix : null),
        };
    }

    /// <summary>A file, or an .npz and the suffix of its split's arrays ("data.npz#_test").</summary>
    private static (string Path, string Suffix) SplitOf(string file)
    {
        var mark = file.LastIndexOf(SplitMark);
        return mark > 0 && NpyTable.IsNpz(file[..mark]) ? (file[..mark], file[(mark + 1)..]) : (file, "");
    }

    /// <summary>An .npz of images keeps its rows' shape, unless columns were left out; other rows are vectors.
    /// </summary>
    private static int[] RowShape(CsvColumns table, TabularSchema schema) =>
        table.RowShape is { } shape && shape.Aggregate(1, (a, b) => a * b) == schema.Width ? shape : [schema.Width];

    private static void AddNote(List<string> notes, string? note)
    {
        if (note is not null)
        {
            notes.Add(note);
        }
    }

    private static Dataset Take(Dataset dataset, int? limit) =>
        limit is { } n && n < dataset.Count ? dataset.Subset(Enumerable.Range(0, n).ToArray()) : dataset;
}
