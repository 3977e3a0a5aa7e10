namespace Hydra.Onnx;

/// <summary>
/// A checkpoint that cannot be exported: unreadable or inconsistent, an architecture the exporter cannot build,
/// or a graph whose outputs differ from the trainer's. Nothing is written when it is thrown.
/// </summary>
public sealed class OnnxExportException : Exception
{
    public OnnxExportException() { }

    public OnnxExportException(string message)
        : base(message) { }

    public OnnxExportException(string message, Exception innerException)
        : base(message, innerException) { }
}
