using System.Globalization;
using Hydra.Training.Pipeline;

namespace Hydra.Cli;

/// <summary>
/// A progress bar with rate and ETA per training phase: redrawn in place on a terminal; on redirected output
/// (CI logs, files) one line at each quarter of a phase, so logs stay short.
/// </summary>
internal sealed class ConsoleProgress(TextWriter output, bool interactive) : IProgress<TrainingProgress>
{
    private const int BarWidth = 24;
    private const int LogLinesPerPhase = 4;
    private readonly Lock _gate = new();
    private string? _phase;
    private int _lastStep = -1;

    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            if (value.Phase != _phase)
            {
                _phase = value.Phase;
                _lastStep = -1;
            }

            var finished = value.SamplesDone >= value.SamplesTotal;
            if (interactive)
            {
                output.Write("\r" + Format(value));
                if (finished)
                {
                    output.WriteLine();
                }

                return;
            }

            var step = (int)Math.Floor(value.Fraction * LogLinesPerPhase);
            if (step > _lastStep && step > 0)
            {
                _lastStep = step;
                output.WriteLine(Format(value));
            }
        }
    }

    internal static string Format(TrainingProgress p)
    {
        var filled = (int)Math.Round(Math.Clamp(p.Fraction, 0, 1) * BarWidth);
        var bar = new string('█', filled) + new string('░', BarWidth - filled);
        var eta = p.Remaining is { } r ? r.ToString(@"m\:ss", CultureInfo.InvariantCulture) : "?";
        return string.Create(CultureInfo.InvariantCulture,
            $"{p.Phase,-16} epoch {p.Epoch,3}/{p.Epochs,-3} {bar} {p.Fraction,4:P0} {p.SamplesPerSecond,9:N0} "
                + $"samples/s  ETA {eta,5}  loss {p.Loss:F4}");
    }
}
