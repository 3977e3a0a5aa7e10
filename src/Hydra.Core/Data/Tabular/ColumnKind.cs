namespace Hydra.Core.Data.Tabular;

/// <summary>What the values of a column of a data file are.</summary>
public enum ColumnKind
{
    /// <summary>Every value present is a finite number.</summary>
    Numeric,

    /// <summary>Every value present is text that is not a number: one-hot encoded as a feature.</summary>
    Categorical,

    /// <summary>Text whose values are (almost) all distinct, such as an id or a name: left out.</summary>
    Identifier,

    /// <summary>Numbers and text together: an error when the column is used.</summary>
    Mixed,

    /// <summary>Every cell is missing.</summary>
    Empty,

    /// <summary>A type a table cannot hold (a Parquet list, struct, map or binary column): an error when used.
    /// </summary>
    Unsupported,
}
