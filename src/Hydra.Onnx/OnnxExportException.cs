using Hydra.Core.Errors;

namespace Hydra.Onnx;

/// <summary>
/// A checkpoint that cannot be exported: unreadable or inconsistent, an architecture the exporter cannot build,
/// or a graph whose outputs differ from the trainer's. Nothing is written when it is thrown. Each of these is
/// decided by the checkpoint's bytes, so another try fails the same way: <see cref="ErrorKind.InvalidInput"/>.
/// </summary>
public sealed class OnnxExportException : HydraException
{
    public const string ErrorCode = "export-failed";

    public OnnxExportException()
        : this("The checkpoint cannot be exported.") { }

    public OnnxExportException(string message)
        : base(ErrorCode, ErrorKind.InvalidInput, message) { }

    public OnnxExportException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.InvalidInput, message, innerException) { }
}
