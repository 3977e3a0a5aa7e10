using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Hydra.Core.Data;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Models;

namespace Hydra.Cli.Commands;

/// <summary>
/// <c>hydra data load</c>: loads a dataset as <c>hydra run</c> would and reports what it cost in memory (the peak
/// resident size, VmHWM, over the process's resident size before loading, against the size of the tensors it made;
/// and the managed bytes allocated meanwhile, garbage included);
/// <c>hydra data convert</c>: a table to Parquet; <c>hydra data write-sets</c>: a dataset's test and OOD rows as .npy.
/// </summary>
internal static class DataLoadCommand
{
    private static readonly Argument<string> Dataset = new("dataset")
    { Description = "A dataset as --dataset takes it: a file, an image folder or a dataset.json." };
    private static readonly Option<string?> Target = new("--target") { Description = "The label or target column." };
    private static readonly Option<ModelTask?> Task = new("--task")
    { Description = "classification or regression, when the labels are integers." };
    private static readonly Argument<string> Input = new("input") { Description = "A table: .csv, .tsv, .npz, .npy." };
    private static readonly Option<string> Output = new("--output", "-o")
    { Description = "The Parquet file to write.", Required = true };
    private static readonly Option<string> SetsOutput = new("--output", "-o")
    { Description = "The folder to write the .npy files to (made if missing).", Required = true };
    private static readonly Option<int> RowGroup = new("--row-group")
    {
        Description = "Rows per row group (the last one holds the rest).",
        DefaultValueFactory = _ => ParquetTableWriter.DefaultRowGroupRows,
    };

    public static Command Load()
    {
        var command = new Command("load", "Load a dataset as hydra run would and report the memory it took: the peak "
            + "resident size over the size before loading, against the tensors' size.")
        {
            Dataset,
            Target,
            Task,
        };
        command.SetAction(Measure);
        return command;
    }

    public static Command WriteSets()
    {
        var command = new Command("write-sets", "Write a dataset's test rows and each of its OOD sets as .npy files of "
            + "raw rows (test.npy, test-labels.npy or test-targets.npy, {set}.npy), as hydra score reads them: to "
            + "compare any two models' uncertainty on the same inputs.")
        {
            Dataset,
            Target,
            Task,
            SetsOutput,
        };
        command.SetAction(parse =>
        {
            var bundle = DatasetCatalog.Load(parse.GetValue(Dataset)!, new DataOptions
            {
                Target = parse.GetValue(Target),
                Tabular = new DatasetDescription { Task = parse.GetValue(Task) },
            });
            var folder = Directory.CreateDirectory(parse.GetValue(SetsOutput)!).FullName;
            var written = new List<string>();
            void Write(string name, Dataset set)
            {
                NpyWriter.Write(Path.Combine(folder, name + ".npy"), set.Features, [set.Count, .. set.RowShape]);
                written.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{name}.npy ({set.Count:N0} rows of [{string.Join(", ", set.RowShape)}])"));
            }

            Write("test", bundle.Test);
            if (bundle.Test.Labels is { } labels)
            {
                NpyWriter.Write(Path.Combine(folder, "test-labels.npy"), labels.Select(l => (float)l).ToArray(),
                    [labels.Length]);
            }
            else if (bundle.Test.Targets is { } targets)
            {
                NpyWriter.Write(Path.Combine(folder, "test-targets.npy"), targets, [bundle.Test.Count,
                    targets.Length / Math.Max(1, bundle.Test.Count)]);
            }

            foreach (var (name, set) in bundle.Ood)
            {
                Write(FileName(name), set);
            }

            Console.Out.WriteLine($"Wrote {string.Join(", ", written)} to {folder}");
            return 0;
        });
        return command;
    }

    /// <summary>An OOD set's name as a file name: letters, digits, '-' and '_' kept, anything else '-'.</summary>
    private static string FileName(string name) =>
        new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);

    public static Command Convert()
    {
        var command = new Command("convert", "Write a table (CSV/TSV, .npz, .npy) as Parquet.")
        {
            Input,
            Output,
            RowGroup,
        };
        RowGroup.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--row-group must be at least 1.");
            }
        });
        command.SetAction(parse =>
        {
            var rows = ParquetTableWriter.Convert(parse.GetValue(Input)!, parse.GetValue(Output)!,
                parse.GetValue(RowGroup));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {rows} rows to {Path.GetFullPath(parse.GetValue(Output)!)}"));
            return 0;
        });
        return command;
    }

    private static int Measure(ParseResult parse)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        var before = process.WorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var bundle = DatasetCatalog.Load(parse.GetValue(Dataset)!, new DataOptions
        {
            Target = parse.GetValue(Target),
            Tabular = new DatasetDescription { Task = parse.GetValue(Task) },
        });
        clock.Stop();
        process.Refresh();
        var peak = process.PeakWorkingSet64;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var heap = GC.GetGCMemoryInfo();
        var sets = new[] { bundle.Train, bundle.Test }.Concat(bundle.Validation is { } v ? [v] : [])
            .Concat(bundle.Ood.Values).ToList();
        long tensors = sets.Sum(s => (4L * s.Features.Length) + (4L * (s.Labels?.Length ?? 0))
            + (4L * (s.Targets?.Length ?? 0)));
        var ic = CultureInfo.InvariantCulture;
        Console.Out.WriteLine(string.Create(ic, $"{bundle.Name}: {bundle.Train.Count} training rows of "
            + $"[{string.Join(", ", bundle.Train.RowShape)}], {bundle.Test.Count} test rows, loaded in "
            + $"{clock.Elapsed.TotalSeconds:0.0} s"));
        Console.Out.WriteLine(string.Create(ic, $"tensors (float32 features, int32 labels): {Mb(tensors)}"));
        Console.Out.WriteLine(string.Create(ic, $"resident before loading {Mb(before)}, peak {Mb(peak)}: loading "
            + $"took {Mb(peak - before)} = {(double)(peak - before) / tensors:0.00}× the tensors"));
        Console.Out.WriteLine(string.Create(ic, $"managed: {Mb(allocated)} allocated while loading "
            + $"({(double)allocated / tensors:0.00}× the tensors), heap {Mb(heap.HeapSizeBytes)} after the last of "
            + $"{GC.CollectionCount(0)} collections ({GC.CollectionCount(2)} full)"));
        GC.KeepAlive(bundle);
        return 0;
    }

    private static string Mb(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
