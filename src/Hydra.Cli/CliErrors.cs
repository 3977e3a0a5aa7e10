using System.CommandLine;
using Hydra.Azure.Configuration;
using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Onnx;
using Hydra.Serving.Scoring;
using Hydra.Training.Pipeline;
using Microsoft.Extensions.Options;

namespace Hydra.Cli;

/// <summary>Maps the domain's typed errors to one clear line on stderr and an exit code; unexpected errors keep their stack.</summary>
internal static class CliErrors
{
    public const int UsageError = 2;
    public const int Cancelled = 130;

    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,

                // SIGTERM / Ctrl+C cancel the command's token; a worker then releases its unit, which takes seconds.
                ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
            });
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Cancelled. Finished checkpoints are kept; run again with the same --output to resume.");
            return Cancelled;
        }
        catch (Exception ex) when (ex is ArchitectureValidationException or DatasetFormatException or CheckpointException
            or FileNotFoundException or DirectoryNotFoundException or ArgumentException or InvalidDataException or OnnxExportException
            or ScoringException or NotSupportedException or HydraSettingException or TrainingDivergedException
            or OptionsValidationException)
        {
            var message = ex is ArgumentException { ParamName: { } name } ? ex.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : ex.Message;
            await Console.Error.WriteLineAsync($"error: {message}");
            return UsageError;
        }
    }
}
