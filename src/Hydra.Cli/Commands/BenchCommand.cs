using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hydra.Cli.Bench;
using Hydra.Core;
using Hydra.Core.Checkpoints;
using Hydra.Core.Metrics;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Onnx;
using Hydra.Onnx.Graph;
using Hydra.Training;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace Hydra.Cli.Commands;

/// <summary>
/// <c>hydra bench</c>: scoring throughput and latency of Hydra against the ensemble it replaces, all measured in one
/// run on this machine: Hydra ONNX, the ensemble as one ONNX graph, the ensemble as M member sessions, KD, and
/// TorchSharp's forward of the same Hydra. Classification and regression runs alike: for regression the member sessions'
/// means and variances are combined into the mixture's moments, as the one-graph ensemble does.
/// </summary>
internal static class BenchCommand
{
    private static readonly Option<string> Run = new("--run", "-r") { Description = "A run folder with members/0..M-1, kd and hydra checkpoints.", Required = true };
    private static readonly Option<string?> Output = new("--output", "-o") { Description = "Where to write bench.json (default: {run}/bench.json)." };
    private static readonly Option<int> Threads = new("--threads") { Description = "Intra-op threads for ONNX Runtime and libtorch.", DefaultValueFactory = _ => Environment.ProcessorCount };
    private static readonly Option<bool> Profile = new("--profile") { Description = "Also profile the Hydra and ensemble graphs at batch 256 with ONNX Runtime's profiler: time per operator type." };
    private static readonly Option<double> Seconds = new("--seconds") { Description = "Time budget per measurement.", DefaultValueFactory = _ => 1.5 };
    private static readonly int[] BatchSizes = [1, 32, 256];

