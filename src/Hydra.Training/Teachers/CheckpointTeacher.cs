using System.Security.Cryptography;
using Hydra.Core.Architecture;
using Hydra.Core.Errors;
using Hydra.Core.Models;
using Hydra.Core.Safetensors;
using Hydra.Core.Teachers;
using Hydra.Training.Modules;
using static TorchSharp.torch;

namespace Hydra.Training.Teachers;

/// <summary>
/// A teacher from a safetensors checkpoint in this project's member layout (after <see cref="TensorRenames"/>) and an
/// architecture spec, run in TorchSharp. A checkpoint carries no preprocessing, so its rows are normalised with the
/// given <see cref="Teachers.Preprocessing"/> (the product's own, as its members were trained; none for a teacher
/// trained on raw rows), and a regression head's outputs are read on that preprocessing's target axis.
/// </summary>
public sealed class CheckpointTeacher : ITeacher
{
    private readonly MultiHeadNetwork _network;
    private readonly Preprocessing _preprocessing;

    private CheckpointTeacher(string name, string sha256, MultiHeadNetwork network, ModelTask task,
        Preprocessing preprocessing)
    {
        (Name, Sha256, _network, _preprocessing) = (name, sha256, network, preprocessing);
        var shapes = network.Spec.Validate();
        Signature = new TeacherSignature(network.Spec.InputShape, task,
            task == ModelTask.Regression ? 0 : shapes.HeadOutput,
            task == ModelTask.Regression ? TeacherScores.Gaussian : TeacherScores.Logits);
        Parameters = network.Spec.Parameters(1);
    }

    public string Name { get; }

    public string Sha256 { get; }

    public TeacherSignature Signature { get; }

    public long Parameters { get; }

    /// <summary>Loads one checkpoint file as a teacher for a dataset of <paramref name="task"/>.</summary>
    /// <param name="name">What reports and cards call it (default: the file's name).</param>
    /// <exception cref="InputNotFoundException">The file does not exist.</exception>
    /// <exception cref="TeacherException">The file is too large, not safetensors, or its tensors do not fit the
    /// spec (the message names the tensor).</exception>
    public static CheckpointTeacher Load(string path, ArchitectureSpec spec, TensorRenames renames, ModelTask task,
        Preprocessing preprocessing, long maxBytes, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(renames);
        ArgumentNullException.ThrowIfNull(preprocessing);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new InputNotFoundException("Teacher file", path);
        }

        name ??= file.Name;

        if (file.Length > maxBytes)
        {
            throw new TeacherException(name, $"the file is {file.Length / (1024.0 * 1024):F1} MiB, over the "
                + $"bound of {maxBytes / (1024.0 * 1024):F0} MiB (--teacher-max-mib).");
        }

        var bytes = File.ReadAllBytes(path);
        SafetensorsContent content;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            content = SafetensorsFile.Read(stream);
        }
        catch (SafetensorsFormatException ex)
        {
            throw new TeacherException(name, $"it is not a safetensors file: {ex.Message}", ex);
        }

        spec.Validate();
        var network = new MultiHeadNetwork(spec, 1);
        try
        {
            CheckpointTensors.Import(network, content.Tensors, renames, name);
            network.eval();
            return new CheckpointTeacher(name, Convert.ToHexStringLower(SHA256.HashData(bytes)), network, task,
                preprocessing);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    public float[] Predict(float[] rows, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var rowSize = Signature.RowSize;
        var values = rows.AsSpan(0, count * rowSize).ToArray();
        _preprocessing.Input.Apply(values);
        _preprocessing.Features?.Apply(values);
        using var inputs = tensor(values, [count, .. Signature.InputShape.Select(d => (long)d)]);
        using var outputs = Inference.Outputs(_network, inputs, cancellationToken);
        if (Signature.Task != ModelTask.Regression)
        {
            return outputs.data<float>().ToArray();
        }

        var (means, variances) = Inference.Gaussians(outputs, _preprocessing.Target);
        var result = new float[count * 2];
        for (var r = 0; r < count; r++)
        {
            (result[2 * r], result[(2 * r) + 1]) = (means[r], variances[r]);
        }

        return result;
    }

    public void Dispose() => _network.Dispose();
}
