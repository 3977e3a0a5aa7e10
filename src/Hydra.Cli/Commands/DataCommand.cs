using System.CommandLine;
using System.Globalization;
using Hydra.Core.Data;
using Hydra.Core.Data.Images;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Models;

namespace Hydra.Cli.Commands;

/// <summary>
/// <c>hydra data inspect</c>: what the loader infers from a table or an image folder, and a dataset.json to reuse.
/// </summary>
internal static class DataCommand
{
    private static readonly Argument<string> File = new("file")
    {
        Description = "A table (.csv, .tsv or .txt, optionally .gz; .parquet; .npz; .npy), an image folder (one "
            + "sub-folder per class, or train/ and test/ of those) or IDX images (…-images-idx3-ubyte[.gz]).",
    };
    private static readonly Option<string?> Target = new("--target")
    { Description = "The label or target column (default: the last column)." };
    private static readonly Option<ModelTask?> Task = new("--task")
    { Description = "classification or regression, when the labels are integers." };
    private static readonly Option<string?> Write = new("--write")
    { Description = "Write a dataset.json that trains on the table as inspected (to edit and pass to --dataset)." };

    private static readonly Option<string> IdxImages = new("--images")
    {
        Description = "An IDX images file (…-images-idx3-ubyte[.gz]); its labels file lies beside it.",
        Required = true,
    };
    private static readonly Option<string> ImagesOutput = new("--output", "-o")
    { Description = "The folder to write (one sub-folder per class).", Required = true };
    private static readonly Option<string?> FolderClasses = new("--classes")
    { Description = "The class folder names by label, comma-separated (default: 0, 1, …)." };

    public static Command Create()
    {
        var inspect = new Command("inspect", "Print a table's rows, columns and their kinds, the label's classes and "
            + "counts, missing cells and the identifier columns that would be left out.")
        {
            File,
            Target,
            Task,
            Write,
        };
        inspect.SetAction(Inspect);
        var writeImages = new Command("write-images", "Write IDX images (e.g. Fashion-MNIST's) as an image folder of "
            + "PNGs, one sub-folder per class.")
        {
            IdxImages,
            ImagesOutput,
            FolderClasses,
        };
        writeImages.SetAction(WriteImages);
        return new Command("data", "Look at a dataset before training on it, measure loading it, or write one.")
        {
            inspect,
            DataLoadCommand.Load(),
            writeImages,
            DataLoadCommand.Convert(),
            DataLoadCommand.WriteSets(),
        };
    }

    private static int Inspect(ParseResult parse)
    {
        var console = Console.Out;
        var path = parse.GetValue(File)!;
        Func<string, DatasetDescription> draft;
        if (Directory.Exists(path) || IdxPairLoader.IsImagesFile(path))
        {
            var images = ImageInspection.Inspect(path, new DataLimits());
            InspectionReport.PrintImages(images, console);
            draft = images.Draft;
        }
        else
        {
            var inspection = TableInspection.Inspect(path, parse.GetValue(Target), parse.GetValue(Task));
            Print(inspection, console);
            draft = inspection.Draft;
        }

        if (parse.GetValue(Write) is { } output)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
            Directory.CreateDirectory(folder);
            System.IO.File.WriteAllText(output, draft(folder).ToJson() + "\n");
            console.WriteLine($"Wrote {output}; edit it, then: hydra run --dataset {output}");
        }

        return 0;
    }

    private static int WriteImages(ParseResult parse)
    {
        var classes = parse.GetValue(FolderClasses)?.Split(',', StringSplitOptions.TrimEntries);
        var output = parse.GetValue(ImagesOutput)!;
        var count = ImageFolderWriter.WriteIdx(parse.GetValue(IdxImages)!, output, classes);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {count} PNG images to {Path.GetFullPath(output)}"));
        return 0;
    }

    private static void Print(TableInspection inspection, TextWriter console)
    {
        var ic = CultureInfo.InvariantCulture;
        console.WriteLine(string.Create(ic,
            $"{Path.GetFileName(inspection.Path)}: {inspection.Rows} rows, {inspection.Columns.Count} columns"));
        var width = Math.Max(6, inspection.Columns.Max(c => c.Name.Length));
        console.WriteLine($"  {"column".PadRight(width)}  {"kind",-11}  {"missing",7}  {"distinct",8}  example");
        foreach (var c in inspection.Columns)
        {
            var role = c.Name == inspection.Target ? "  (label)" : inspection.LeftOut.Contains(c.Name)
                ? "  (left out)" : "";
            var tally = string.Create(ic, $"{c.Missing,7}  {c.Distinct,8}");
            console.WriteLine($"  {c.Name.PadRight(width)}  {Kind(c.Kind),-11}  {tally}  {Shorten(c.Example)}{role}");
        }

        console.WriteLine(inspection.TaskProblem is { } problem
            ? $"Label '{inspection.Target}': {problem}"
            : $"Label '{inspection.Target}': {inspection.Task?.ToString().ToLowerInvariant()}");
        if (inspection.ClassCounts is { } counts)
        {
            InspectionReport.PrintClasses(counts, console);
        }

        var missing = inspection.Columns.Where(c => c.Missing > 0).ToList();
        console.WriteLine(missing.Count == 0 ? "Missing cells: none"
            : $"Missing cells: {missing.Sum(c => c.Missing)} in "
                + string.Join(", ", missing.Select(c => $"{c.Name} ({c.Missing})"))
                + "; training needs --impute mean|median|zero or --exclude");
        var leftOut = inspection.LeftOut.ToList();
        console.WriteLine(leftOut.Count == 0 ? "Columns left out: none"
            : $"Columns left out: {string.Join(", ", leftOut)} (identifiers, empty or unsupported; --features keeps "
                + "one)");
    }

    private static string Kind(ColumnKind kind) => kind.ToString().ToLowerInvariant();

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 24 ? text : text[..21] + "…";
}
