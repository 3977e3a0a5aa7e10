using System.Text.Json.Serialization;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// One raw column a row must have, as the model was trained on it: a number, or a category one-hot encoded over
/// <see cref="Categories"/> (in that order; a category not among them encodes as all zeros).
/// </summary>
public sealed record FeatureColumn(string Name, ColumnKind Kind)
{
    /// <summary>Categorical only: the training split's categories, sorted ordinally.</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>Numeric only, with imputation: the value a missing cell takes.</summary>
    public float? Fill { get; init; }

    /// <summary>
    /// Categorical only, with mean or median imputation: the category a missing cell takes (null: all zeros).
    /// </summary>
    public string? FillCategory { get; init; }

    /// <summary>How many encoded values the column becomes: 1, or one per category.</summary>
    [JsonIgnore]
    public int Width => Kind == ColumnKind.Categorical ? Categories?.Count ?? 0 : 1;
}
