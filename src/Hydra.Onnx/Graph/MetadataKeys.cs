namespace Hydra.Onnx.Graph;

/// <summary>Keys of the exported model's metadata_props (JSON values where the value is structured).</summary>
public static class MetadataKeys
{
    public const string ModelId = "hydra.model_id";
    public const string Kind = "hydra.kind";
    public const string Task = "hydra.task";
    public const string Heads = "hydra.heads";
    public const string Classes = "hydra.classes";
    public const string InputShape = "hydra.input_shape";
    public const string Normalization = "hydra.normalization";
    public const string FeatureNormalization = "hydra.feature_normalization";
    public const string TargetScaling = "hydra.target_scaling";
    public const string SourceSha256 = "hydra.source_sha256";
    public const string ExporterVersion = "hydra.exporter_version";

    /// <summary>SHA-256 of the manifest's calibration (JSON), when the model has one.</summary>
    public const string CalibrationSha256 = "hydra.calibration_sha256";

    /// <summary>The epistemic uncertainty's quantiles on the reference rows, by level in percent (JSON).</summary>
    public const string EpistemicQuantiles = "hydra.epistemic_quantiles";

    public const string ProducerName = "hydra";
}