    public static Command Create()
    {
        var command = new Command("bench", "Measure Hydra's scoring speed against the ensemble (ONNX Runtime and TorchSharp), write bench.json.");
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
        var budget = TimeSpan.FromSeconds(parse.GetValue(Seconds));
        var checkpoints = new CheckpointStore(new FolderArtifactStore(run));
        var hydraCheckpoint = await checkpoints.ReadAsync(CheckpointPaths.Folder("", ModelKind.Hydra), cancellationToken);
        var card = hydraCheckpoint.Card;
        var regression = card.Task == ModelTask.Regression;

        var (body, head) = card.Architecture.MultiplyAccumulates();
        var members = card.Heads;
        var macs = new Dictionary<string, long> { ["hydra"] = body + (members * head), ["ensemble"] = members * (body + head), ["member"] = body + head };

        var models = Path.Combine(Path.GetTempPath(), "hydra-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            Console.Out.WriteLine($"Exporting {run} to ONNX (parity-checked) …");
            var target = new FolderArtifactStore(models);
            var exporter = new OnnxExporter();
            await exporter.ExportAsync(checkpoints, CheckpointPaths.Folder("", ModelKind.Hydra), target, "hydra", new OnnxExportOptions { ModelId = "hydra" }, cancellationToken);
            await exporter.ExportAsync(checkpoints, CheckpointPaths.Folder("", ModelKind.Kd), target, "kd", new OnnxExportOptions { ModelId = "kd" }, cancellationToken);
            await exporter.ExportEnsembleAsync(checkpoints, "", target, "ensemble", new OnnxExportOptions { ModelId = "ensemble" }, cancellationToken);
            for (var m = 0; m < members; m++)
            {
                await exporter.ExportAsync(checkpoints, CheckpointPaths.Folder("", ModelKind.Member, m), target, $"member-{m}", new OnnxExportOptions { ModelId = $"member-{m}" }, cancellationToken);
            }

            set_num_threads(threads);
            using var sessionOptions = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            var (torchGemm, onnxGemm) = (TorchGemmGflops(budget), OnnxGemmGflops(sessionOptions, budget));
            var gemm = Math.Max(torchGemm, onnxGemm);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Machine GEMM rate, {threads} threads, 1024³, best of 5 trials: libtorch {torchGemm:F1} GFLOP/s, ONNX Runtime {onnxGemm:F1} GFLOP/s"));
            var rowShape = card.Input.Shape;
            var rowSize = rowShape.Aggregate(1, (a, b) => a * b);
            var inputs = RandomInputs(rowSize, BatchSizes.Max());
            var classes = card.Classes?.Count ?? 0;

            var results = new List<BenchModel>();
            using (var hydra = new OnnxScorer(Path.Combine(models, "hydra", "model.onnx"), sessionOptions, rowShape, inputs))
            {
                results.Add(Measure("hydra", "onnxruntime", macs["hydra"], hydra.Score, budget, gemm));
            }

            using (var ensemble = new OnnxScorer(Path.Combine(models, "ensemble", "model.onnx"), sessionOptions, rowShape, inputs))
            {
                results.Add(Measure("ensemble (one graph)", "onnxruntime", macs["ensemble"], ensemble.Score, budget, gemm));
            }

            var memberScorers = Enumerable.Range(0, members)
                .Select(m => new OnnxScorer(Path.Combine(models, $"member-{m}", "model.onnx"), sessionOptions, rowShape, inputs)).ToList();
            try
            {
                // What a user serving M member models does: run each, then combine their outputs into the ensemble's
                // prediction and uncertainty in C#.
                void ScoreMembers(int batch)
                {
                    if (regression)
                    {
                        ScoreMemberGaussians(batch);
                        return;
                    }

                    var perMember = memberScorers.Select(s => s.HeadProbabilities(batch)).ToArray();
                    var stacked = new float[batch * members * classes];
                    for (var r = 0; r < batch; r++)
                    {
                        for (var m = 0; m < members; m++)
                        {
                            perMember[m].AsSpan(r * classes, classes).CopyTo(stacked.AsSpan(((r * members) + m) * classes, classes));
                        }
                    }

                    UncertaintyMetrics.Decompose(stacked, batch, members, classes);
                }

                void ScoreMemberGaussians(int batch)
                {
                    var perMember = memberScorers.Select(s => s.HeadGaussians(batch)).ToArray();
                    var (means, variances) = (new float[batch * members], new float[batch * members]);
                    for (var r = 0; r < batch; r++)
                    {
                        for (var m = 0; m < members; m++)
                        {
                            means[(r * members) + m] = perMember[m].Means[r];
                            variances[(r * members) + m] = perMember[m].Variances[r];
                        }
                    }

                    RegressionMetrics.Decompose(means, variances, batch, members);
                }

                results.Add(Measure($"ensemble ({members} sessions)", "onnxruntime", macs["ensemble"], ScoreMembers, budget, gemm));
            }
            finally
            {
                memberScorers.ForEach(s => s.Dispose());
            }

            using (var kd = new OnnxScorer(Path.Combine(models, "kd", "model.onnx"), sessionOptions, rowShape, inputs))
            {
                results.Add(Measure("kd", "onnxruntime", macs["member"], kd.Score, budget, gemm));
            }

            using (var torchHydra = TorchModel.Load(hydraCheckpoint))
            {
                Action<int> forward = regression
                    ? batch => torchHydra.HeadGaussians(inputs[..(batch * rowSize)], batch)
                    : batch => torchHydra.HeadProbabilities(inputs[..(batch * rowSize)], batch);
                results.Add(Measure("hydra", "torchsharp", macs["hydra"], forward, budget, gemm));
            }

            if (parse.GetValue(Profile))
            {
                foreach (var name in new[] { "hydra", "ensemble" })
                {
                    using var profiled = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, EnableProfiling = true, ProfileOutputPathPrefix = Path.Combine(models, name + "-profile") };
                    using var scorer = new OnnxScorer(Path.Combine(models, name, "model.onnx"), profiled, rowShape, inputs);
                    PrintProfile(name, scorer.ProfileByOperator(BatchSizes.Max(), runs: 20));
                }
            }

            var hydraOnnx = results[0];
            var ensembleGraph = results[1];
            var bound = (double)macs["ensemble"] / macs["hydra"];
            var result = new BenchResult(run, card.Architecture.Name, members, threads, gemm, bound, results,
                BatchSizes.ToDictionary(b => $"batch_{b}", b => hydraOnnx.RowsPerSecond[$"batch_{b}"] / ensembleGraph.RowsPerSecond[$"batch_{b}"]),
                DateTimeOffset.UtcNow);
            var output = parse.GetValue(Output) ?? Path.Combine(run, "bench.json");
            await File.WriteAllTextAsync(output, JsonSerializer.Serialize(result, HydraJson.Options), cancellationToken);
            Console.Out.WriteLine(BenchTable.Render(result));
            Console.Out.WriteLine($"Wrote {output}");
            return 0;
        }
        finally
        {
            if (Directory.Exists(models))
            {
                Directory.Delete(models, recursive: true);
            }
        }
    }

    private static BenchModel Measure(string name, string engine, long macs, Action<int> score, TimeSpan budget, double gemm)
    {
        Console.Out.WriteLine($"  {name} [{engine}] …");
        var rates = BatchSizes.ToDictionary(b => $"batch_{b}", b => Throughput.RowsPerSecond(score, b, budget));
        var (p50, p99) = Throughput.Latency(score, budget);
        return new BenchModel(name, engine, macs, rates, p50, p99,
            rates.ToDictionary(r => r.Key, r => r.Value * macs * 2 / (gemm * 1e9)));
    }

    private static void PrintProfile(string name, IReadOnlyDictionary<string, double> byOperator)
    {
        var total = byOperator.Values.Sum();
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Profile of {name} (20 runs at batch {BatchSizes.Max()}, {total:F1} ms in nodes):"));
        foreach (var (op, ms) in byOperator.OrderByDescending(o => o.Value))
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {op,-24} {ms,9:F1} ms  {ms / total,6:P1}"));
        }
    }

    private const int GemmSize = 1024;
    private const int GemmTrials = 5;

    /// <summary>The best of several short sgemm trials: on a shared machine the best trial is the closest to the hardware's rate.</summary>
    private static double TorchGemmGflops(TimeSpan budget)
    {
        using var a = randn(GemmSize, GemmSize);
        using var b = randn(GemmSize, GemmSize);
        var best = Enumerable.Range(0, GemmTrials).Max(_ => Throughput.RowsPerSecond(_ => { using var c = a.mm(b); }, 1, budget / GemmTrials));
        return best * 2.0 * GemmSize * GemmSize * GemmSize / 1e9;
    }

    /// <summary>The same product through ONNX Runtime's MatMul kernel, which the scored graphs use.</summary>
    private static double OnnxGemmGflops(SessionOptions options, TimeSpan budget)
    {
        using var session = new InferenceSession(GemmProbeModel.Build(GemmSize), options);
        var values = RandomInputs(GemmSize, GemmSize);
        using var input = OrtValue.CreateTensorValueFromMemory(values, [GemmSize, GemmSize]);
        var best = Enumerable.Range(0, GemmTrials).Max(_ => Throughput.RowsPerSecond(
            _ => { using var output = session.Run(new RunOptions(), [GraphNames.Input], [input], session.OutputNames); }, GemmSize, budget / GemmTrials));
        return best * 2.0 * GemmSize * GemmSize / 1e9;
    }

    private static float[] RandomInputs(int rowSize, int rows)
    {
        var random = new Random(123);
        var values = new float[rowSize * rows];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
