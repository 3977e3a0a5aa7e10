using Hydra.Core.Configuration;

namespace Hydra.Serving.Scoring;

/// <summary>What each <see cref="ScoringOptions"/> value may be.</summary>
public sealed class ScoringOptionsValidator() : SettingsValidator<ScoringOptions>(ScoringOptions.SectionName)
{
    protected override IEnumerable<string> Failures(ScoringOptions options)
    {
        if (options.MaxBatchRows < 1)
        {
            yield return Failure(nameof(options.MaxBatchRows), options.MaxBatchRows, "at least 1 (rows per request)");
        }

        if (options.MaxRequestBytes < 1)
        {
            yield return Failure(nameof(options.MaxRequestBytes), options.MaxRequestBytes,
                "at least 1 (bytes per request body)");
        }

        if (options.CacheCapacity < 1)
        {
            yield return Failure(nameof(options.CacheCapacity), options.CacheCapacity,
                "at least 1 (models kept loaded)");
        }

        if (options.ManifestRecheckInterval < TimeSpan.Zero)
        {
            yield return Failure(nameof(options.ManifestRecheckInterval), options.ManifestRecheckInterval,
                "zero or more (hh:mm:ss)");
        }

        if (!Hydra.Core.Calibration.ModelCalibration.IsValidLevel(options.OodQuantile))
        {
            yield return Failure(nameof(options.OodQuantile), options.OodQuantile,
                "a fraction strictly between 0 and 1 (0.99: above 99 % of the reference rows)");
        }

        if (options.StatsWindow <= TimeSpan.Zero)
        {
            yield return Failure(nameof(options.StatsWindow), options.StatsWindow, "above zero (hh:mm:ss)");
        }

        if (!(options.OodWarnShare > 0 && options.OodWarnShare <= 1))
        {
            yield return Failure(nameof(options.OodWarnShare), options.OodWarnShare,
                "a share above 0 and at most 1 (0.05: warn when over 5 % of rows are out of distribution)");
        }

        if (options.IntraOpThreads < 0)
        {
            yield return Failure(nameof(options.IntraOpThreads), options.IntraOpThreads,
                "zero (ONNX Runtime's default) or more");
        }
    }
}
