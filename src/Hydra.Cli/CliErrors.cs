using System.CommandLine;
using Hydra.Core.Errors;
using Microsoft.Extensions.Options;

namespace Hydra.Cli;

/// <summary>
/// Turns whatever a command throws into one line on stderr and an exit code, reading only the error's
/// <see cref="ErrorKind"/>: the caller's errors exit 2, other domain errors 1. An unexpected error names its type and
/// says how to see its stack (<see cref="TraceVariable"/>=1), since a stack is noise to anyone but a developer.
/// </summary>
internal static class CliErrors
{
    public const int Failure = 1;
    public const int UsageError = 2;
    public const int Cancelled = 130;

    /// <summary>Set to 1 to print an unexpected error's stack after its line.</summary>
    public const string TraceVariable = "HYDRA_TRACE";

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
            await Console.Error.WriteLineAsync(
                "Cancelled. Finished checkpoints are kept; run again with the same --output to resume.");
            return Cancelled;
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync(Describe(ex, Environment.GetEnvironmentVariable(TraceVariable) == "1"));
            return ExitCodeOf(ex);
        }
    }

    /// <summary>
    /// 2 for the caller's errors (<see cref="ErrorKinds.IsCallerError"/>, and a setting a host refused at start), 1 for
    /// everything else.
    /// </summary>
    public static int ExitCodeOf(Exception error) =>
        error is OptionsValidationException || IsUnreadableSetting(error)
        || (error is HydraException && ErrorKinds.IsCallerError(ErrorKinds.Of(error)))
            ? UsageError
            : Failure;

    /// <summary>
    /// "error: message" for a domain error; for anything else "error: Type: message" and a hint, or with
    /// <paramref name="trace"/> the full exception with its stack on the lines after.
    /// </summary>
    public static string Describe(Exception error, bool trace)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error is HydraException)
        {
            return $"error: {OneLine(error.Message)}";
        }

        if (error is OptionsValidationException settings)
        {
            // A host refused a setting at start; each failure names the setting and what is allowed.
            return $"error: {OneLine(string.Join(" ", settings.Failures))}";
        }

        if (IsUnreadableSetting(error))
        {
            // The configuration binder names the key, the value and the type it wanted.
            return $"error: {OneLine(error.Message)} Fix the setting or leave it unset.";
        }

        var line = $"error: {error.GetType().Name}: {OneLine(error.Message)}";
        return trace
            ? $"{line}{Environment.NewLine}{error}"
            : $"{line} (this is a bug or an environment problem; set {TraceVariable}=1 to print the stack)";
    }

    /// <summary>
    /// A value a host could not bind at start ("often" for a number of seconds). The binder throws a plain
    /// <see cref="InvalidOperationException"/>, so its message is the only mark; this is the one place that reads it.
    /// </summary>
    private static bool IsUnreadableSetting(Exception error) => error is InvalidOperationException
        && error.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal);

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'],
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
