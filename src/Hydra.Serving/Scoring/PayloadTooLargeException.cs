namespace Hydra.Serving.Scoring;

/// <summary>A request body larger than the configured bound.</summary>
public sealed class PayloadTooLargeException : ScoringException
{
    public PayloadTooLargeException(long maxBytes)
        : base("payload-too-large", $"The request body exceeds {maxBytes} bytes.")
    {
        MaxBytes = maxBytes;
    }

    public long MaxBytes { get; }
}
