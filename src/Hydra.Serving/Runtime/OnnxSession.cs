using Hydra.Core.Models;
using Microsoft.ML.OnnxRuntime;

namespace Hydra.Serving.Runtime;

/// <summary>
/// One ONNX Runtime session over a Hydra graph (one float input named <see cref="GraphNames.Input"/>), the one wrapper
/// the scorer, the exporter's parity check and <c>hydra bench</c> share: it creates the session from
/// <see cref="OnnxSessionSettings"/>, runs it with a <see cref="RunOptions"/> that a cancellation token can stop,
/// hands back outputs by name, and disposes every ONNX Runtime object it makes. ONNX Runtime lets many threads run one
/// session at once.
/// </summary>
public sealed class OnnxSession : IDisposable
{
    private readonly InferenceSession _session;

    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejects the graph.</exception>
    public OnnxSession(byte[] model, OnnxSessionSettings? settings = null)
        : this(options => new InferenceSession(model, options), settings)
    {
    }

    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejects the graph.</exception>
    public OnnxSession(string path, OnnxSessionSettings? settings = null)
        : this(options => new InferenceSession(path, options), settings)
    {
    }

    private OnnxSession(Func<SessionOptions, InferenceSession> create, OnnxSessionSettings? settings)
    {
        // The session keeps its own copy of the options, so they are released as soon as it exists.
        using var options = CreateOptions(settings ?? new OnnxSessionSettings());
        _session = create(options);
    }

    public IReadOnlyDictionary<string, NodeMetadata> InputMetadata => _session.InputMetadata;

    public IReadOnlyDictionary<string, NodeMetadata> OutputMetadata => _session.OutputMetadata;

    public IReadOnlyList<string> OutputNames => _session.OutputNames;

    /// <summary>
    /// Runs the graph on <paramref name="input"/> (not copied) seen as a tensor of <paramref name="shape"/>.
    /// </summary>
    /// <param name="outputs">The outputs to compute, by name; the results keep them by the same names.</param>
    /// <exception cref="OnnxRuntimeException">The run fails, or is cancelled.</exception>
    public OnnxResults Run(
        Memory<float> input, long[] shape, IReadOnlyList<string> outputs, CancellationToken cancellationToken = default)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input, shape);
        return Run(value, outputs, cancellationToken);
    }

    /// <summary>Runs the graph on a tensor the caller owns (and may reuse across runs).</summary>
    /// <exception cref="OnnxRuntimeException">The run fails, or is cancelled.</exception>
    public OnnxResults Run(OrtValue input, IReadOnlyList<string> outputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(outputs);
        using var runOptions = new RunOptions();
        using var cancel = cancellationToken.Register(() => runOptions.Terminate = true);
        return new OnnxResults(outputs, _session.Run(runOptions, [GraphNames.Input], [input], outputs));
    }

    /// <summary>Ends profiling (the session must have a profile prefix) and returns the profile's JSON file.</summary>
    public string EndProfiling() => _session.EndProfiling();

    public void Dispose() => _session.Dispose();

    private static SessionOptions CreateOptions(OnnxSessionSettings settings)
    {
        var options = new SessionOptions { GraphOptimizationLevel = settings.OptimizationLevel };
        if (settings.IntraOpThreads > 0)
        {
            options.IntraOpNumThreads = settings.IntraOpThreads;
        }

        if (settings.InterOpThreads > 0)
        {
            options.InterOpNumThreads = settings.InterOpThreads;
        }

        if (settings.ProfilePrefix is not null)
        {
            options.EnableProfiling = true;
            options.ProfileOutputPathPrefix = settings.ProfilePrefix;
        }

        return options;
    }
}
