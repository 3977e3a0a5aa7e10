using System.Text.Json;

namespace Hydra.Infra.Tests;

/// <summary>
/// The ARM JSON that the build compiled from infra/main.bicep and infra/main.bicepparam (see the CompileBicep target
/// of this project), loaded once per test run.
/// </summary>
public static class CompiledTemplate
{
    private static readonly Lazy<JsonDocument> Main = new(() => Load("main.json"));
    private static readonly Lazy<JsonDocument> Parameters = new(() => Load("main.parameters.json"));

    public static TemplateScope Root => new(Main.Value.RootElement);

    public static JsonElement ParameterValues => Parameters.Value.RootElement.GetProperty("parameters");

    private static JsonDocument Load(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "bicep", fileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Compiled template missing: {path}. Build Hydra.Infra.Tests, which runs bicep build.", path);
        }

        return JsonDocument.Parse(File.ReadAllText(path));
    }
}
