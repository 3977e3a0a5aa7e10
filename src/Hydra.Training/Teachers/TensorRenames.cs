using System.Text.Json;
using System.Text.RegularExpressions;
using Hydra.Core.Architecture;
using Hydra.Core.Errors;

namespace Hydra.Training.Teachers;

/// <summary>
/// How a checkpoint's tensor names map onto this project's member layout (<c>body.{i}.*</c>, <c>heads.0.{i}.*</c>),
/// so a plain PyTorch checkpoint loads without its tensors being renamed by hand. Rules are tried in order and the
/// first that matches a name renames it; a name no rule matches is kept. A rule is one of:
/// <list type="bullet">
/// <item><c>FROM=TO</c>: an exact name, or with one <c>*</c> on each side standing for the same text
/// (<c>features.*=body.*</c>);</item>
/// <item><c>sequential</c>: an <c>nn.Sequential</c> of the whole network, its layers numbered 0, 1, … through the
/// body and on into the head (<c>4.weight</c> is <c>heads.0.0.weight</c> after a body of four layers);</item>
/// <item>the path of a JSON object file mapping names to names.</item>
/// </list>
/// </summary>
public sealed partial class TensorRenames
{
    public const string Sequential = "sequential";

    private readonly List<Func<string, string?>> _rules = [];

    private TensorRenames()
    {
    }

    public static TensorRenames None { get; } = new();

    public bool IsEmpty => _rules.Count == 0;

    /// <summary>Parses rules as <c>--rename</c> gives them, for an architecture of <paramref name="spec"/>.</summary>
    /// <exception cref="InvalidRequestException">A rule is malformed, or its file is not a JSON map.</exception>
    public static TensorRenames Parse(IEnumerable<string> rules, ArchitectureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(spec);
        var renames = new TensorRenames();
        foreach (var rule in rules)
        {
            renames._rules.Add(rule switch
            {
                Sequential => SequentialRule(spec.Body.Count),
                _ when File.Exists(rule) => MapRule(ReadMap(rule)),
                _ when rule.Split('=') is [{ Length: > 0 } from, { Length: > 0 } to] => PairRule(rule, from, to),
                _ => throw new InvalidRequestException($"--rename {rule}: give FROM=TO, '{Sequential}', or the path "
                    + "of a JSON map file."),
            });
        }

        return renames;
    }

    /// <summary>The name a checkpoint tensor has in the member layout.</summary>
    public string Apply(string name)
    {
        foreach (var rule in _rules)
        {
            if (rule(name) is { } renamed)
            {
                return renamed;
            }
        }

        return name;
    }

    private static Func<string, string?> SequentialRule(int bodyLayers) => name =>
    {
        var match = LeadingIndex().Match(name);
        if (!match.Success)
        {
            return null;
        }

        var index = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var rest = match.Groups[2].Value;
        return index < bodyLayers ? $"body.{index}.{rest}" : $"heads.0.{index - bodyLayers}.{rest}";
    };

    private static Func<string, string?> PairRule(string rule, string from, string to)
    {
        var stars = (from.Count(c => c == '*'), to.Count(c => c == '*'));
        if (stars is (0, 0))
        {
            return name => name == from ? to : null;
        }

        if (stars is not (1, 1))
        {
            throw new InvalidRequestException($"--rename {rule}: a pattern has one '*' on each side.");
        }

        var pattern = new Regex("^" + Regex.Escape(from).Replace("\\*", "(.*)", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return name => pattern.Match(name) is { Success: true } m
            ? to.Replace("*", m.Groups[1].Value, StringComparison.Ordinal)
            : null;
    }

    private static Func<string, string?> MapRule(Dictionary<string, string> map) =>
        name => map.GetValueOrDefault(name);

    private static Dictionary<string, string> ReadMap(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))
                ?? throw new InvalidRequestException($"--rename {path}: the file holds null, not a JSON map.");
        }
        catch (JsonException ex)
        {
            throw new InvalidRequestException($"--rename {path}: not a JSON map of names to names ({ex.Message}).",
                ex);
        }
    }

    [GeneratedRegex(@"^(\d+)\.(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingIndex();
}
