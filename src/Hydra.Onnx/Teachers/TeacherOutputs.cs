using Hydra.Core.Models;
using Hydra.Core.Teachers;
using Microsoft.ML.OnnxRuntime;

namespace Hydra.Onnx.Teachers;

/// <summary>
/// Which outputs of a teacher graph are read, and as what: one classification output of [N, C] scores, or a mean and
/// a variance (or log-variance) output of [N] or [N, 1].
/// </summary>
internal sealed record TeacherOutputs(ModelTask Task, IReadOnlyList<string> Names, int Classes, bool LogVariance)
{
    private const string MeanName = "mean";
    private const string VarianceName = "variance";
    private const string LogVarianceName = "log_variance";

    /// <summary>"output 'logits' (10 scores)", "outputs 'mean', 'log_variance' (log-variance)".</summary>
    public string Describe() => Task == ModelTask.Regression
        ? $"outputs '{Names[0]}' (mean), '{Names[1]}' ({(LogVariance ? "log-variance" : "variance")})"
        : $"output '{Names[0]}' ({Classes} class scores)";

    /// <summary>Chooses the outputs as the options name them, or as the graph's names and shapes suggest.</summary>
    /// <exception cref="TeacherException">A named output is missing, or none fits.</exception>
    public static TeacherOutputs Choose(IReadOnlyDictionary<string, NodeMetadata> outputs, OnnxTeacherOptions options,
        string teacher)
    {
        var listed = string.Join(", ", outputs.Select(o => $"'{o.Key}' [{Dims(o.Value)}]"));
        var regression = options.NamesRegressionOutputs || (options.Output is null && outputs.ContainsKey(MeanName)
            && (outputs.ContainsKey(VarianceName) || outputs.ContainsKey(LogVarianceName)));
        if (regression)
        {
            var mean = options.Mean ?? MeanName;
            var log = options.LogVariance is not null
                || (options.Variance is null && !outputs.ContainsKey(VarianceName));
            var variance = options.LogVariance ?? options.Variance ?? (log ? LogVarianceName : VarianceName);
            foreach (var name in new[] { mean, variance })
            {
                var meta = Find(outputs, name, teacher, listed);
                if (RowValues(meta) is not 1)
                {
                    throw new TeacherException(teacher, $"its output '{name}' is [{Dims(meta)}]; a regression output "
                        + "holds one value per row ([N] or [N, 1]).");
                }
            }

            return new TeacherOutputs(ModelTask.Regression, [mean, variance], 0, log);
        }

        var floats = outputs.Where(o => o.Value.ElementType == typeof(float)).ToList();
        var chosen = options.Output
            ?? (floats.Count == 1 ? floats[0].Key : floats.FirstOrDefault(o => o.Value.Dimensions.Length == 2).Key)
            ?? throw new TeacherException(teacher, $"none of its outputs ({listed}) is a float [N, C]; name the "
                + "class scores with --teacher-output, or the mean and variance with --teacher-mean and "
                + "--teacher-variance.");
        var scores = Find(outputs, chosen, teacher, listed);
        return new TeacherOutputs(ModelTask.Classification, [chosen], RowValues(scores) ?? 0, false);
    }

    /// <summary>Values per row (the product of the non-batch dimensions), or null when one is symbolic.</summary>
    public static int? RowValues(NodeMetadata meta)
    {
        var rest = meta.Dimensions.Skip(1).ToArray();
        return rest.Any(d => d <= 0) ? null : rest.Aggregate(1, (a, b) => a * b);
    }

    public static string Dims(NodeMetadata meta) =>
        string.Join(", ", meta.Dimensions.Select((d, i) => d > 0 ? d.ToString(System.Globalization
            .CultureInfo.InvariantCulture) : meta.SymbolicDimensions.ElementAtOrDefault(i) is { Length: > 0 } s
                ? s : "?"));

    private static NodeMetadata Find(IReadOnlyDictionary<string, NodeMetadata> outputs, string name, string teacher,
        string listed)
    {
        if (!outputs.TryGetValue(name, out var meta))
        {
            throw new TeacherException(teacher, $"it has no output '{name}'; its outputs are {listed}.");
        }

        if (meta.ElementType != typeof(float))
        {
            throw new TeacherException(teacher, $"its output '{name}' is {meta.ElementType.Name}, not float32.");
        }

        return meta;
    }
}
