namespace Hydra.Serving.Scoring;

/// <summary>
/// How the Open Inference Protocol's versioned routes name a model's version: its ONNX SHA-256 in hex, or a prefix of
/// it
/// (as short as a Git commit's), in either case. Only the served version answers; an older one is gone.
/// </summary>
public static class ModelVersions
{
    public const int MinPrefixLength = 7;

    /// <summary>True when <paramref name="version"/> names the served version.</summary>
    public static bool Names(ModelVersion served, string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version.Length >= MinPrefixLength
            && served.OnnxSha256.StartsWith(version, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Passes when no version is asked for or the asked one is served.</summary>
    /// <exception cref="ModelVersionNotFoundException">The version is not the one served.</exception>
    public static void Require(ScoringModel model, string? version)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (version is not null && !Names(model.Version, version))
        {
            throw new ModelVersionNotFoundException(model.Name, version, model.Version.OnnxSha256);
        }
    }
}
