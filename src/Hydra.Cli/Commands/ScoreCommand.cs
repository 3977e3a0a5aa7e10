using System.CommandLine;
using System.Text;
using Hydra.Core.Data;
using Hydra.Serving.Files;
using Hydra.Serving.Scoring;

namespace Hydra.Cli.Commands;

/// <summary>
/// <c>hydra score</c>: scores a file of raw rows, or images, with one exported model, without a server.
/// </summary>
internal static class ScoreCommand
{
    private static readonly Option<string> Model = new("--model", "-m")
    { Description = "An exported model folder (model.onnx + manifest.json).", Required = true };
    private static readonly Option<string> Input = new("--input", "-i")
    {
        Description = "Raw rows: .csv (header optional), .npy (float32/float64, [N, …]) or .json ({\"rows\": …}); "
            + "or, for an image model, a PNG/JPEG image or a folder of them (each prediction names its file).",
        Required = true
    };
    private static readonly Option<string?> Output = new("--output",
        "-o")
    { Description = "Write .json or .csv here (default: JSON on stdout)." };
    private static readonly Option<bool> Heads = new("--heads")
    { Description = "Include per-head probabilities (regression: per-head mean and variance)." };

    private static readonly Option<double?> OodQuantile = new("--ood-quantile")
    {
        Description = "A calibrated model flags a row out_of_distribution above this quantile of its reference rows' "
            + "epistemic uncertainty (default 0.99).",
    };

    public static Command Create()
    {
        var command = new Command("score",
            "Score raw rows from a file with an exported model: label and probabilities (classification) or mean "
                + "(regression), with total/aleatoric/epistemic uncertainty.");
        foreach (var option in new Option[] { Model, Input, Output, Heads, OodQuantile })
        {
            command.Options.Add(option);
        }

        command.SetAction(ExecuteAsync);
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var options = new ScoringOptions();
        using var model = await ScoringModel.LoadFolderAsync(parse.GetValue(Model)!, options, cancellationToken);
        var input = parse.GetValue(Input)!;
        IReadOnlyList<float[]> rows;
        IReadOnlyList<string>? names = null;
        if (ImageBatchReader.IsImageInput(input))
        {
            (rows, names) = ImageBatchReader.Read(input, model.Manifest.Input.Shape, new DataLimits());
        }
        else
        {
            rows = await BatchFileReader.ReadAsync(input, model.RowLength, model.Manifest.Input.Columns,
                cancellationToken);
        }

        var response = BatchScorer.Score(model, rows, options.MaxBatchRows, parse.GetValue(Heads),
            parse.GetValue(OodQuantile), cancellationToken: cancellationToken);
        var predictions = response.Predictions;
        var path = parse.GetValue(Output);
        var csv = path is not null && Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase);
        var text = (csv, names) switch
        {
            (true, null) => PredictionFileWriter.ToCsv(response, model.Manifest.Classes),
            (true, _) => PredictionFileWriter.ToCsv(response, model.Manifest.Classes, names),
            (false, null) => PredictionFileWriter.ToJson(response),
            (false, _) => PredictionFileWriter.ToJson(response, names),
        };
        if (path is null)
        {
            await Console.Out.WriteLineAsync(text);
            return 0;
        }

        await File.WriteAllTextAsync(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            cancellationToken);
        await Console.Error.WriteLineAsync(
            $"Scored {predictions.Count} rows with {model.Manifest.ModelId} → {Path.GetFullPath(path)}");
        return 0;
    }
}
