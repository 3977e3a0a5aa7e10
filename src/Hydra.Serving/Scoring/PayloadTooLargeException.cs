using Hydra.Core.Errors;

namespace Hydra.Serving.Scoring;

/// <summary>A request body larger than the configured bound.</summary>
public sealed class PayloadTooLargeException : ScoringException
{
    public const string ErrorCode = "payload-too-large";

    public PayloadTooLargeException(long maxBytes)
        : base(ErrorCode, ErrorKind.TooLarge, $"The request body exceeds {maxBytes} bytes.")
    {
        MaxBytes = maxBytes;
    }

    public long MaxBytes { get; }

    public override IReadOnlyDictionary<string, object?> Details =>
        new Dictionary<string, object?> { ["max_bytes"] = MaxBytes };
}
