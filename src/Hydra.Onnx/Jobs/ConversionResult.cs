namespace Hydra.Onnx.Jobs;

public enum ConversionResult
{
    /// <summary>A new ONNX model and manifest were written.</summary>
    Converted,

    /// <summary>The served model already comes from these exact weights (a replayed event): nothing written.</summary>
    AlreadyCurrent,

    /// <summary>Not a checkpoint that becomes a served model (members, KD, or a path that is not a job's).</summary>
    Ignored,

    /// <summary>
    /// The checkpoint could not be read, built or verified; nothing written, the reason is on the job.
    /// </summary>
    Failed,
}
