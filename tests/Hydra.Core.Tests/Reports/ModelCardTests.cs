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
    public void FromJson_NewerFormat_IsRefusedWithTheVersion()
    {
        var json = """{"format_version": 9}""";

        var error = Assert.Throws<InvalidDataException>(() => ModelCard.FromJson(json, "x/model.json"));

        Assert.Contains("x/model.json", error.Message, StringComparison.Ordinal);
    }
}
