using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hydra.Infra.Tests;

/// <summary>
/// One ARM template (the compiled main.bicep or a nested module deployment) with the parameter values its caller
/// passed. Resolves the few expression shapes Bicep emits for values that travel between modules — parameters,
/// variables and module outputs — so a test can ask what literal a property finally gets.
/// </summary>
public sealed partial class TemplateScope
{
    private readonly JsonElement? _parameterValues;
    private readonly TemplateScope? _caller;

    public TemplateScope(JsonElement template, JsonElement? parameterValues = null, TemplateScope? caller = null,
        string name = "main")
    {
        Template = template;
        _parameterValues = parameterValues;
        _caller = caller;
        Name = name;
    }

    public string Name { get; }

    public JsonElement Template { get; }

    /// <summary>
    /// The template's resources; language version 2.0 templates keep them in an object keyed by symbolic name.
    /// </summary>
    public IEnumerable<JsonElement> Resources
    {
        get
        {
            var resources = Template.GetProperty("resources");
            return resources.ValueKind == JsonValueKind.Object
                ? resources.EnumerateObject().Select(p => p.Value)
                : resources.EnumerateArray();
        }
    }

    /// <summary>Resources of one type in this template only.</summary>
    public IReadOnlyList<JsonElement> ResourcesOfType(string type) =>
        Resources.Where(r => string.Equals(r.GetProperty("type").GetString(), type,
            StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The nested module deployments of this template, each as its own scope.</summary>
    public IReadOnlyList<TemplateScope> Modules =>
        ResourcesOfType("Microsoft.Resources/deployments")
            .Select(d => new TemplateScope(
                d.GetProperty("properties").GetProperty("template"),
                d.GetProperty("properties").TryGetProperty("parameters", out var values) ? values : null,
                this,
                d.GetProperty("name").GetString() ?? ""))
            .ToList();

    /// <summary>This scope and every module below it.</summary>
    public IEnumerable<TemplateScope> SelfAndDescendants =>
        new[] { this }.Concat(Modules.SelectMany(m => m.SelfAndDescendants));

    public TemplateScope Module(string name) =>
        Modules.SingleOrDefault(m => m.Name == name)
        ?? throw new InvalidOperationException($"Template '{Name}' has no module deployment named '{name}'.");

    /// <summary>
    /// Follows a template string through parameters, variables and module outputs to where it is finally defined:
    /// a literal, or the first expression of another shape (a format(), a reference to a deployed resource), returned
    /// as written. Null when a parameter has neither a value nor a default.
    /// </summary>
    public string? Resolve(string? value)
    {
        if (value is null || !value.StartsWith('[') || value.StartsWith("[[", StringComparison.Ordinal))
        {
            return value;
        }

        var parameter = ParameterPattern().Match(value);
        if (parameter.Success)
        {
            return ResolveParameter(parameter.Groups[1].Value);
        }

        var variable = VariablePattern().Match(value);
        if (variable.Success)
        {
            return Template.TryGetProperty("variables", out var variables)
                && variables.TryGetProperty(variable.Groups[1].Value, out var v) && v.ValueKind == JsonValueKind.String
                ? Resolve(v.GetString())
                : null;
        }

        var output = ModuleOutputPattern().Match(value);
        if (output.Success)
        {
            var module = Module(output.Groups[1].Value);
            return module.Template.GetProperty("outputs").TryGetProperty(output.Groups[2].Value, out var o)
                ? module.Resolve(o.GetProperty("value").GetString())
                : null;
        }

        return value;
    }

    private string? ResolveParameter(string name)
    {
        if (_parameterValues is { } values && values.TryGetProperty(name, out var passed))
        {
            return passed.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String
                ? _caller!.Resolve(v.GetString())
                : null;
        }

        var declared = Template.GetProperty("parameters").GetProperty(name);
        return declared.TryGetProperty("defaultValue", out var d) && d.ValueKind == JsonValueKind.String
            ? Resolve(d.GetString())
            : null;
    }

    [GeneratedRegex(@"^\[parameters\('([^']+)'\)\]$")]
    private static partial Regex ParameterPattern();

    [GeneratedRegex(@"^\[variables\('([^']+)'\)\]$")]
    private static partial Regex VariablePattern();

    // Bicep's module output: reference(<resource id of Microsoft.Resources/deployments '<module>'>,
    // '<api>').outputs.<name>.value
    [GeneratedRegex(@"'Microsoft\.Resources/deployments', '([^']+)'\), '[^']+'\)\.outputs\.([A-Za-z0-9_]+)\.value\]$")]
    private static partial Regex ModuleOutputPattern();
}
