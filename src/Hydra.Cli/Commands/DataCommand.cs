using System.CommandLine;
using System.Globalization;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Models;

namespace Hydra.Cli.Commands;

/// <summary><c>hydra data inspect</c>: what the loader infers from a table, and a dataset.json to reuse.</summary>
internal static class DataCommand
{
    private static readonly Argument<string> File = new("file")
    {
        Description = "A table: .csv, .tsv or .txt, optionally .gz.",
    };
    private static readonly Option<string?> Target = new("--target")
    { Description = "The label or target column (default: the last column)." };
    private static readonly Option<ModelTask?> Task = new("--task")
    { Description = "classification or regression, when the labels are integers." };
    private static readonly Option<string?> Write = new("--write")
    { Description = "Write a dataset.json that trains on the table as inspected (to edit and pass to --dataset)." };

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
        return new Command("data", "Look at a dataset before training on it.") { inspect };
    }

    private static int Inspect(ParseResult parse)
    {
        var console = Console.Out;
        var path = parse.GetValue(File)!;
        var inspection = TableInspection.Inspect(path, parse.GetValue(Target), parse.GetValue(Task));
        Print(inspection, console);
        if (parse.GetValue(Write) is { } output)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
            Directory.CreateDirectory(folder);
            var draft = inspection.Draft(folder);
            System.IO.File.WriteAllText(output, draft.ToJson() + "\n");
            console.WriteLine($"Wrote {output}; edit it, then: hydra run --dataset {output}");
        }

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
            var total = counts.Sum(c => c.Value);
            foreach (var (name, count) in counts)
            {
                console.WriteLine(string.Create(ic, $"  {name}: {count} ({100.0 * count / total:0.0}%)"));
            }

            var smallest = counts.Min(c => c.Value);
            var ratio = smallest == 0 ? 0 : (double)counts.Max(c => c.Value) / smallest;
            console.WriteLine(smallest == 0 ? "  imbalance: a class has no rows"
                : string.Create(ic, $"  imbalance: {ratio:0.00} (largest/smallest)"));
        }

        var missing = inspection.Columns.Where(c => c.Missing > 0).ToList();
        console.WriteLine(missing.Count == 0 ? "Missing cells: none"
            : $"Missing cells: {missing.Sum(c => c.Missing)} in "
                + string.Join(", ", missing.Select(c => $"{c.Name} ({c.Missing})"))
                + "; training needs --impute mean|median|zero or --exclude");
        var leftOut = inspection.LeftOut.ToList();
        console.WriteLine(leftOut.Count == 0 ? "Columns left out: none"
            : $"Columns left out: {string.Join(", ", leftOut)} (identifiers or empty; --features keeps one)");
    }

    private static string Kind(ColumnKind kind) => kind.ToString().ToLowerInvariant();

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 24 ? text : text[..21] + "…";
}
