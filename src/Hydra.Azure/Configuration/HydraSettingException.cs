using Hydra.Core.Errors;

namespace Hydra.Azure.Configuration;

/// <summary>
/// A setting the Azure adapters need is missing or unusable; <see cref="Setting"/> names it as configuration spells it.
/// The deployment, not the request, is at fault, and it works once the setting is fixed:
/// <see cref="ErrorKind.InvalidInput"/>.
/// </summary>
public sealed class HydraSettingException : HydraException
{
    public const string ErrorCode = "invalid-setting";

    public HydraSettingException()
        : this("A required setting is missing or unusable.")
    {
    }

    public HydraSettingException(string message) : base(ErrorCode, ErrorKind.InvalidInput, message)
    {
    }

    public HydraSettingException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.InvalidInput, message, innerException)
    {
    }

    public HydraSettingException(string setting, string message, Exception? innerException = null)
        : base(ErrorCode, ErrorKind.InvalidInput, message, innerException)
    {
        Setting = setting;
    }

    /// <summary>
    /// The configuration key ("HydraStorage:blobServiceUri"); as an environment variable ':' is written '__'.
    /// </summary>
    public string? Setting { get; }
}
