namespace Hydra.Core.Data;

/// <summary>
/// Out-of-distribution sets made from held-out grey images in [0, 1] ([1, H, W] rows), for choosing settings without
/// looking at the OOD sets a benchmark reports (Fashion-MNIST's are sklearn digits and uniform noise, so none of
/// these is either): the image inverted, blurred and shifted, cut into patches and shuffled, and two synthetic families
/// of their own, sine gratings and pen strokes (clean line drawings on a dark ground). Each is seeded and
/// reproducible.
/// </summary>
public static class ValidationShifts
{
    /// <summary>The side, in pixels, of the square patches <see cref="PatchShuffled"/> permutes.</summary>
    public const int PatchSide = 7;

    /// <summary>The smallest and largest shift, in pixels along each axis, of <see cref="BlurredShifted"/>.</summary>
    public const int MinShift = 4;

    public const int MaxShift = 8;

    /// <summary>How far inside the border, in pixels, a stroke's ends and control point lie.</summary>
    public const int StrokeMargin = 4;

    private const int StrokeSamples = 48;

    /// <summary>The five sets by name, each from the first <paramref name="count"/> rows of <paramref name="source"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, Dataset> All(Dataset source, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        var rows = source.Subset([.. Enumerable.Range(0, Math.Min(count, source.Count))], source.Name);
        return new Dictionary<string, Dataset>(StringComparer.Ordinal)
        {
            ["inverted"] = Inverted(rows),
            ["blur-shift"] = BlurredShifted(rows, seed),
            ["patches"] = PatchShuffled(rows, seed + 1),
            ["gratings"] = Gratings(rows.Count, rows.RowShape, seed + 2),
            ["strokes"] = Strokes(rows.Count, rows.RowShape, seed + 3),
        };
    }

    /// <summary>1 − x per pixel: the same shapes, light on dark turned dark on light.</summary>
    public static Dataset Inverted(Dataset rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Unlabelled("inverted", [.. rows.Features.Select(v => 1f - v)], rows.RowShape);
    }

    /// <summary>A 3×3 box blur, then a shift of <see cref="MinShift"/>–<see cref="MaxShift"/> pixels along each axis
    /// (sign at random), filling with 0.</summary>
    public static Dataset BlurredShifted(Dataset rows, int seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var (height, width) = Plane(rows);
        var random = new Random(seed);
        var result = new float[rows.Features.Length];
        for (var r = 0; r < rows.Count; r++)
        {
            var dy = Shift(random);
            var dx = Shift(random);
            var offset = r * height * width;
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var (sy, sx) = (y - dy, x - dx);
                    result[offset + (y * width) + x] = sy < 0 || sy >= height || sx < 0 || sx >= width
                        ? 0f
                        : Blurred(rows.Features, offset, height, width, sy, sx);
                }
            }
        }

        return Unlabelled("blur-shift", result, rows.RowShape);
    }

    /// <summary>The image cut into <see cref="PatchSide"/>-pixel squares, put back in a random order per image.
    /// </summary>
    public static Dataset PatchShuffled(Dataset rows, int seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var (height, width) = Plane(rows);
        if (height % PatchSide != 0 || width % PatchSide != 0)
        {
            throw new ArgumentException(
                $"Images of {height}×{width} do not split into {PatchSide}-pixel patches.", nameof(rows));
        }

        var (across, down) = (width / PatchSide, height / PatchSide);
        var random = new Random(seed);
        var result = new float[rows.Features.Length];
        var order = Enumerable.Range(0, across * down).ToArray();
        for (var r = 0; r < rows.Count; r++)
        {
            random.Shuffle(order);
            var offset = r * height * width;
            for (var target = 0; target < order.Length; target++)
            {
                var (ty, tx) = (target / across * PatchSide, target % across * PatchSide);
                var (sy, sx) = (order[target] / across * PatchSide, order[target] % across * PatchSide);
                for (var y = 0; y < PatchSide; y++)
                {
                    Array.Copy(rows.Features, offset + ((sy + y) * width) + sx, result,
                        offset + ((ty + y) * width) + tx, PatchSide);
                }
            }
        }

        return Unlabelled("patches", result, rows.RowShape);
    }

    /// <summary>
    /// 0.5 + 0.5 · sin(2π f (x cos θ + y sin θ) + φ) with θ, φ uniform, f uniform in [1/14, 1/3] cycles per
    /// pixel.
    /// </summary>
    public static Dataset Gratings(int count, int[] rowShape, int seed)
    {
        ArgumentNullException.ThrowIfNull(rowShape);
        var height = rowShape[^2];
        var width = rowShape[^1];
        var random = new Random(seed);
        var result = new float[count * height * width];
        for (var r = 0; r < count; r++)
        {
            var theta = random.NextDouble() * Math.PI;
            var phase = random.NextDouble() * 2 * Math.PI;
            var frequency = (1.0 / 14) + (random.NextDouble() * ((1.0 / 3) - (1.0 / 14)));
            var (c, s) = (Math.Cos(theta), Math.Sin(theta));
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    result[(r * height * width) + (y * width) + x] =
                        (float)(0.5 + (0.5 * Math.Sin((2 * Math.PI * frequency * ((x * c) + (y * s))) + phase)));
                }
            }
        }

        return Unlabelled("gratings", result, rowShape);
    }

    /// <summary>
    /// One to three pen strokes per image, light on a dark ground: quadratic Bézier curves whose ends and control point
    /// lie at least <see cref="StrokeMargin"/> pixels inside the border, drawn with a half-width of 1–2 pixels and a
    /// one-pixel soft edge (a pixel at distance d from the curve gets clamp(w + ½ − d, 0, 1)).
    /// </summary>
    public static Dataset Strokes(int count, int[] rowShape, int seed)
    {
        ArgumentNullException.ThrowIfNull(rowShape);
        var (height, width) = (rowShape[^2], rowShape[^1]);
        if (height <= 2 * StrokeMargin || width <= 2 * StrokeMargin)
        {
            throw new ArgumentException($"Images of {height}×{width} are too small for strokes.", nameof(rowShape));
        }

        var random = new Random(seed);
        var result = new float[count * height * width];
        var points = new (double Y, double X)[StrokeSamples];
        for (var r = 0; r < count; r++)
        {
            var offset = r * height * width;
            var strokes = random.Next(1, 4);
            for (var k = 0; k < strokes; k++)
            {
                var (a, b, c) = (Point(random, height, width), Point(random, height, width),
                    Point(random, height, width));
                var halfWidth = 1 + random.NextDouble();
                for (var i = 0; i < StrokeSamples; i++)
                {
                    var t = i / (double)(StrokeSamples - 1);
                    var (u, v, w) = ((1 - t) * (1 - t), 2 * t * (1 - t), t * t);
                    points[i] = ((u * a.Y) + (v * b.Y) + (w * c.Y), (u * a.X) + (v * b.X) + (w * c.X));
                }

                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        var nearest = double.MaxValue;
                        foreach (var (py, px) in points)
                        {
                            nearest = Math.Min(nearest, ((py - y) * (py - y)) + ((px - x) * (px - x)));
                        }

                        var ink = (float)Math.Clamp(halfWidth + 0.5 - Math.Sqrt(nearest), 0, 1);
                        var index = offset + (y * width) + x;
                        result[index] = Math.Max(result[index], ink);
                    }
                }
            }
        }

        return Unlabelled("strokes", result, rowShape);
    }

    private static (double Y, double X) Point(Random random, int height, int width) =>
        (StrokeMargin + (random.NextDouble() * (height - 1 - (2 * StrokeMargin))),
            StrokeMargin + (random.NextDouble() * (width - 1 - (2 * StrokeMargin))));

    private static float Blurred(float[] pixels, int offset, int height, int width, int y, int x)
    {
        var (sum, n) = (0f, 0);
        for (var ny = Math.Max(0, y - 1); ny <= Math.Min(height - 1, y + 1); ny++)
        {
            for (var nx = Math.Max(0, x - 1); nx <= Math.Min(width - 1, x + 1); nx++)
            {
                sum += pixels[offset + (ny * width) + nx];
                n++;
            }
        }

        return sum / n;
    }

    private static int Shift(Random random) =>
        random.Next(MinShift, MaxShift + 1) * (random.Next(2) == 0 ? -1 : 1);

    private static (int Height, int Width) Plane(Dataset rows)
    {
        if (rows.RowShape is not [1, var height, var width])
        {
            throw new ArgumentException(
                $"Rows of shape [{string.Join(',', rows.RowShape)}] are not one-channel images.", nameof(rows));
        }

        return (height, width);
    }

    private static Dataset Unlabelled(string name, float[] features, int[] rowShape) =>
        new(name, features, [.. rowShape]);
}
