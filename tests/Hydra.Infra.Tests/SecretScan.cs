using System.Text.RegularExpressions;

namespace Hydra.Infra.Tests;

/// <summary>
/// Finds outputs that could leak a secret: a name or value mentioning a key, secret, password, SAS or connection
/// string, or a value computed with a list* function (listKeys, listSecrets, listAccountSas, ...).
/// </summary>
public static partial class SecretScan
{
    public static IReadOnlyList<string> SecretLikeOutputs(TemplateScope root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return root.SelfAndDescendants
            .Where(s => s.Template.TryGetProperty("outputs", out _))
            .SelectMany(s => s.Template.GetProperty("outputs").EnumerateObject()
                .Where(o => IsSecretLike(o.Name, o.Value.TryGetProperty("value", out var v) ? v.GetRawText() : ""))
                .Select(o => $"{s.Name}.{o.Name}"))
            .ToList();
    }

    public static bool IsSecretLike(string name, string valueText)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(valueText);
        return SecretWord().IsMatch(name) || SecretWord().IsMatch(valueText) || ListFunction().IsMatch(valueText);
    }

    [GeneratedRegex(@"key|secret|password|connectionstring|sharedaccess|\bsas\b|credential", RegexOptions.IgnoreCase)]
    private static partial Regex SecretWord();

    [GeneratedRegex(@"\blist[A-Za-z]*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListFunction();
}
