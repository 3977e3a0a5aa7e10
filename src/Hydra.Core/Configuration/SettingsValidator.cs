using System.Globalization;
using Microsoft.Extensions.Options;

namespace Hydra.Core.Configuration;

/// <summary>
/// Validates one options class bound from one configuration section. Every failure names the setting as configuration
/// and as an environment variable spell it, the value found and what is allowed ("Hydra:Scoring:MaxRequestBytes (env
/// Hydra__Scoring__MaxRequestBytes) is 0, but must be at least 1."), so the message a host stops with is all a person
/// needs to fix the setting.
/// </summary>
public abstract class SettingsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    protected SettingsValidator(string section)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        Section = section;
    }

    /// <summary>The configuration section the options are bound from ("Hydra:Scoring").</summary>
    public string Section { get; }

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The same check for options built in code rather than bound by a host, failing with the exception a host
    /// throws on start.
    /// </summary>
    /// <exception cref="OptionsValidationException">A value is not allowed; the message lists every such
    /// value.</exception>
    public TOptions ThrowIfInvalid(TOptions options)
    {
        var result = Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), result.Failures);
        }

        return options;
    }

    /// <summary>
    /// The environment variable that sets <paramref name="key"/> in this section ("Hydra__Scoring__MaxBatchRows").
    /// </summary>
    public string EnvironmentVariable(string key) => $"{Section}:{key}".Replace(":", "__", StringComparison.Ordinal);

    /// <summary>One message per value that is not allowed; none when the options are usable.</summary>
    protected abstract IEnumerable<string> Failures(TOptions options);

    /// <param name="allowed">Completes "… but must be": "at least 1", "between 1 second and 7 days".</param>
    protected string Failure(string key, object? value, string allowed) =>
        $"{Section}:{key} (env {EnvironmentVariable(key)}) is {Describe(value)}, but must be {allowed}.";

    private static string Describe(object? value) => value switch
    {
        null => "not set",
        string text => $"'{text}'",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "not set",
    };
}
