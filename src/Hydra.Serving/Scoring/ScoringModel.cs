using System.Security.Cryptography;
using Hydra.Core.Models;
using Hydra.Serving.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Hydra.Serving.Scoring;

/// <summary>
/// One loaded model version: its manifest and one <see cref="OnnxSession"/>, which ONNX Runtime allows many
/// threads to run at once. Leases count the requests using it, so a cache can retire it while requests are in flight
/// and the session is disposed when the last one finishes.
/// </summary>
public sealed class ScoringModel : IDisposable
{
    private readonly OnnxSession _session;
    private readonly long[] _inputShape;
    private readonly int _maxBatchRows;
    private readonly double _oodQuantile;
    private readonly Lock _gate = new();
    private int _leases;
    private bool _retired;
    private bool _disposed;

    private ScoringModel(string name, ModelManifest manifest, OnnxSession session, ScoringOptions options)
    {
        Name = name;
        Manifest = manifest;
        Version = new ModelVersion(manifest.ModelId, manifest.OnnxSha256);
        _session = session;
        _maxBatchRows = options.MaxBatchRows;
        _oodQuantile = options.OodQuantile;
        _inputShape = [-1, .. manifest.Input.Shape.Select(d => (long)d)];
        Inputs = [new TensorDescription(GraphNames.Input, TensorDatatypes.Fp32, _inputShape)];
        Outputs = [.. session.OutputMetadata.Select(o => OrtTensors.Describe(o.Key, o.Value)),
            .. manifest.Calibration is null ? [] : CalibratedOutputs.Describe()];
    }

    /// <summary>The name requests use (the folder under <c>models/</c>).</summary>
    public string Name { get; }

    public ModelManifest Manifest { get; }

    public ModelVersion Version { get; }

    public int RowLength => Manifest.RowLength;

    public IReadOnlyList<TensorDescription> Inputs { get; }

    public IReadOnlyList<TensorDescription> Outputs { get; }

    public bool IsDisposed
    {
        get
        {
            lock (_gate)
            {
                return _disposed;
            }
        }
    }

