using System.Text.Json;
using Hydra.Core.Models;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Http;

/// <summary>
/// Reads an Open Inference Protocol JSON request into a model's input batch: one FP32 input named "input" with shape
/// [N, …row shape] (or [N, row length]) and data flat or nested in row-major order, raw (the server normalises).
/// </summary>
internal static class InferenceRequestReader
{
    /// <param name="Parameters">The request's <c>parameters</c> object, detached from the request's document.</param>
    public sealed record Parsed(InputBatch Batch, IReadOnlyList<string> Outputs, string? Id, JsonElement? Parameters)
    {
        /// <summary><c>parameters.ood_quantile</c>: the level a calibrated model flags rows at, when given.</summary>
        public double? OodQuantile => Parameters is { } parameters
            ? ScoreRequestReader.OodQuantileOf(parameters, "ood_quantile") : null;
    }

    /// <exception cref="InvalidInputException">Anything that does not fit the protocol or the model.</exception>
    public static Parsed Read(JsonElement root, ScoringModel model) => Read(root, model, ReadOnlySpan<byte>.Empty);

    /// <param name="binary">The raw tensor bytes after the JSON header (binary tensor data extension), if any.</param>
    /// <exception cref="InvalidInputException">Anything that does not fit the protocol or the model.</exception>
    public static Parsed Read(JsonElement root, ScoringModel model, ReadOnlySpan<byte> binary)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInputException("The request must be a JSON object with an \"inputs\" array.");
        }

        var id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String
            ? idElement.GetString() : null;
        var input = SingleInput(root);
        var rows = Rows(input, model);
        var outputs = RequestedOutputs(root);
        var binarySize = BinaryTensors.DataSize(input);
        JsonElement data = default;
        if (binarySize is null
            && (!input.TryGetProperty("data", out data) || data.ValueKind != JsonValueKind.Array))
        {
            throw new InvalidInputException("inputs[0].data must be an array of numbers (flat or nested).");
        }

        var batch = model.CreateBatch(rows);
        try
        {
            if (binarySize is { } size)
            {
                BinaryTensors.AppendFp32(binary, size, batch);
            }
            else
            {
                AppendAll(data, batch);
            }

            if (!batch.IsComplete)
            {
                throw new InvalidInputException(
                    $"inputs[0].data has {batch.Count} values; shape [{rows}, …] needs {batch.Length}.");
            }

            return new Parsed(batch, outputs, id, Parameters(root));
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    private static JsonElement SingleInput(JsonElement root)
    {
        if (!root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array
            || inputs.GetArrayLength() == 0)
        {
            throw new InvalidInputException("The request needs a non-empty \"inputs\" array.");
        }

        if (inputs.GetArrayLength() > 1)
        {
            throw new InvalidInputException(
                $"The model has one input, '{GraphNames.Input}'; the request has {inputs.GetArrayLength()}.");
        }

        var input = inputs[0];
        if (input.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInputException("inputs[0] must be an object with name, shape, datatype and data.");
        }

        var name = input.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()
            : null;
        if (name != GraphNames.Input)
        {
            throw new InvalidInputException($"Unknown input '{name}'; the model's input is '{GraphNames.Input}'.");
        }

        var datatype = input.TryGetProperty("datatype", out var d)
            && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        if (datatype != TensorDatatypes.Fp32)
        {
            throw new InvalidInputException(
                $"inputs[0].datatype is '{datatype}'; the model's input is {TensorDatatypes.Fp32}.");
        }

        return input;
    }

    private static int Rows(JsonElement input, ScoringModel model)
    {
        if (!input.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidInputException("inputs[0].shape must be an array of integers.");
        }

        var shape = new List<long>();
        foreach (var dimension in shapeElement.EnumerateArray())
        {
            if (dimension.ValueKind != JsonValueKind.Number || !dimension.TryGetInt64(out var value) || value < 0)
            {
                throw new InvalidInputException("inputs[0].shape must hold non-negative integers.");
            }

            shape.Add(value);
        }

        var rowShape = model.Manifest.Input.Shape.Select(s => (long)s).ToList();
        var fits = shape.Count > 0
            && (shape.Skip(1).SequenceEqual(rowShape) || (shape.Count == 2 && shape[1] == model.RowLength));
        if (!fits)
        {
            throw new InvalidInputException(
                $"inputs[0].shape [{string.Join(", ", shape)}] "
                    + $"does not fit the model's input [N, {string.Join(", ", rowShape)}]"
                    + $" (or [N, {model.RowLength}]).");
        }

        // The batch bound is checked by CreateBatch; this only keeps the count an int.
        return (int)Math.Min(shape[0], int.MaxValue);
    }

    private static List<string> RequestedOutputs(JsonElement root)
    {
        var names = new List<string>();
        if (!root.TryGetProperty("outputs", out var outputs) || outputs.ValueKind == JsonValueKind.Null)
        {
            return names;
        }

        if (outputs.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidInputException("\"outputs\" must be an array of objects with a name.");
        }

        foreach (var output in outputs.EnumerateArray())
        {
            if (output.ValueKind != JsonValueKind.Object || !output.TryGetProperty("name", out var name)
                || name.ValueKind != JsonValueKind.String)
            {
                throw new InvalidInputException("Each requested output needs a string \"name\".");
            }

            names.Add(name.GetString()!);
        }

        return names;
    }

    internal static void AppendAll(JsonElement element, InputBatch batch)
    {
        foreach (var item in element.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.Number:
                    // Too large for a double reads as infinity, which the batch rejects with its row and column.
                    batch.Append(item.TryGetDouble(out var value) ? value : double.PositiveInfinity);
                    break;
                case JsonValueKind.Array:
                    AppendAll(item, batch);
                    break;
                default:
                    var row = batch.Count / batch.RowLength;
                    throw new InvalidInputException(
                        $"Row {row}, column {batch.Count % batch.RowLength}: "
                            + $"{item.ValueKind.ToString().ToLowerInvariant()} is not a number.", row,
                            batch.Count % batch.RowLength);
            }
        }
    }

    /// <summary>
    /// The optional <c>parameters</c> object (cloned: the request's document is disposed before replying).
    /// </summary>
    /// <exception cref="InvalidInputException"><c>parameters</c> is present but not an object.</exception>
    private static JsonElement? Parameters(JsonElement root)
    {
        if (!root.TryGetProperty("parameters", out var parameters) || parameters.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return parameters.ValueKind == JsonValueKind.Object
            ? parameters.Clone()
            : throw new InvalidInputException("parameters must be a JSON object.");
    }
}
