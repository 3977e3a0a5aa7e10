using System.Runtime.InteropServices;
using System.Text.Json;
using Hydra.Serving.Scoring;
using Microsoft.AspNetCore.Mvc;

namespace Hydra.Serving.Http;

/// <summary>
/// The binary tensor data extension for outputs: an output asked for with <c>"parameters": {"binary_data": true}</c>,
/// or every output when the request's <c>parameters.binary_data_output</c> is true (an output's own
/// <c>binary_data</c> wins), comes back as raw little-endian bytes after the JSON header instead of a <c>data</c>
/// array, in the order of the outputs.
/// </summary>
public static class BinaryOutputs
{
    public const string DataParameter = "binary_data";

    public const string OutputParameter = "binary_data_output";

    /// <summary>
    /// The response for <paramref name="response"/>: JSON when no output is asked for as binary, otherwise a JSON
    /// header and the binary outputs' bytes.
    /// </summary>
    /// <param name="request">The inference request's JSON (its <c>parameters</c> and <c>outputs</c>).</param>
    /// <exception cref="InvalidInputException">A binary-data parameter is not a boolean.</exception>
    public static IActionResult Respond(InferenceResponse response, JsonElement request)
    {
        ArgumentNullException.ThrowIfNull(response);
        var allBinary = Flag(request, OutputParameter, "parameters") ?? false;
        var perOutput = PerOutputFlags(request);
        var binary = new List<InferenceOutput>();
        var outputs = response.Outputs.Select(output =>
        {
            if (!(perOutput.GetValueOrDefault(output.Name) ?? allBinary))
            {
                return output;
            }

            binary.Add(output);
            return output with
            {
                Data = null,
                Parameters = new Dictionary<string, object> { [BinaryTensors.DataSizeParameter] = ByteCount(output) },
            };
        }).ToList();

        return binary.Count == 0
            ? new JsonResponse(Microsoft.AspNetCore.Http.StatusCodes.Status200OK, response)
            : new BinaryInferenceResponse(response with { Outputs = outputs }, binary);
    }

    /// <summary>Bytes per element of an Open Inference Protocol datatype.</summary>
    /// <exception cref="NotSupportedException">A datatype of no fixed size (BYTES) or unknown.</exception>
    public static int ElementSize(string datatype) => datatype switch
    {
        "BOOL" or "UINT8" or "INT8" => 1,
        "FP16" or "UINT16" or "INT16" => 2,
        TensorDatatypes.Fp32 or "UINT32" or "INT32" => 4,
        TensorDatatypes.Fp64 or TensorDatatypes.Integer64 or "UINT64" => 8,
        _ => throw new NotSupportedException($"Datatype '{datatype}' has no fixed element size."),
    };

    /// <summary>The output's data as little-endian bytes, as many as its datatype says per element.</summary>
    /// <exception cref="InvalidOperationException">The data is not an array of the datatype's element.</exception>
    public static ReadOnlyMemory<byte> Bytes(InferenceOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Binary tensor outputs are written on little-endian machines.");
        }

        byte[] bytes = output.Data switch
        {
            float[] values => MemoryMarshal.AsBytes(values.AsSpan()).ToArray(),
            double[] values => MemoryMarshal.AsBytes(values.AsSpan()).ToArray(),
            long[] values => MemoryMarshal.AsBytes(values.AsSpan()).ToArray(),
            int[] values => MemoryMarshal.AsBytes(values.AsSpan()).ToArray(),
            bool[] values => [.. values.Select(v => v ? (byte)1 : (byte)0)],
            byte[] values => values,
            _ => throw new InvalidOperationException(
                $"Output '{output.Name}' holds {output.Data?.GetType().Name ?? "no data"}, not an array of numbers."),
        };
        if (bytes.Length != ByteCount(output))
        {
            throw new InvalidOperationException(
                $"Output '{output.Name}' is {output.Datatype} but holds {output.Data!.GetType().Name}.");
        }

        return bytes;
    }

    private static long ByteCount(InferenceOutput output) =>
        output.Shape.Aggregate(1L, (product, dimension) => product * dimension) * ElementSize(output.Datatype);

    private static Dictionary<string, bool?> PerOutputFlags(JsonElement request)
    {
        var flags = new Dictionary<string, bool?>(StringComparer.Ordinal);
        if (request.ValueKind != JsonValueKind.Object || !request.TryGetProperty("outputs", out var outputs)
            || outputs.ValueKind != JsonValueKind.Array)
        {
            return flags;
        }

        foreach (var output in outputs.EnumerateArray())
        {
            if (output.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                flags[name.GetString()!] = Flag(output, DataParameter, $"outputs['{name.GetString()}'].parameters");
            }
        }

        return flags;
    }

    /// <summary><c>parameters.{name}</c> of <paramref name="owner"/>: true, false or null when absent.</summary>
    private static bool? Flag(JsonElement owner, string name, string where)
    {
        if (owner.ValueKind != JsonValueKind.Object || !owner.TryGetProperty("parameters", out var parameters)
            || parameters.ValueKind != JsonValueKind.Object || !parameters.TryGetProperty(name, out var flag))
        {
            return null;
        }

        return flag.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidInputException($"{where}.{name} must be true or false."),
        };
    }
}
