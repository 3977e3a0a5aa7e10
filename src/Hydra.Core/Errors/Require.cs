using System.Globalization;

namespace Hydra.Core.Errors;

/// <summary>
/// Checks on values a person chose (command-line options, job and training options). Each failure is an
/// <see cref="InvalidRequestException"/> whose message names the option as the person wrote it, the bound and the
/// value,
/// e.g. "--members must be at least 1 (got 0)." Guards against programmer bugs stay ArgumentException.
/// </summary>
public static class Require
{
    public static void AtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw Invalid($"{name} must be at least {minimum} (got {value}).");
        }
    }

    public static void AtMost(int value, int maximum, string name)
    {
        if (value > maximum)
        {
            throw Invalid($"{name} must be at most {maximum} (got {value}).");
        }
    }

    public static void NotNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw Invalid($"{name} must be a finite number of at least 0 (got {value}).");
        }
    }

    public static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw Invalid($"{name} must be a finite number above 0 (got {value}).");
        }
    }

    public static void Between(double value, double minimum, double maximum, string name)
    {
        if (!(value >= minimum && value <= maximum))
        {
            throw Invalid($"{name} must lie in [{minimum}, {maximum}] (got {value}).");
        }
    }

    private static InvalidRequestException Invalid(FormattableString message) =>
        new(message.ToString(CultureInfo.InvariantCulture));
}
