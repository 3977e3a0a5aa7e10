namespace Hydra.Core.Calibration;

/// <summary>
/// The rows that calibrate a model's out-of-distribution flag as they travel with a checkpoint: normalised (what the
/// graph takes), row-major, <see cref="Rows"/> rows of <see cref="RowShape"/>. Stored as "calibration.safetensors"
/// (one F32 tensor "inputs" [rows, …row shape]) before the card, which names it with its SHA-256.
/// </summary>
public sealed record CalibrationInputs(float[] Values, int Rows, int[] RowShape)
{
    public const string FileName = "calibration.safetensors";

    public const string TensorName = "inputs";

    public int RowSize => RowShape.Aggregate(1, (a, b) => a * b);
}
