using System.Globalization;

namespace Hydra.Core.Data;

/// <summary>
/// Bounds on what reading a user's dataset may cost, so a hostile or broken file fails fast with a clear error instead
/// of exhausting memory: an image's declared size is checked before it is decoded, and compressed content (gzip, the
/// zip inside an .npz) is counted while it is inflated.
/// </summary>
public sealed class DataLimits
{
    /// <summary>The configuration section a host binds these from.</summary>
    public const string SectionName = "Hydra:Data:Limits";

    /// <summary>The largest image file read, in bytes (default 64 MiB).</summary>
    public long MaxImageBytes { get; set; } = 64L << 20;

    /// <summary>
    /// The most pixels (width × height) an image's header may declare (default 2²⁶ ≈ 67 million, e.g. 8192 × 8192):
    /// decoding allocates four bytes a pixel.
    /// </summary>
    public long MaxImagePixels { get; set; } = 1L << 26;

    /// <summary>
    /// The most bytes one compressed file or archive entry may inflate to (default 2 GiB): a decompression bomb stops
    /// here, however small it is on disk.
    /// </summary>
    public long MaxInflatedBytes { get; set; } = int.MaxValue;

    /// <summary>How a host's configuration names a setting here, for messages: "Hydra:Data:Limits:MaxImageBytes".
    /// </summary>
    public static string Setting(string property) => $"{SectionName}:{property}";

    /// <summary>Fails when a setting is not positive, naming it as <see cref="DataLimitsValidator"/> does.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is not positive.
    /// </exception>
    public void Validate() => new DataLimitsValidator().ThrowIfInvalid(this);

    /// <summary>A byte count for messages: "64 MiB", "1.5 GiB", "812 bytes".</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => ((double)bytes / (1L << 30)).ToString("0.#", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => ((double)bytes / (1L << 20)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => ((double)bytes / (1L << 10)).ToString("0.#", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };
}
