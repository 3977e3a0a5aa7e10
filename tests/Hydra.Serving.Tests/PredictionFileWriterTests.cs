using System.Text.Json;
using Hydra.Serving.Files;
using Hydra.Serving.Http;

namespace Hydra.Serving.Tests;

/// <summary>Predictions for scored files name each file first, in JSON and in CSV.</summary>
public sealed class PredictionFileWriterTests
{
    private static readonly ScoreResponse Response = new("m", "v1",
    [
        new RowPrediction { Label = "day", LabelIndex = 0, Probabilities = [0.75f, 0.25f], Total = 0.5f,
            Aleatoric = 0.4f, Epistemic = 0.1f },
        new RowPrediction { Label = "night", LabelIndex = 1, Probabilities = [0.125f, 0.875f], Total = 0.3f,
            Aleatoric = 0.25f, Epistemic = 0.05f },
    ]);

    [Fact]
    public void ToJson_WithNames_PutsEachFileFirstInItsPrediction()
    {
        var json = PredictionFileWriter.ToJson(Response, ["a.png", "sub/b,c.png"]);

        using var document = JsonDocument.Parse(json);
        var predictions = document.RootElement.GetProperty("predictions");
        Assert.Equal(2, predictions.GetArrayLength());
        Assert.Equal("file", predictions[0].EnumerateObject().First().Name);
        Assert.Equal("sub/b,c.png", predictions[1].GetProperty("file").GetString());
        Assert.Equal("night", predictions[1].GetProperty("label").GetString());
        Assert.Equal("m", document.RootElement.GetProperty("model_id").GetString());
    }

    [Fact]
    public void ToCsv_WithNames_AddsAQuotedFileColumn()
    {
        var csv = PredictionFileWriter.ToCsv(Response, ["day", "night"], ["a.png", "sub/b,c.png"]);

        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal("file,label,label_index,p_day,p_night,total,aleatoric,epistemic", lines[0]);
        Assert.Equal("a.png,day,0,0.75,0.25,0.5,0.4,0.1", lines[1]);
        Assert.Equal("\"sub/b,c.png\",night,1,0.125,0.875,0.3,0.25,0.05", lines[2]);
    }
}
