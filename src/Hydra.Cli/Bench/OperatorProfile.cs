using System.Globalization;
using System.Text.Json;

namespace Hydra.Cli.Bench;

/// <summary>
/// The bench's optional step (--profile): time per operator type of the Hydra and ensemble graphs at the largest batch,
/// from ONNX Runtime's own profiler.
/// </summary>
internal static class OperatorProfile
{
    private const int Runs = 20;

    public static void Print(BenchSetup setup)
    {
        foreach (var name in new[] { "hydra", "ensemble" })
        {
            Print(name, ByOperator(setup, name));
        }
    }

    /// <summary>Milliseconds per operator type, summed over nodes and runs.</summary>
    private static Dictionary<string, double> ByOperator(BenchSetup setup, string name)
    {
        var batch = BenchSetup.BatchSizes.Max();
        var settings = setup.Sessions with { ProfilePrefix = Path.Combine(setup.ModelsFolder, name + "-profile") };
        using var scorer = new OnnxScorer(setup.ModelPath(name), settings, setup.RowShape, setup.Inputs);
        for (var i = 0; i < Runs; i++)
        {
            scorer.Score(batch);
        }

        var file = scorer.EndProfiling();
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            return json.RootElement.EnumerateArray()
                .Where(e => e.TryGetProperty("cat", out var cat) && cat.GetString() == "Node"
                    && e.TryGetProperty("args", out var args) && args.TryGetProperty("op_name", out _))
                .GroupBy(e => e.GetProperty("args").GetProperty("op_name").GetString()!)
                .ToDictionary(g => g.Key, g => g.Sum(e => e.GetProperty("dur").GetDouble()) / 1000.0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void Print(string name, Dictionary<string, double> byOperator)
    {
        var total = byOperator.Values.Sum();
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Profile of {name} ({Runs} runs at batch {BenchSetup.BatchSizes.Max()}, {total:F1} ms in nodes):"));
        foreach (var (op, ms) in byOperator.OrderByDescending(o => o.Value))
        {
            Console.Out.WriteLine(
                string.Create(CultureInfo.InvariantCulture, $"  {op,-24} {ms,9:F1} ms  {ms / total,6:P1}"));
        }
    }
}
