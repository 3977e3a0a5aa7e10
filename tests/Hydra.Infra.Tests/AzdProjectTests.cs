using YamlDotNet.RepresentationModel;

namespace Hydra.Infra.Tests;

public sealed class AzdProjectTests
{
    private static readonly YamlMappingNode AzureYaml = LoadAzureYaml();

    [Fact]
    public void Services_Tags_MatchTheResourcesAzdDeploysTo()
    {
        var site = CompiledTemplate.Root.Module("functionapp").ResourcesOfType("Microsoft.Web/sites").Single();
        var job = CompiledTemplate.Root.Module("trainer").ResourcesOfType("Microsoft.App/jobs").Single();

        Assert.Equal(["api", "trainer"], Mapping("services").Children.Keys.Select(k
            => k.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal("[union(parameters('tags'), createObject('azd-service-name', 'api'))]",
            site.GetProperty("tags").GetString());
        Assert.Equal("[union(parameters('tags'), createObject('azd-service-name', 'trainer'))]",
            job.GetProperty("tags").GetString());
        Assert.Equal("function", Scalar("services", "api", "host"));
        Assert.Equal("dotnet", Scalar("services", "api", "language"));
        Assert.Equal("src/Hydra.Functions", Scalar("services", "api", "project"));
        Assert.Equal("containerapp", Scalar("services", "trainer", "host"));
        Assert.Equal("infra", Scalar("infra", "path"));
        Assert.Equal("main", Scalar("infra", "module"));
    }

    [Fact]
    public void Trainer_Docker_BuildsTheDockerfileRemotelyWithTheProvisionedDevice()
    {
        var buildArgs = ((YamlSequenceNode)Mapping("services", "trainer",
            "docker").Children[new YamlScalarNode("buildArgs")])
            .Select(n => n.ToString()).ToArray();

        Assert.Equal("docker/trainer.Dockerfile", Scalar("services", "trainer", "docker", "path"));
        Assert.True(File.Exists(RepoFiles.Path(Scalar("services", "trainer", "docker", "path"))));
        Assert.Equal("true", Scalar("services", "trainer", "docker", "remoteBuild"));
        Assert.Equal(["TORCH_DEVICE=${HYDRA_TORCH_DEVICE}"], buildArgs);
        Assert.True(CompiledTemplate.Root.Template.GetProperty("outputs").TryGetProperty("HYDRA_TORCH_DEVICE", out _));
    }

    [Fact]
    public void PostdeployHook_Script_DeploysTheBlobEventsModuleWithItsParametersAndOutputs()
    {
        var run = Scalar("hooks", "postdeploy", "posix", "run");
        var script = RepoFiles.Read(run);
        var declared = CompiledTemplate.Root.Module("blob-events").Template.GetProperty("parameters").EnumerateObject()
            .Select(p => p.Name);

        Assert.Equal("scripts/azure/subscribe-blob-events.sh", run);
        Assert.Contains("infra/modules/blob-events.bicep", script, StringComparison.Ordinal);
        Assert.All(declared, name => Assert.Contains($"{name}=\"$", script, StringComparison.Ordinal));
        Assert.All(
            new[] { "AZURE_RESOURCE_GROUP", "AZURE_FUNCTION_APP_NAME", "FUNCTION_APP_URL",
                "EVENT_GRID_SYSTEM_TOPIC_NAME" },
            output => Assert.True(CompiledTemplate.Root.Template.GetProperty("outputs").TryGetProperty(output, out _),
                output));
    }

    private static YamlMappingNode LoadAzureYaml()
    {
        var stream = new YamlStream();
        using var reader = new StringReader(RepoFiles.Read("azure.yaml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Mapping(params string[] path) =>
        path.Aggregate(AzureYaml, (node, key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)]);

    private static string Scalar(params string[] path) =>
        Mapping(path[..^1]).Children[new YamlScalarNode(path[^1])].ToString();
}
