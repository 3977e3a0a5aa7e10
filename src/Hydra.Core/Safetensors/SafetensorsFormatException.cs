using Hydra.Core.Errors;

namespace Hydra.Core.Safetensors;

/// <summary>A safetensors file that breaks the format; the message says what is wrong.</summary>
public sealed class SafetensorsFormatException : HydraException
{
    public const string ErrorCode = "invalid-safetensors";

    public SafetensorsFormatException()
        : this("The file is not valid safetensors.")
    {
    }

    public SafetensorsFormatException(string message)
        : base(ErrorCode, ErrorKind.InvalidInput, message)
    {
    }

    public SafetensorsFormatException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.InvalidInput, message, innerException)
    {
    }
}
