namespace Hydra.Azure.Configuration;

/// <summary>A setting the Azure adapters need is missing or unusable; <see cref="Setting"/> names it as configuration spells it.</summary>
public sealed class HydraSettingException : Exception
{
    public HydraSettingException()
    {
    }

    public HydraSettingException(string message) : base(message)
    {
    }

    public HydraSettingException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public HydraSettingException(string setting, string message, Exception? innerException = null) : base(message, innerException)
    {
        Setting = setting;
    }

    /// <summary>The configuration key ("HydraStorage:blobServiceUri"); as an environment variable ':' is written '__'.</summary>
    public string? Setting { get; }
}
