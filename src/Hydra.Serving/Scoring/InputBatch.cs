using System.Buffers;
using System.Numerics;
using Hydra.Core.Data;

namespace Hydra.Serving.Scoring;

/// <summary>
/// The graph's input for one request: a pooled float buffer that raw values are appended to in row-major order. Each
/// value is checked (finite) and normalised as it is written, so the buffer is filled in one pass and handed to ONNX
/// Runtime without another copy. Tabular regression models add a per-feature z-score after the value normalisation.
/// </summary>
public sealed class InputBatch : IDisposable
{
    private readonly float _mean;
    private readonly float _scale;
    private readonly float[]? _featureMean;
    private readonly float[]? _featureStd;
    private float[]? _buffer;
    private int _count;

    internal InputBatch(int rows, int rowLength, Normalization normalization, FeatureNormalization? features = null)
    {
        if (features is not null && (features.Mean.Length != rowLength || features.Std.Length != rowLength))
        {
            throw new ArgumentException(
                $"Feature normalisation has {features.Mean.Length} means for rows of {rowLength}.", nameof(features));
        }

        _featureMean = features?.Mean;
        _featureStd = features?.Std;
        Rows = rows;
        RowLength = rowLength;
        Length = checked(rows * rowLength);
        _mean = normalization.Mean;
        // The same arithmetic as Normalization.Apply, which the trainer used: (x − mean) · (1 / std).
        _scale = 1f / normalization.Std;
        _buffer = ArrayPool<float>.Shared.Rent(Length);
    }

    public int Rows { get; }

    public int RowLength { get; }

    /// <summary>Values the batch holds when complete: rows × row length.</summary>
    public int Length { get; }

    /// <summary>Values appended so far.</summary>
    public int Count => _count;

    public bool IsComplete => _count == Length;

    /// <summary>Appends one raw value.</summary>
    /// <exception cref="InvalidInputException">More values than the batch holds, or the value is NaN or
    /// infinite.</exception>
    public void Append(float value)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(InputBatch));
        if (_count >= Length)
        {
            throw new InvalidInputException($"More than {Length} values for {Rows} rows of {RowLength}.");
        }

        if (!float.IsFinite(value))
        {
            var row = _count / RowLength;
            var column = _count % RowLength;
            throw new InvalidInputException($"Row {row}, column {column}: {value} is not a finite number.", row,
                column);
        }

        var normalised = (value - _mean) * _scale;
        if (_featureMean is not null)
        {
            // Then the per-feature z-score, as FeatureNormalization.Apply computes it: (x − mean_j) / std_j.
            var j = _count % RowLength;
            normalised = (normalised - _featureMean[j]) / _featureStd![j];
        }

        buffer[_count++] = normalised;
    }

    /// <summary>Appends one raw value given in double precision (JSON numbers, float64 files).</summary>
    public void Append(double value) => Append((float)value);

    /// <summary>Appends a whole row of raw values.</summary>
    public void AppendRow(ReadOnlySpan<float> row)
    {
        if (row.Length != RowLength)
        {
            throw new InvalidInputException(
                $"Row {_count / RowLength} has {row.Length} values; the model expects {RowLength}.",
                    _count / RowLength);
        }

        AppendValues(row);
    }

    /// <summary>
    /// Appends raw values in bulk (a binary tensor, a row): the same checks and the same arithmetic as
    /// <see cref="Append(float)"/> value by value, a vector at a time.
    /// </summary>
    /// <exception cref="InvalidInputException">More values than the batch holds, or one is NaN or infinite (named by
    /// its row and column).</exception>
    public void AppendValues(ReadOnlySpan<float> values)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(InputBatch));
        if (values.Length > Length - _count)
        {
            throw new InvalidInputException($"More than {Length} values for {Rows} rows of {RowLength}.");
        }

        var firstBad = FirstNonFinite(values);
        var bad = firstBad >= 0 ? values[firstBad] : 0f;
        if (firstBad >= 0)
        {
            // The values before it are kept, as value-by-value appends would have kept them; the error names it.
            values = values[..firstBad];
        }

        var target = buffer.AsSpan(_count, values.Length);
        Normalise(values, target);
        if (_featureMean is not null)
        {
            ApplyFeatureScores(target, _count);
        }

        _count += values.Length;
        if (firstBad >= 0)
        {
            Append(bad);
        }
    }

    /// <summary>The normalised values, for the session (valid until the batch is disposed).</summary>
    /// <exception cref="InvalidInputException">Fewer values were appended than the batch holds.</exception>
    internal Memory<float> CompletedMemory()
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(InputBatch));
        if (!IsComplete)
        {
            throw new InvalidInputException($"Expected {Length} values ({Rows} rows of {RowLength}) but got {_count}.");
        }

        return buffer.AsMemory(0, Length);
    }

    /// <summary>The index of the first NaN or infinity, or −1 (x − x is 0 for a finite x, NaN otherwise).</summary>
    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(values[i..]);
                if (!Vector.EqualsAll(v - v, Vector<float>.Zero))
                {
                    break;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private void Normalise(ReadOnlySpan<float> values, Span<float> target)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var mean = new Vector<float>(_mean);
            var scale = new Vector<float>(_scale);
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                ((new Vector<float>(values[i..]) - mean) * scale).CopyTo(target[i..]);
            }
        }

        for (; i < values.Length; i++)
        {
            target[i] = (values[i] - _mean) * _scale;
        }
    }

    /// <summary>The per-feature z-score over values already normalised, the first of which is at flat index
    /// <paramref name="start"/>.</summary>
    private void ApplyFeatureScores(Span<float> target, int start)
    {
        for (var i = 0; i < target.Length; i++)
        {
            var j = (start + i) % RowLength;
            target[i] = (target[i] - _featureMean![j]) / _featureStd![j];
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
