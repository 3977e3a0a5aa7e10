using System.Security.Cryptography;
using Google.Protobuf;
using Hydra.Core.Errors;
using Hydra.Core.Models;
using Hydra.Core.Teachers;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Hydra.Onnx.Teachers;

/// <summary>
/// A teacher from an ONNX file of any framework's export: one float input of the dataset's raw rows, and class scores
/// or a Gaussian out (see <see cref="TeacherOutputs"/>). The file is bounded in size, checked by
/// <see cref="TeacherGraph"/> before ONNX Runtime sees it, and run in one session kept open for the teacher's life,
/// <see cref="OnnxTeacherOptions.BatchRows"/> rows per call.
/// </summary>
public sealed class OnnxTeacher : ITeacher
{
    private readonly InferenceSession _session;
    private readonly string _input;
    private readonly long[] _rowDims;
    private readonly int? _fixedBatch;
    private readonly TeacherOutputs _outputs;
    private readonly int _batchRows;

    private OnnxTeacher(string name, string sha256, long parameters, InferenceSession session,
        OnnxTeacherOptions options)
    {
        (Name, Sha256, Parameters, _session) = (name, sha256, parameters, session);
        var input = session.InputMetadata.Single();
        _input = input.Key;
        var dims = input.Value.Dimensions;
        if (dims.Length < 2 || dims.Skip(1).Any(d => d <= 0))
        {
            throw new TeacherException(name, $"its input '{_input}' is [{TeacherOutputs.Dims(input.Value)}]; a "
                + "teacher takes [N, ...] with every dimension after the batch fixed.");
        }

        _rowDims = [.. dims.Skip(1).Select(d => (long)d)];
        _fixedBatch = dims[0] > 0 ? dims[0] : null;
        _batchRows = _fixedBatch ?? options.BatchRows;
        var outputs = TeacherOutputs.Choose(session.OutputMetadata, options, name);
        if (outputs is { Task: ModelTask.Classification, Classes: 0 })
        {
            // A symbolic class dimension: one row of zeros tells its size.
            var rows = _fixedBatch ?? 1;
            outputs = outputs with { Classes = Run(new float[rows * RowSize], 1, outputs.Names)[0].Length / rows };
        }

        _outputs = outputs;
        Signature = new TeacherSignature([.. _rowDims.Select(d => (int)d)], outputs.Task, outputs.Classes,
            outputs.Task == ModelTask.Regression ? TeacherScores.Gaussian : options.Scores);
        Description = $"{name}: input '{_input}' [{string.Join(", ", _rowDims)}]"
            + (_fixedBatch is { } b ? $" (batch fixed at {b})" : "") + $", {outputs.Describe()}";
    }

    public string Name { get; }

    public string Sha256 { get; }

    public long Parameters { get; }

    public TeacherSignature Signature { get; }

    /// <summary>What was read from the graph: its input and the outputs chosen, for the user to confirm.</summary>
    public string Description { get; }

    private int RowSize => (int)_rowDims.Aggregate(1L, (a, b) => a * b);

    /// <summary>Reads, checks and opens one teacher file.</summary>
    /// <param name="name">What reports and cards call it (default: the file's name).</param>
    /// <exception cref="InputNotFoundException">The file does not exist.</exception>
    /// <exception cref="TeacherException">The file is too large, not ONNX, or breaks a rule of a teacher.</exception>
    public static OnnxTeacher Load(string path, OnnxTeacherOptions? options = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new OnnxTeacherOptions();
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new InputNotFoundException("Teacher file", path);
        }

        name ??= file.Name;
        if (file.Length > options.MaxBytes)
        {
            throw new TeacherException(name, $"the file is {file.Length / (1024.0 * 1024):F1} MiB, over the bound of "
                + $"{options.MaxBytes / (1024.0 * 1024):F0} MiB (--teacher-max-mib).");
        }

        var bytes = File.ReadAllBytes(path);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new TeacherException(name, $"it is not an ONNX model ({ex.Message}).", ex);
        }

        TeacherGraph.Check(model, name);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        InferenceSession session;
        try
        {
            using var settings = new SessionOptions { IntraOpNumThreads = options.Threads };
            session = new InferenceSession(bytes, settings);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new TeacherException(name, $"ONNX Runtime cannot load it: {ex.Message}", ex);
        }

        try
        {
            return new OnnxTeacher(name, sha, TeacherGraph.Parameters(model), session, options);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public float[] Predict(float[] rows, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var rowSize = RowSize;
        if (rows.Length < count * rowSize)
        {
            throw new ArgumentException($"{rows.Length} values are fewer than {count} rows of {rowSize}.",
                nameof(rows));
        }

        var width = Signature.Width;
        var result = new float[count * width];
        var buffer = new float[_batchRows * rowSize];
        for (var start = 0; start < count; start += _batchRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = Math.Min(_batchRows, count - start);
            rows.AsSpan(start * rowSize, n * rowSize).CopyTo(buffer);
            Read(buffer, n, result.AsSpan(start * width, n * width));
        }

        return result;
    }

    public void Dispose() => _session.Dispose();

    private void Read(float[] buffer, int n, Span<float> into)
    {
        var values = Run(buffer, n, _outputs.Names);
        var perRow = _outputs.Task == ModelTask.Classification ? Signature.Width : 1;
        if (values.Any(v => v.Length < n * perRow))
        {
            throw new TeacherException(Name, $"it answered {n} rows with {values.Min(v => v.Length)} values; "
                + $"expected {n} × {perRow}.");
        }

        if (_outputs.Task == ModelTask.Classification)
        {
            values[0].AsSpan(0, into.Length).CopyTo(into);
            return;
        }

        for (var r = 0; r < n; r++)
        {
            into[2 * r] = values[0][r];
            into[(2 * r) + 1] = _outputs.LogVariance ? MathF.Exp(values[1][r]) : values[1][r];
        }
    }

    /// <summary>
    /// One call on the first <paramref name="n"/> rows of the buffer (all of it, padding included, for a fixed batch).
    /// </summary>
    private float[][] Run(float[] buffer, int n, IReadOnlyList<string> outputs)
    {
        var rows = _fixedBatch ?? n;
        try
        {
            using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                buffer.AsMemory(0, rows * RowSize), [rows, .. _rowDims]);
            using var runOptions = new RunOptions();
            using var results = _session.Run(runOptions, [_input], [value], outputs);
            return [.. results.Select(r => r.GetTensorDataAsSpan<float>().ToArray())];
        }
        catch (OnnxRuntimeException ex)
        {
            throw new TeacherException(Name, $"ONNX Runtime failed on {n} rows: {ex.Message}", ex);
        }
    }
}
