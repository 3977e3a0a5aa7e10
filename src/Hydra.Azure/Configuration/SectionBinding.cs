using Microsoft.Extensions.Configuration;

namespace Hydra.Azure.Configuration;

/// <summary>
/// Binds one section the way a host's <c>BindConfiguration</c> does, for code that runs without a host.
/// </summary>
internal static class SectionBinding
{
    /// <param name="hint">What the values may be, added to the message ("Kind is ServiceBus or StorageQueue").</param>
    /// <exception cref="HydraSettingException">A value cannot be read as its type (a word where a number
    /// belongs).</exception>
    public static T Bind<T>(IConfiguration configuration, string section, string? hint = null)
        where T : new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options);
            return options;
        }
        catch (InvalidOperationException e)
        {
            var allowed = hint is null ? "" : $" ({hint})";
            throw new HydraSettingException(
                section, $"The '{section}' settings cannot be read{allowed}: {e.Message}", e);
        }
    }
}
