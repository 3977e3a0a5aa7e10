using System.Globalization;
using Google.Protobuf;
using Hydra.Core.Checkpoints;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Onnx.Graph;
using Hydra.Onnx.Parity;

namespace Hydra.Onnx.Teachers;

/// <summary>
/// Exports one-head checkpoints (members, KD) as teacher files for <c>hydra distill</c>: raw rows in, logits or
/// (mean, variance) out (<see cref="TeacherExportGraph"/>). Each file is read back through <see cref="OnnxTeacher"/>
/// and checked against the reference forward on random rows before it is written.
/// </summary>
public static class TeacherExporter
{
    /// <summary>Largest |Δ| / max(1, |value|) between the file and the reference forward.</summary>
    public const double Tolerance = 1e-4;

    private const int ParityRows = 64;

    /// <summary>Writes "{name}" (a file name) into <paramref name="target"/>; returns the worst deviation.</summary>
    /// <exception cref="OnnxExportException">The checkpoint has several heads, or the file fails parity.</exception>
    public static async Task<double> ExportAsync(CheckpointStore source, string checkpointFolder, IArtifactStore target,
        string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        Checkpoint checkpoint;
        try
        {
            checkpoint = await source.ReadAsync(checkpointFolder, cancellationToken);
        }
        catch (CheckpointException ex)
        {
            throw new OnnxExportException($"Cannot export checkpoint '{checkpointFolder}': {ex.Message}", ex);
        }

        var card = checkpoint.Card;
        if (card.Heads != 1)
        {
            throw new OnnxExportException($"'{checkpointFolder}' has {card.Heads} heads; a teacher file holds one "
                + "network with one head (a member or KD).");
        }

        ExportChecks.CheckExportable(card, checkpointFolder);
        var network = new NetworkSource("", card.Architecture, 1, checkpoint.Tensors);
        var bytes = TeacherExportGraph.Build(network, card, OnnxExportOptions.DefaultExporterVersion).ToByteArray();
        var deviation = Parity(bytes, network, card, name);
        if (!(deviation <= Tolerance))
        {
            throw new OnnxExportException(string.Create(CultureInfo.InvariantCulture,
                $"The teacher graph of '{checkpointFolder}' deviates from the reference forward by {deviation:G3} "
                    + $"(tolerance {Tolerance:G3}); nothing was written."));
        }

        await target.WriteAsync(name, bytes, cancellationToken);
        return deviation;
    }

    private static double Parity(byte[] bytes, NetworkSource network, ModelCard card, string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hydra-teacher-{Guid.NewGuid():N}-{name}");
        File.WriteAllBytes(path, bytes);
        try
        {
            using var teacher = OnnxTeacher.Load(path);
            var rowSize = card.Input.Shape.Aggregate(1, (a, b) => a * b);
            var raw = RawRows(card.Input, rowSize);
            var outputs = teacher.Predict(raw, ParityRows);
            var width = teacher.Signature.Width;
            var worst = 0.0;
            for (var r = 0; r < ParityRows; r++)
            {
                var row = raw.AsSpan(r * rowSize, rowSize).ToArray();
                card.Input.Apply(row);
                var expected = card.Task == ModelTask.Regression
                    ? ReferenceForward.HeadGaussians(network, row, card.TargetScaling ?? Core.Data.TargetScaling
                        .Identity)[0]
                    : ReferenceForward.HeadOutputs(network, row)[0];
                for (var k = 0; k < width; k++)
                {
                    var value = outputs[(r * width) + k];
                    worst = Math.Max(worst, Math.Abs(value - expected[k]) / Math.Max(1, Math.Abs(expected[k])));
                }
            }

            return worst;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Seeded standard-normal rows in normalised units, mapped back to raw units.</summary>
    private static float[] RawRows(InputSpec input, int rowSize)
    {
        var random = new Random(17);
        var raw = new float[ParityRows * rowSize];
        for (var i = 0; i < raw.Length; i++)
        {
            var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var j = i % rowSize;
            var feature = input.Features is { } f ? (z * f.Std[j]) + f.Mean[j] : z;
            raw[i] = (float)((feature * input.Normalization.Std) + input.Normalization.Mean);
        }

        return raw;
    }
}
