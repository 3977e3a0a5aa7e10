using System.Text.Json;

namespace Hydra.Functions.Tests;

/// <summary>
/// Reads the functions.metadata the Worker SDK generates at build time: what the Functions host will bind.
/// </summary>
public class FunctionMetadataTests
{
    private static readonly Dictionary<string, JsonElement> Functions = Load();

    [Fact]
    public void Metadata_ListsEveryFunctionOfThePipeline()
    {
        string[] expected =
        [
            "ConvertToOnnx", "DispatchTrainingJob", "GetDataset", "GetModel", "GetTrainingJob", "Health", "Infer",
            "InferVersion", "InferenceModelMetadata", "InferenceModelReady", "InferenceModelVersionMetadata",
            "InferenceModelVersionReady", "InferenceServerMetadata", "ListDatasets", "ListModels",
            "ListTrainingJobs", "ModelStats", "PutDatasetDescription", "Score", "ScoreBatch", "SubmitTrainingJob",
        ];

        Assert.Equal(expected, Functions.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Health", "get", "health", "Anonymous")]
    [InlineData("SubmitTrainingJob", "post", "training-jobs", "Function")]
    [InlineData("GetTrainingJob", "get", "training-jobs/{jobId}", "Function")]
    [InlineData("ListTrainingJobs", "get", "training-jobs", "Function")]
    [InlineData("ListDatasets", "get", "datasets", "Function")]
    [InlineData("GetDataset", "get", "datasets/{name}", "Function")]
    [InlineData("PutDatasetDescription", "put", "datasets/{name}/dataset.json", "Function")]
    [InlineData("ListModels", "get", "models", "Function")]
    [InlineData("GetModel", "get", "models/{modelId}", "Function")]
    [InlineData("Score", "post", "models/{modelId}/score", "Function")]
    [InlineData("ModelStats", "get", "models/{modelId}/stats", "Function")]
    [InlineData("Infer", "post", "v2/models/{modelId}/infer", "Function")]
    [InlineData("InferenceModelMetadata", "get", "v2/models/{modelId}", "Function")]
    [InlineData("InferenceModelReady", "get", "v2/models/{modelId}/ready", "Function")]
    [InlineData("InferenceServerMetadata", "get", "v2", "Function")]
    [InlineData("InferenceModelVersionMetadata", "get", "v2/models/{modelId}/versions/{version}", "Function")]
    [InlineData("InferenceModelVersionReady", "get", "v2/models/{modelId}/versions/{version}/ready", "Function")]
    [InlineData("InferVersion", "post", "v2/models/{modelId}/versions/{version}/infer", "Function")]
    public void HttpFunction_HasItsRouteMethodAndKeyRequirement(string name, string method, string route,
        string authLevel)
    {
        var trigger = Trigger(name);

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString());
    }

    [Fact]
    public void DispatchTrainingJob_IsTriggeredByTheRequestQueueOnHydraStorage()
    {
        var trigger = Trigger("DispatchTrainingJob");

        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("training-requests", trigger.GetProperty("queueName").GetString());
        Assert.Equal("HydraStorage", trigger.GetProperty("connection").GetString());
    }

    [Theory]
    [InlineData("ConvertToOnnx", "checkpoints/{jobId}/{kind}/model.json")]
    [InlineData("ScoreBatch", "scoring-input/{modelId}/{name}")]
    public void BlobFunction_WatchesItsPathThroughEventGridOnHydraStorage(string name, string path)
    {
        var trigger = Trigger(name);

        Assert.Equal("blobTrigger", trigger.GetProperty("type").GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(path, trigger.GetProperty("path").GetString());
        Assert.Equal("HydraStorage", trigger.GetProperty("connection").GetString());
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
    }

    private static JsonElement Trigger(string function) =>
        Functions[function].GetProperty("bindings").EnumerateArray().Single(b
            => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase));

    private static Dictionary<string, JsonElement> Load()
    {
        var path = Path.Combine(RepositoryPaths.FunctionsOutput, "functions.metadata");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f
            => f.Clone());
    }
}