    /// <summary>Builds a session from the graph's bytes after checking them against the manifest's SHA-256.</summary>
    /// <exception cref="ModelUnavailableException">Checksum mismatch, a graph ONNX Runtime rejects, or outputs
    /// missing.</exception>
    public static ScoringModel Create(string name, ModelManifest manifest, byte[] onnx, ScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentNullException.ThrowIfNull(options);
        var sha = Convert.ToHexStringLower(SHA256.HashData(onnx));
        if (!string.Equals(sha, manifest.OnnxSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelUnavailableException(name,
                $"{ModelManifest.ModelFileName} has SHA-256 {sha}, the manifest says {manifest.OnnxSha256}.");
        }

        OnnxSession session;
        try
        {
            session = new OnnxSession(onnx, new OnnxSessionSettings { IntraOpThreads = options.IntraOpThreads });
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelUnavailableException(name, ex.Message, ex);
        }

        try
        {
            CheckGraph(name, manifest, session);
            return new ScoringModel(name, manifest, session, options);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loads <c>{folder}/manifest.json</c> and <c>{folder}/model.onnx</c> (the <c>hydra score</c> path).
    /// </summary>
    /// <exception cref="ModelNotFoundException">The folder has no manifest.</exception>
    public static async Task<ScoringModel> LoadFolderAsync(string folder, ScoringOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var full = Path.GetFullPath(folder);
        var name = Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar));
        var manifestPath = Path.Combine(full, ModelManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            throw new ModelNotFoundException(name);
        }

        ModelManifest manifest;
        try
        {
            manifest = ModelManifest.FromJson(await File.ReadAllBytesAsync(manifestPath, cancellationToken),
                manifestPath);
        }
        catch (InvalidDataException ex)
        {
            throw new ModelUnavailableException(name, ex.Message, ex);
        }

        var onnxPath = Path.Combine(full, ModelManifest.ModelFileName);
        if (!File.Exists(onnxPath))
        {
            throw new ModelUnavailableException(name, $"{onnxPath} is missing.");
        }

        return Create(name, manifest, await File.ReadAllBytesAsync(onnxPath, cancellationToken), options);
    }

    /// <summary>A batch of <paramref name="rows"/> rows to append raw values to; the caller disposes it.</summary>
    /// <exception cref="InvalidInputException">No rows.</exception>
    /// <exception cref="BatchTooLargeException">More rows than the configured bound.</exception>
    public InputBatch CreateBatch(int rows)
    {
        if (rows <= 0)
        {
            throw new InvalidInputException("The batch is empty: send at least one row.");
        }

        if (rows > _maxBatchRows)
        {
            throw new BatchTooLargeException(rows, _maxBatchRows);
        }

        return new InputBatch(rows, RowLength, Manifest.Input.Normalization, Manifest.Input.Features);
    }

    /// <summary>
    /// Runs the graph on a complete batch and copies out the requested outputs (all when null or empty); a calibrated
    /// model's <see cref="CalibratedOutputs"/> come from its epistemic output at <paramref name="oodQuantile"/> (the
    /// deployment's level when null).
    /// </summary>
    /// <exception cref="InvalidInputException">The batch is incomplete, an output name is unknown, or the level is not
    /// a fraction.</exception>
    public ScoreResult Score(InputBatch batch, IReadOnlyCollection<string>? outputNames = null,
        double? oodQuantile = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var names = ResolveOutputs(outputNames);
        var level = CalibratedOutputs.Level(oodQuantile, _oodQuantile);
        var graphNames = CalibratedOutputs.GraphOutputs(names);
        var memory = batch.CompletedMemory();
        var shape = (long[])_inputShape.Clone();
        shape[0] = batch.Rows;

        using var results = _session.Run(memory, shape, graphNames, cancellationToken);
        var computed = graphNames.ToDictionary(name => name, name => OrtTensors.CopyOut(name, results.Value(name)));
        var epistemic = computed[GraphNames.Epistemic].AsFloats();
        var assessment = CalibratedOutputs.Assess(Manifest.Calibration, epistemic, level);
        var outputs = names.Select(name => CalibratedOutputs.IsCalibrated(name) ? assessment!.Output(name)
            : computed[name]).ToList();
        return new ScoreResult(Name, Version, batch.Rows, outputs)
        {
            OodQuantile = level,
            Epistemic = epistemic,
            Assessment = assessment,
        };
    }

    /// <summary>Scores rows of raw values (the convenience path for files and tests).</summary>
    public ScoreResult Score(IReadOnlyList<float[]> rows, IReadOnlyCollection<string>? outputNames = null,
        double? oodQuantile = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var batch = CreateBatch(rows.Count);
        foreach (var row in rows)
        {
            batch.AppendRow(row);
        }

        return Score(batch, outputNames, oodQuantile, cancellationToken);
    }

    /// <summary>Marks one more request as using the session; false once the model is retired or disposed.</summary>
    internal bool TryAcquire()
    {
        lock (_gate)
        {
            if (_retired || _disposed)
            {
                return false;
            }

            _leases++;
            return true;
        }
    }

    internal void Release()
    {
        bool dispose;
        lock (_gate)
        {
            _leases--;
            dispose = _retired && _leases == 0 && !_disposed;
            _disposed |= dispose;
        }

        if (dispose)
        {
            _session.Dispose();
        }
    }

    /// <summary>No new leases; the session is disposed now or when the last lease is released.</summary>
    internal void Retire()
    {
        bool dispose;
        lock (_gate)
        {
            _retired = true;
            dispose = _leases == 0 && !_disposed;
            _disposed |= dispose;
        }

        if (dispose)
        {
            _session.Dispose();
        }
    }

    public void Dispose() => Retire();

    private List<string> ResolveOutputs(IReadOnlyCollection<string>? requested)
    {
        if (requested is null || requested.Count == 0)
        {
            return Outputs.Select(o => o.Name).ToList();
        }

        var unknown = requested.Where(r => Outputs.All(o => o.Name != r)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidInputException(
                $"Unknown output(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}; "
                    + $"the model has {string.Join(", ", Outputs.Select(o => o.Name))}.");
        }

        return requested.Distinct(StringComparer.Ordinal).ToList();
    }

    private static void CheckGraph(string name, ModelManifest manifest, OnnxSession session)
    {
        if (!session.InputMetadata.TryGetValue(GraphNames.Input, out var input)
            || input.ElementDataType != TensorElementType.Float)
        {
            throw new ModelUnavailableException(name, $"the graph has no float input named '{GraphNames.Input}'.");
        }

        var dimensions = input.Dimensions.Skip(1).ToArray();
        if (dimensions.Length != manifest.Input.Shape.Length || dimensions.Where((d, i) => d >= 0
            && d != manifest.Input.Shape[i]).Any())
        {
            throw new ModelUnavailableException(name,
                $"the graph's input [N, {string.Join(", ", dimensions)}] "
                    + $"differs from the manifest's [N, {string.Join(", ", manifest.Input.Shape)}].");
        }

        var required = manifest.Task == ModelTask.Regression ? GraphNames.Regression : GraphNames.Classification;
        var missing = required.Where(o => !session.OutputMetadata.ContainsKey(o)).ToList();
        if (missing.Count > 0)
        {
            throw new ModelUnavailableException(name, $"the graph lacks the output(s) {string.Join(", ", missing)}.");
        }
    }
}
