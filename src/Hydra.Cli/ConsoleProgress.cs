using System.Globalization;
using Hydra.Training.Pipeline;

namespace Hydra.Cli;

/// <summary>
/// A progress bar with rate and ETA per training phase: redrawn in place on a terminal, one line per epoch
/// when the output is redirected (CI logs, files).
/// </summary>
internal sealed class ConsoleProgress(TextWriter output, bool interactive) : IProgress<TrainingProgress>
{
    private const int BarWidth = 24;
    private readonly Lock _gate = new();
    private string? _phase;
    private int _epoch;

    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            var newPhase = value.Phase != _phase;
            if (newPhase && _phase is not null && interactive)
            {
                output.WriteLine();
            }

            var epochEnded = value.SamplesDone == (long)value.Epoch * (value.SamplesTotal / Math.Max(1, value.Epochs));
            if (interactive)
            {
                output.Write("\r" + Format(value));
                if (value.SamplesDone == value.SamplesTotal)
                {
                    output.WriteLine();
                    _phase = null;
                    return;
                }
            }
            else if (epochEnded && value.Epoch != _epoch)
            {
                output.WriteLine(Format(value));
            }

            _phase = value.Phase;
            _epoch = epochEnded ? value.Epoch : _epoch;
            if (value.SamplesDone == value.SamplesTotal)
            {
                _phase = null;
                _epoch = 0;
            }
        }
    }

    internal static string Format(TrainingProgress p)
    {
        var filled = (int)Math.Round(p.Fraction * BarWidth);
        var bar = new string('█', filled) + new string('░', BarWidth - filled);
        var eta = p.Remaining is { } r ? r.ToString(@"m\:ss", CultureInfo.InvariantCulture) : "?";
        return string.Create(CultureInfo.InvariantCulture,
            $"{p.Phase,-16} epoch {p.Epoch,3}/{p.Epochs,-3} {bar} {p.Fraction,4:P0} {p.SamplesPerSecond,9:N0} samples/s  ETA {eta,5}  loss {p.Loss:F4}");
    }
}
