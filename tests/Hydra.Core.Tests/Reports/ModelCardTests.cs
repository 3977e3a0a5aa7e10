using System.Text.Json.Nodes;
using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Core.Models;

namespace Hydra.Core.Tests.Reports;

public class ModelCardTests
{
    [Fact]
    public void ToJson_Card_UsesSnakeCaseAndEnumNamesAndRoundTrips()
    {
        var card = new ModelCard
        {
            Kind = ModelKind.Hydra,
            Task = ModelTask.Classification,
            Dataset = "fashion-mnist",
            Architecture = ArchitecturePresets.Mlp(),
            Heads = 5,
            Input = new InputSpec([1, 28, 28], new Normalization(0.286f, 0.353f)),
            Seeds = [0, 1, 2, 3, 4],
            Created = DateTimeOffset.UnixEpoch,
            Weights = new WeightsReference("model.safetensors", "ab"),
        };

        var json = card.ToJson();
        var back = ModelCard.FromJson(json);

        Assert.Contains("\"kind\": \"hydra\"", json, StringComparison.Ordinal);
        Assert.Contains("\"format_version\": 1", json, StringComparison.Ordinal);
        Assert.Contains("\"sha256\": \"ab\"", json, StringComparison.Ordinal);
        Assert.Equal(json, back.ToJson());
    }

    [Fact]
    public void ToJson_CardWithPhases_WritesEachPhaseWithItsThroughputAndRoundTrips()
    {
        var card = Card() with
        {
            Phases = [new PhaseCost("hydra phase 1", 2, 6000, 1.5), new PhaseCost("kd", 1, 10, 0)],
        };

        var json = card.ToJson();
        var back = ModelCard.FromJson(json);

        Assert.Contains("\"name\": \"hydra phase 1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"samples_per_second\": 4000", json, StringComparison.Ordinal);
        Assert.Contains("\"samples_per_second\": 0", json, StringComparison.Ordinal);
        Assert.Equal(card.Phases, back.Phases);
    }

    [Fact]
    public void FromJson_CardWrittenBeforeTypedPhases_HasNoPhasesAndKeepsItsTrainingSettings()
    {
        var old = JsonNode.Parse(Card().ToJson())!.AsObject();
        old.Remove("phases");
        old["training"] = new JsonObject { ["kd.epochs"] = "2", ["kd.seconds"] = "0.25", ["kd.samples"] = "600" };
        var json = old.ToJsonString();

        var card = ModelCard.FromJson(json);

        Assert.Empty(card.Phases);
        Assert.Equal("0.25", card.Training["kd.seconds"]);
        Assert.Equal(ModelTask.Classification, card.Task);
    }

    [Theory]
    [InlineData(ModelTask.Classification, "classification")]
    [InlineData(ModelTask.Regression, "regression")]
    public void ToJson_Task_IsTheLowerCaseNameEarlierVersionsWroteAsAString(ModelTask task, string written)
    {
        var json = (Card() with { Task = task }).ToJson();

        Assert.Contains($"\"task\": \"{written}\"", json, StringComparison.Ordinal);
        Assert.Equal(task, ModelCard.FromJson(json).Task);
    }

    [Fact]
    public void FromJson_NewerFormat_IsRefusedWithTheVersion()
    {
        var json = """{"format_version": 9}""";

        var error = Assert.Throws<InvalidDataException>(() => ModelCard.FromJson(json, "x/model.json"));

        Assert.Contains("x/model.json", error.Message, StringComparison.Ordinal);
    }

    private static ModelCard Card() => new()
    {
        Kind = ModelKind.Kd,
        Task = ModelTask.Classification,
        Dataset = "spirals",
        Architecture = ArchitecturePresets.ToyMlp(2, 3),
        Heads = 1,
        Input = new InputSpec([2], Normalization.Identity),
        Seeds = [0, 1, 2],
        Created = DateTimeOffset.UnixEpoch,
        Weights = new WeightsReference("model.safetensors", "ab"),
    };
}
