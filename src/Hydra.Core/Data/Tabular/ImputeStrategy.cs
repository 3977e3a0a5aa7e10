namespace Hydra.Core.Data.Tabular;

/// <summary>How missing feature cells are filled; every value is fitted on the training split.</summary>
public enum ImputeStrategy
{
    /// <summary>A missing cell is an error that names the file, the line and the column.</summary>
    None,

    /// <summary>A numeric column's training mean; a categorical column's most frequent training category.</summary>
    Mean,

    /// <summary>A numeric column's training median; a categorical column's most frequent training category.</summary>
    Median,

    /// <summary>0 for a numeric column; all zeros (no category) for a categorical one.</summary>
    Zero,
}
