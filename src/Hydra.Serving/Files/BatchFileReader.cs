using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Errors;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Files;

/// <summary>
/// Reads rows of raw features for batch scoring (<c>hydra score</c>, blob batch scoring): CSV (header optional),
/// NPY (float32 or float64, C order, shape [N, …] whose trailing dimensions hold one row) or JSON (<c>{"rows": …}</c>).
/// Values are not checked here; the model's input batch rejects non-finite ones with their row and column. For a model
/// trained on a table with named columns, a CSV whose header names its columns and JSON rows that are objects are read
/// by column name and encoded by the model's schema (imputation, one-hot), as the JSON route does.
/// </summary>
public static partial class BatchFileReader
{
    /// <exception cref="InputNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidInputException">An unknown extension, a malformed file, or rows of the wrong
    /// width.</exception>
    public static async Task<IReadOnlyList<float[]>> ReadAsync(string path, int rowLength, TabularSchema? schema,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowLength, 1);
        if (!File.Exists(path))
        {
            throw new InputNotFoundException("Input file", path);
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        return Read(path, bytes, rowLength, schema);
    }

    /// <summary>Rows of a file's content, the format chosen by the name's extension (.csv, .npy, .json).</summary>
    /// <exception cref="InvalidInputException">An unknown extension, a malformed file, or rows of the wrong
    /// width.</exception>
    /// <param name="schema">The model's column schema, when it was trained on a table with named columns.</param>
    public static IReadOnlyList<float[]> Read(string name, ReadOnlySpan<byte> content, int rowLength,
        TabularSchema? schema = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowLength, 1);
        return Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".csv" => NamedCsvRows.IsNamed(Encoding.UTF8.GetString(content), schema)
                ? NamedCsvRows.Read(Encoding.UTF8.GetString(content), schema!)
                : ReadCsv(Encoding.UTF8.GetString(content), rowLength),
            ".npy" => ReadNpy(content, rowLength),
            ".json" => ReadJson(content, rowLength, schema),
            var other => throw new InvalidInputException(
                $"{name}: unknown input format '{other}' (use .csv, .npy or .json)."),
        };
    }

    public static IReadOnlyList<float[]> ReadCsv(string text, int rowLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<float[]>();
        string[]? header = null;
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r').Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            var values = new float[fields.Length];
            var bad = -1;
            for (var i = 0; i < fields.Length && bad < 0; i++)
            {
                if (!float.TryParse(fields[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                {
                    bad = i;
                }
            }

            if (bad >= 0 && rows.Count == 0 && header is null && lineNumber == FirstContentLine(text))
            {
                header = [.. fields.Select(f => f.Trim())];
                continue;
            }

            if (bad >= 0)
            {
                throw NotANumber(lineNumber, bad, fields[bad].Trim(), header, rows.Count);
            }

            rows.Add(CheckWidth(values, rows.Count, rowLength));
        }

        return rows;
    }

    /// <summary>Names the column by its header name when the file has one, else by its one-based position.</summary>
    private static InvalidInputException NotANumber(int lineNumber, int column, string value, string[]? header, int row)
    {
        var name = header is not null && column < header.Length && header[column].Length > 0
            ? $"'{header[column]}'"
            : (column + 1).ToString(CultureInfo.InvariantCulture);
        var message = $"CSV line {lineNumber}, column {name}: '{value}' is not a number.";
        return new InvalidInputException(message, row, column);
    }

    public static IReadOnlyList<float[]> ReadNpy(ReadOnlySpan<byte> bytes, int rowLength)
    {
        if (bytes.Length < 10 || bytes[0] != 0x93 || !bytes[1..6].SequenceEqual("NUMPY"u8))
        {
            throw new InvalidInputException("NPY: the file does not start with the \\x93NUMPY magic.");
        }

        var major = bytes[6];
        var (headerLength, headerStart) = major == 1
            ? (BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]), 10)
            : ((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]), 12);
        if (headerStart + headerLength > bytes.Length)
        {
            throw new InvalidInputException("NPY: the header runs past the end of the file.");
        }

        var header = Encoding.ASCII.GetString(bytes.Slice(headerStart, headerLength));
        var descr = DescrPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !shapeMatch.Success)
        {
            throw new InvalidInputException($"NPY: cannot read descr and shape from the header {header.Trim()}.");
        }

        if (header.Contains("'fortran_order': True", StringComparison.Ordinal))
        {
            throw new InvalidInputException("NPY: Fortran-ordered arrays are not supported; save with C order.");
        }

        var size = descr.Groups[2].Value switch
        {
            "f4" => 4,
            "f8" => 8,
            var other => throw new InvalidInputException($"NPY: dtype {other} is not supported (float32 or float64)."),
        };
        if (descr.Groups[1].Value == ">")
        {
            throw new InvalidInputException("NPY: big-endian data is not supported.");
        }

        var shape = shapeMatch.Groups[1].Value.Split(',',
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.Parse(d, CultureInfo.InvariantCulture)).ToArray();
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var rows = shape.Length <= 1 ? (count == rowLength ? 1 : -1) : shape[0];
        if (rows < 0 || (shape.Length > 1 && shape.Skip(1).Aggregate(1L, (a, b) => a * b) != rowLength))
        {
            throw new InvalidInputException(
                $"NPY: shape ({string.Join(", ", shape)}) does not hold rows of {rowLength} values.");
        }

        var data = bytes[(headerStart + headerLength)..];
        if (data.Length != count * size)
        {
            throw new InvalidInputException($"NPY: {data.Length} data bytes, the shape needs {count * size}.");
        }

        var result = new List<float[]>((int)rows);
        for (var r = 0; r < rows; r++)
        {
            var row = new float[rowLength];
            for (var c = 0; c < rowLength; c++)
            {
                var offset = ((r * rowLength) + c) * size;
                row[c] = size == 4
                    ? BinaryPrimitives.ReadSingleLittleEndian(data[offset..])
                    : (float)BinaryPrimitives.ReadDoubleLittleEndian(data[offset..]);
            }

            result.Add(row);
        }

        return result;
    }

    public static IReadOnlyList<float[]> ReadJson(ReadOnlySpan<byte> utf8Json, int rowLength,
        TabularSchema? schema = null)
    {
        JsonElement root;
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            root = JsonElement.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"JSON: {ex.Message}", innerException: ex);
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("rows", out var rowsElement)
            || rowsElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidInputException("JSON: expected an object with a \"rows\" array of arrays.");
        }

        var rows = new List<float[]>();
        foreach (var row in rowsElement.EnumerateArray())
        {
            if (row.ValueKind == JsonValueKind.Object)
            {
                rows.Add(NamedCsvRows.Encode(schema, row.EnumerateObject().Select(p => (p.Name, (object?)p.Value)),
                    rows.Count, $"Row {rows.Count}"));
                continue;
            }

            var values = new List<float>();
            Flatten(row, values, rows.Count);
            rows.Add(CheckWidth([.. values], rows.Count, rowLength));
        }

        return rows;
    }

    private static void Flatten(JsonElement element, List<float> values, int row)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                values.Add(element.TryGetDouble(out var value) ? (float)value : float.PositiveInfinity);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, values, row);
                }

                break;
            default:
                throw new InvalidInputException(
                    $"JSON: row {row} holds a {element.ValueKind.ToString().ToLowerInvariant()}, not a number.", row,
                        values.Count);
        }
    }

    private static float[] CheckWidth(float[] values, int row, int rowLength) =>
        values.Length == rowLength ? values
        : throw new InvalidInputException($"Row {row} has {values.Length} values; the model expects {rowLength}.", row);

    private static int FirstContentLine(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length > 0)
            {
                return i + 1;
            }
        }

        return 0;
    }

    [GeneratedRegex(@"'descr':\s*'([<>|=]?)([a-z]\d+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
