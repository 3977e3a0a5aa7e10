using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hydra.Cli.Bench;
using Hydra.Core;
using static TorchSharp.torch;

namespace Hydra.Cli.Commands;

/// <summary>
/// <c>hydra bench</c>: scoring throughput and latency of Hydra against the ensemble it replaces, all measured in one
/// run on this machine: Hydra ONNX, the ensemble as one ONNX graph, the ensemble as M member sessions, KD, and
/// TorchSharp's forward of the same Hydra. Classification and regression runs alike: for regression the member
/// sessions'
/// means and variances are combined into the mixture's moments, as the one-graph ensemble does. Each step is a type
/// of its own under <c>Bench/</c>.
/// </summary>
internal static class BenchCommand
{
    private static readonly Option<string> Run = new("--run", "-r")
    {
        Description = "A run folder with members/0..M-1, kd and hydra checkpoints.",
        Required = true,
    };

    private static readonly Option<string?> Output = new("--output", "-o")
    {
        Description = "Where to write bench.json (default: {run}/bench.json).",
    };

    private static readonly Option<int> Threads = new("--threads")
    {
        Description = "Intra-op threads for ONNX Runtime and libtorch.",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    private static readonly Option<bool> Profile = new("--profile")
    {
        Description = "Also profile the Hydra and ensemble graphs at batch 256 with ONNX Runtime's profiler: " +
            "time per operator type.",
    };

    private static readonly Option<double> Seconds = new("--seconds")
    {
        Description = "Time budget per measurement.",
        DefaultValueFactory = _ => 1.5,
    };

    public static Command Create()
    {
        var command = new Command("bench",
            "Measure Hydra's scoring speed against the ensemble (ONNX Runtime and TorchSharp), write bench.json.");
        foreach (var option in new Option[] { Run, Output, Threads, Seconds, Profile })
        {
            command.Options.Add(option);
        }

        command.SetAction(ExecuteAsync);
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var run = Path.GetFullPath(parse.GetValue(Run)!);
        var threads = parse.GetValue(Threads);
        using var setup = await BenchSetup.LoadAsync(run, threads, TimeSpan.FromSeconds(parse.GetValue(Seconds)),
            cancellationToken);

        Console.Out.WriteLine($"Exporting {run} to ONNX (parity-checked) …");
        await ModelExport.ExportAsync(setup, cancellationToken);

        set_num_threads(threads);
        var gemm = MachineGemm.Measure(setup);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Machine GEMM rate, {threads} threads, 1024³, best of 5 trials: libtorch {gemm.Torch:F1} GFLOP/s, " +
            $"ONNX Runtime {gemm.Onnx:F1} GFLOP/s"));

        var measured = ServingMeasurements.Measure(setup, gemm.Best);
        if (parse.GetValue(Profile))
        {
            OperatorProfile.Print(setup);
        }

        var result = new BenchResult(run, setup.Card.Architecture.Name, setup.Members, threads, gemm.Best,
            setup.Macs.Bound, measured.All, measured.HydraSpeedup(), DateTimeOffset.UtcNow);
        var output = parse.GetValue(Output) ?? Path.Combine(run, "bench.json");
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(result, HydraJson.Options), cancellationToken);
        Console.Out.WriteLine(BenchTable.Render(result));
        Console.Out.WriteLine($"Wrote {output}");
        return 0;
    }
}
