namespace Hydra.Core.Safetensors;

/// <summary>A safetensors file that breaks the format; the message says what is wrong.</summary>
public sealed class SafetensorsFormatException : Exception
{
    public SafetensorsFormatException()
    {
    }

    public SafetensorsFormatException(string message)
        : base(message)
    {
    }

    public SafetensorsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
