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

        if (options.IntraOpThreads < 0)
        {
            yield return Failure(nameof(options.IntraOpThreads), options.IntraOpThreads,
                "zero (ONNX Runtime's default) or more");
        }
    }
}
