namespace Hydra.Serving.Scoring;

/// <summary>The outputs computed for one batch, by name, in the order they were requested.</summary>
public sealed class ScoreResult
{
    public ScoreResult(string modelName, ModelVersion version, int rows, IReadOnlyList<OutputTensor> outputs)
    {
        ModelName = modelName;
        Version = version;
        Rows = rows;
        Outputs = outputs;
    }

    public string ModelName { get; }

    public ModelVersion Version { get; }

    public int Rows { get; }

    public IReadOnlyList<OutputTensor> Outputs { get; }

    /// <summary>The output named <paramref name="name"/>, or null when it was not requested.</summary>
    public OutputTensor? Find(string name) => Outputs.FirstOrDefault(o => o.Name == name);

    /// <exception cref="KeyNotFoundException">The output was not computed.</exception>
    public OutputTensor Get(string name) => Find(name) ?? throw new KeyNotFoundException(
        $"Output '{name}' was not computed.");
}
