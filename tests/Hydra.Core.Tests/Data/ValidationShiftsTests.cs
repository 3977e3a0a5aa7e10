using Hydra.Core.Data;

namespace Hydra.Core.Tests.Data;

public sealed class ValidationShiftsTests
{
    [Fact]
    public void Inverted_EveryPixel_IsOneMinusTheOriginal()
    {
        var rows = Images(3, seed: 1);

        var inverted = ValidationShifts.Inverted(rows);

        Assert.Equal(rows.RowShape, inverted.RowShape);
        for (var i = 0; i < rows.Features.Length; i++)
        {
            Assert.Equal(1f - rows.Features[i], inverted.Features[i]);
        }
    }

    [Fact]
    public void BlurredShifted_OnePixel_BecomesAThreeByThreeSquareOfNinthsMovedByTheShift()
    {
        var pixels = new float[28 * 28];
        pixels[(14 * 28) + 14] = 1f;
        var rows = new Dataset("one", pixels, [1, 28, 28]);

        var shifted = ValidationShifts.BlurredShifted(rows, seed: 3);

        // The blur spreads the pixel over its 3×3 neighbourhood; the shift moves that square by 4–8 pixels per axis.
        var lit = Enumerable.Range(0, 28 * 28).Where(i => shifted.Features[i] > 0).ToArray();
        Assert.Equal(9, lit.Length);
        Assert.All(lit, i => Assert.Equal(1f / 9, shifted.Features[i], 6));
        var (y, x) = (lit.Average(i => i / 28), lit.Average(i => i % 28));
        Assert.InRange(Math.Abs(y - 14), ValidationShifts.MinShift, ValidationShifts.MaxShift);
        Assert.InRange(Math.Abs(x - 14), ValidationShifts.MinShift, ValidationShifts.MaxShift);
    }

    [Fact]
    public void PatchShuffled_EachImage_KeepsItsPatchesInAnotherOrder()
    {
        var rows = Images(4, seed: 5);

        var shuffled = ValidationShifts.PatchShuffled(rows, seed: 6);

        for (var r = 0; r < rows.Count; r++)
        {
            var original = Patches(rows.Row(r).ToArray());
            var moved = Patches(shuffled.Row(r).ToArray());
            Assert.Equal(original.Order(StringComparer.Ordinal), moved.Order(StringComparer.Ordinal));
            Assert.NotEqual(original, moved);
        }
    }

    [Fact]
    public void Gratings_Values_StayInTheUnitRangeAndVaryAcrossImages()
    {
        var gratings = ValidationShifts.Gratings(50, [1, 28, 28], seed: 7);

        Assert.All(gratings.Features, v => Assert.InRange(v, 0f, 1f));
        Assert.NotEqual(gratings.Row(0).ToArray(), gratings.Row(1).ToArray());
        Assert.Equal(50, gratings.Count);
    }

    [Fact]
    public void All_SameSeed_GivesTheSameFiveSets()
    {
        var rows = Images(10, seed: 8);

        var a = ValidationShifts.All(rows, 6, seed: 9);
        var b = ValidationShifts.All(rows, 6, seed: 9);

        Assert.Equal(["blur-shift", "gratings", "inverted", "patches", "strokes"],
            a.Keys.Order(StringComparer.Ordinal));
        Assert.All(a, pair =>
        {
            Assert.Equal(6, pair.Value.Count);
            Assert.Equal(pair.Value.Features, b[pair.Key].Features);
        });
    }

    [Fact]
    public void Strokes_AreLightLinesOnADarkGroundInsideTheMargin()
    {
        var strokes = ValidationShifts.Strokes(40, [1, 28, 28], seed: 3);

        Assert.Equal(40, strokes.Count);
        Assert.Equal([1, 28, 28], strokes.RowShape);
        Assert.All(strokes.Features, v => Assert.InRange(v, 0f, 1f));
        for (var r = 0; r < strokes.Count; r++)
        {
            var image = strokes.Row(r).ToArray();
            // Curves lie at least 4 pixels inside; ink reaches at most 2 + ½ pixels from them, so the outer two rings
            // stay dark.
            for (var i = 0; i < 28; i++)
            {
                (int Y, int X)[] ring = [(0, i), (1, i), (26, i), (27, i), (i, 0), (i, 1), (i, 26), (i, 27)];
                foreach (var (y, x) in ring)
                {
                    Assert.Equal(0f, image[(y * 28) + x]);
                }
            }

            // Every curve sample lies within √½ pixel of a pixel centre, which then gets at least 1 + ½ − √½ of ink.
            Assert.True(image.Max() >= 1.5f - MathF.Sqrt(0.5f) - 1e-6f, $"image {r}: max {image.Max()}");
        }

        // Mostly ground: one to three strokes a few pixels wide light a tenth or so of the image.
        Assert.InRange(strokes.Features.Count(v => v > 0.5f) / (double)strokes.Features.Length, 0.02, 0.3);

        Assert.NotEqual(strokes.Row(0).ToArray(), strokes.Row(1).ToArray());
        Assert.Equal(strokes.Features, ValidationShifts.Strokes(40, [1, 28, 28], seed: 3).Features);
    }

    [Fact]
    public void Strokes_ImageTooSmall_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => ValidationShifts.Strokes(1, [1, 8, 8], seed: 1));

        Assert.StartsWith("Images of 8×8 are too small for strokes.", error.Message);
    }

    private static Dataset Images(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[count * 28 * 28];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = random.NextSingle();
        }

        return new Dataset("images", pixels, [1, 28, 28]);
    }

    /// <summary>The 16 patches of a 28×28 image, each as text, in raster order.</summary>
    private static List<string> Patches(float[] image)
    {
        var side = ValidationShifts.PatchSide;
        var patches = new List<string>();
        for (var py = 0; py < 28; py += side)
        {
            for (var px = 0; px < 28; px += side)
            {
                var values = Enumerable.Range(0, side * side)
                    .Select(k => image[((py + (k / side)) * 28) + px + (k % side)]);
                patches.Add(string.Join(',', values));
            }
        }

        return patches;
    }
}
