using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Hydra.Core;
using Hydra.Core.Calibration;
using Hydra.Core.Checkpoints;
using Hydra.Core.Models;
using Hydra.Onnx.Graph;
using Hydra.Serving.Runtime;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Hydra.Onnx;

/// <summary>
/// Measures an exported graph's uncertainty on the calibration rows its checkpoint carries, in ONNX Runtime, through
/// the scorer's own session: the quantiles the served model is judged against are the served graph's own.
/// </summary>
internal static class Calibrator
{
    private const int BatchRows = 256;

    /// <exception cref="OnnxExportException">ONNX Runtime fails, or the graph gives a value that is not
    /// finite.</exception>
    public static ModelCalibration Measure(byte[] model, CalibrationInputs inputs, string source)
    {
        var epistemic = new float[inputs.Rows];
        var total = new float[inputs.Rows];
        var rowSize = inputs.RowSize;
        try
        {
            using var session = new OnnxSession(model);
            for (var start = 0; start < inputs.Rows; start += BatchRows)
            {
                var rows = Math.Min(BatchRows, inputs.Rows - start);
                using var results = session.Run(inputs.Values.AsMemory(start * rowSize, rows * rowSize),
                    [rows, .. inputs.RowShape.Select(d => (long)d)], [GraphNames.Epistemic, GraphNames.Total]);
                results.Value(GraphNames.Epistemic).GetTensorDataAsSpan<float>().CopyTo(epistemic.AsSpan(start));
                results.Value(GraphNames.Total).GetTensorDataAsSpan<float>().CopyTo(total.AsSpan(start));
            }
        }
        catch (OnnxRuntimeException ex)
        {
            throw new OnnxExportException($"Measuring the graph on its calibration rows failed: {ex.Message}", ex);
        }

        if (epistemic.Any(v => !float.IsFinite(v)) || total.Any(v => !float.IsFinite(v)))
        {
            throw new OnnxExportException(
                $"The graph's uncertainty on the calibration rows of '{source}' is not finite; nothing was written.");
        }

        return new ModelCalibration
        {
            Rows = inputs.Rows,
            Source = CalibrationRows.Source,
            Epistemic = UncertaintyReference.From(epistemic),
            Total = UncertaintyReference.From(total),
        };
    }

    /// <summary>
    /// The graph's bytes with the calibration's SHA-256 and epistemic quantiles in its metadata (the computation is
    /// unchanged: only metadata_props differ).
    /// </summary>
    public static byte[] Stamp(ModelProto model, ModelCalibration calibration)
    {
        var json = JsonSerializer.Serialize(calibration, HydraJson.Options);
        model.MetadataProps.Add(new StringStringEntryProto
        {
            Key = MetadataKeys.CalibrationSha256,
            Value = CheckpointStore.Sha256(Encoding.UTF8.GetBytes(json)),
        });
        model.MetadataProps.Add(new StringStringEntryProto
        {
            Key = MetadataKeys.EpistemicQuantiles,
            Value = JsonSerializer.Serialize(calibration.Epistemic.Quantiles),
        });
        return model.ToByteArray();
    }
}
