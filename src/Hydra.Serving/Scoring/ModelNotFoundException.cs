namespace Hydra.Serving.Scoring;

/// <summary>No ready model by that name (no manifest under <c>models/{name}/</c>).</summary>
public sealed class ModelNotFoundException : ScoringException
{
    public ModelNotFoundException(string name)
        : base("unknown-model", $"No model named '{name}'.")
    {
        ModelName = name;
    }

    public string ModelName { get; }
}
