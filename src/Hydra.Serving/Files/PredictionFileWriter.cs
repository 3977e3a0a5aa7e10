using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hydra.Serving.Http;

namespace Hydra.Serving.Files;

/// <summary>Writes scored rows as the simple API's JSON, or as CSV with one column per value.</summary>
public static class PredictionFileWriter
{
    public static string ToJson(ScoreResponse response) =>
        JsonSerializer.Serialize(response, Hydra.Core.HydraJson.Options);

    /// <summary>The response with each prediction's input named first ("file": "cat/1.png"), for scored files.
    /// </summary>
    public static string ToJson(ScoreResponse response, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var json = JsonSerializer.SerializeToNode(response, Hydra.Core.HydraJson.Options)!.AsObject();
        var predictions = json["predictions"]!.AsArray();
        for (var i = 0; i < predictions.Count; i++)
        {
            var named = new JsonObject { ["file"] = names[i] };
            foreach (var (key, value) in predictions[i]!.AsObject().ToList())
            {
                predictions[i]!.AsObject().Remove(key);
                named[key] = value;
            }

            predictions[i] = named;
        }

        return json.ToJsonString(Hydra.Core.HydraJson.Options);
    }

    /// <summary>The CSV of <see cref="ToCsv(ScoreResponse, IReadOnlyList{string}?)"/> with a first column "file".
    /// </summary>
    public static string ToCsv(ScoreResponse response, IReadOnlyList<string>? classes, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var lines = ToCsv(response, classes).Split('\n');
        var builder = new StringBuilder();
        builder.Append("file,").Append(lines[0]).Append('\n');
        for (var i = 1; i < lines.Length && lines[i].Length > 0; i++)
        {
            builder.Append(Quote(names[i - 1])).Append(',').Append(lines[i]).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>
    /// Classification: label, label_index, p_{class}…, total, aleatoric, epistemic[, epistemic_quantile,
    /// out_of_distribution][, head{m}_{class}…]. Regression (rows with a mean): mean, total, aleatoric, epistemic[,
    /// epistemic_quantile, out_of_distribution][, head{m}_mean, head{m}_variance…]. The calibrated columns come with a
    /// calibrated model.
    /// </summary>
    public static string ToCsv(ScoreResponse response, IReadOnlyList<string>? classes)
    {
        ArgumentNullException.ThrowIfNull(response);
        var first = response.Predictions.Count > 0 ? response.Predictions[0] : null;
        if (first?.Mean is not null)
        {
            return RegressionCsv(response, first.Heads?.Length ?? 0);
        }

        var classCount = first?.Probabilities?.Length ?? 0;
        var names = Enumerable.Range(0, classCount).Select(c => classes is not null
            && c < classes.Count ? classes[c] : c.ToString(CultureInfo.InvariantCulture)).ToList();
        var builder = new StringBuilder();
        var header = new List<string> { "label", "label_index" };
        header.AddRange(names.Select(n => $"p_{n}"));
        header.AddRange(["total", "aleatoric", "epistemic"]);
        var calibrated = first?.EpistemicQuantile is not null;
        header.AddRange(calibrated ? CalibratedHeader : []);
        var heads = first?.Heads?.Length ?? 0;
        for (var m = 0; m < heads; m++)
        {
            header.AddRange(names.Select(n => $"head{m}_{n}"));
        }

        builder.AppendJoin(',', header.Select(Quote)).Append('\n');
        foreach (var p in response.Predictions)
        {
            var fields = new List<string> { Quote(p.Label ?? ""), Number(p.LabelIndex ?? -1) };
            fields.AddRange((p.Probabilities ?? []).Select(v => Number(v)));
            fields.AddRange([Number(p.Total), Number(p.Aleatoric), Number(p.Epistemic)]);
            fields.AddRange(calibrated ? Calibrated(p) : []);
            fields.AddRange((p.Heads ?? []).SelectMany(h => h).Select(v => Number(v)));
            builder.AppendJoin(',', fields).Append('\n');
        }

        return builder.ToString();
    }

    private static string RegressionCsv(ScoreResponse response, int heads)
    {
        var builder = new StringBuilder();
        var header = new List<string> { "mean", "total", "aleatoric", "epistemic" };
        var calibrated = response.Predictions.Count > 0 && response.Predictions[0].EpistemicQuantile is not null;
        header.AddRange(calibrated ? CalibratedHeader : []);
        for (var m = 0; m < heads; m++)
        {
            header.AddRange([$"head{m}_mean", $"head{m}_variance"]);
        }

        builder.AppendJoin(',', header).Append('\n');
        foreach (var p in response.Predictions)
        {
            var fields = new List<string> { Number(p.Mean ?? float.NaN), Number(p.Total), Number(p.Aleatoric),
                Number(p.Epistemic) };
            fields.AddRange(calibrated ? Calibrated(p) : []);
            fields.AddRange((p.Heads ?? []).SelectMany(h => h).Select(v => Number(v)));
            builder.AppendJoin(',', fields).Append('\n');
        }

        return builder.ToString();
    }

    private static readonly string[] CalibratedHeader = ["epistemic_quantile", "out_of_distribution"];

    private static string[] Calibrated(RowPrediction p) =>
        [Number(p.EpistemicQuantile ?? float.NaN), p.OutOfDistribution == true ? "true" : "false"];

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string text) =>
        text.Contains(',', StringComparison.Ordinal) || text.Contains('"',
            StringComparison.Ordinal) ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
}
