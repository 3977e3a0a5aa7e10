using System.Text.Json.Serialization;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// How a row given by column name becomes the model's raw input row: <see cref="Columns"/> in order, each imputed
/// (when <see cref="Impute"/> says so) and one-hot encoded if categorical. The normalisation of the
/// <see cref="Models.InputSpec"/> that holds it is applied after. Kept in the model card and the manifest.
/// </summary>
public sealed record TabularSchema(IReadOnlyList<FeatureColumn> Columns)
{
    public ImputeStrategy Impute { get; init; }

    /// <summary>
    /// Columns of the data file that are not features (the label, ids, exclusions): allowed and ignored.
    /// </summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];

    /// <summary>The number of encoded values: the model's input width.</summary>
    [JsonIgnore]
    public int Width => Columns.Sum(c => c.Width);

    /// <summary>The raw columns a row must have, in order.</summary>
    [JsonIgnore]
    public IEnumerable<string> FeatureNames => Columns.Select(c => c.Name);

    /// <summary>A name for each encoded value: the column's, or "column=category" for a one-hot value.</summary>
    [JsonIgnore]
    public IEnumerable<string> EncodedNames => Columns.SelectMany(c => c.Kind == ColumnKind.Categorical
        ? c.Categories!.Select(category => $"{c.Name}={category}")
        : [c.Name]);
}
