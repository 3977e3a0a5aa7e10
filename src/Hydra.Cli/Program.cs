using System.CommandLine;
using Hydra.Cli.Commands;

namespace Hydra.Cli;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var root = new RootCommand(
            "hydra: train deep ensembles, distil them into Hydra (one body, M heads) and measure the uncertainty "
                + "that survives.")
        {
            RunCommand.Create(),
            DistillCommand.Create(),
            ExportCommand.Create(),
            ScoreCommand.Create(),
            ServeCommand.Create(),
            BenchCommand.Create(),
            WorkerCommand.Create(),
            DataCommand.Create(),
        };
        return await CliErrors.InvokeAsync(root, args);
    }
}
