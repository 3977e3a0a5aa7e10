using Hydra.Core.Errors;

namespace Hydra.Serving.Scoring;

/// <summary>No ready model by that name (no manifest under <c>models/{name}/</c>).</summary>
public sealed class ModelNotFoundException : ScoringException
{
    public const string ErrorCode = "unknown-model";

    public ModelNotFoundException(string name)
        : base(ErrorCode, ErrorKind.NotFound, $"No model named '{name}'.")
    {
        ModelName = name;
    }

    public string ModelName { get; }
}
