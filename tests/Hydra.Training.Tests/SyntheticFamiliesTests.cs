using Hydra.Core.Errors;
using Hydra.Training.Losses;
using Hydra.Training.Pipeline;
using static TorchSharp.torch;

namespace Hydra.Training.Tests;

[Collection(LibTorchTests.Name)]
public class SyntheticFamiliesTests
{
    [Fact]
    public void Blend_EachRowIsAnEvenMixOfItselfAndOneOtherRow()
    {
        random.manual_seed(21);
        // Row i is i·10 everywhere, so a blend of rows i and j is one value per row: λ·10i + (1 − λ)·10j.
        using var batch = (arange(0, 16, dtype: ScalarType.Float32) * 10).reshape(16, 1).expand(16, 5).contiguous();

        using var made = OffManifoldInputs.Make(batch, Only(SyntheticFamilies.Blend));
        var values = made.data<float>().ToArray();

        var blended = 0;
        for (var row = 0; row < 16; row++)
        {
            var first = values[row * 5];
            Assert.All(values.Skip(row * 5).Take(5), v => Assert.Equal(first, v, 4));
            var own = row * 10f;
            if (Math.Abs(first - own) < 1e-4)
            {
                continue; // its partner was itself
            }

            blended++;
            // Some partner j gives λ = (v − 10j) / (10i − 10j) within [0.25, 0.75].
            Assert.Contains(Enumerable.Range(0, 16).Where(j => j != row), j =>
            {
                var lambda = (first - (j * 10f)) / (own - (j * 10f));
                return lambda is >= 0.25f - 1e-4f and <= 0.75f + 1e-4f;
            });
        }

        Assert.True(blended >= 12, $"{blended} of 16 rows blended");
    }

    [Fact]
    public void CutMix_Images_PasteOneFullRectangleOfAnotherRowWithSidesOfThirtyToSeventyPercent()
    {
        random.manual_seed(22);
        // Row i is i everywhere, so the pasted pixels are those that differ from i, all with the partner's value.
        using var batch = arange(0, 24, dtype: ScalarType.Float32).reshape(24, 1, 1, 1).expand(24, 1, 10, 10)
            .contiguous();

        using var made = OffManifoldInputs.Make(batch, Only(SyntheticFamilies.CutMix));

        Assert.Equal(batch.shape, made.shape);
        var pasted = 0;
        for (var row = 0; row < 24; row++)
        {
            var pixels = made[row].flatten().data<float>().ToArray();
            var changed = Enumerable.Range(0, 100).Where(i => pixels[i] != row).ToArray();
            if (changed.Length == 0)
            {
                continue; // its partner was itself
            }

            pasted++;
            Assert.Single(changed.Select(i => pixels[i]).Distinct());
            var (top, bottom) = (changed.Min(i => i / 10), changed.Max(i => i / 10));
            var (left, right) = (changed.Min(i => i % 10), changed.Max(i => i % 10));
            // floor((0.3 … 0.7) · 10) = 3 … 7 pixels a side, and the rectangle is full.
            Assert.InRange(bottom - top + 1, 3, 7);
            Assert.InRange(right - left + 1, 3, 7);
            Assert.Equal((bottom - top + 1) * (right - left + 1), changed.Length);
        }

        Assert.True(pasted >= 18, $"{pasted} of 24 rows pasted");
    }

    [Fact]
    public void CutMix_FlatRows_TakeEachFeatureFromOneOfTheTwoRows()
    {
        random.manual_seed(23);
        using var batch = arange(0, 8, dtype: ScalarType.Float32).reshape(8, 1).expand(8, 400).contiguous();

        using var made = OffManifoldInputs.Make(batch, Only(SyntheticFamilies.CutMix));

        for (var row = 0; row < 8; row++)
        {
            var values = made[row].data<float>().ToArray();
            var others = values.Where(v => v != row).Distinct().ToArray();
            Assert.True(others.Length <= 1, $"row {row} mixes more than one other row");
            if (others.Length == 1)
            {
                // Each feature from the partner with probability ½: 400 draws land within 0.35–0.65.
                Assert.InRange(values.Count(v => v != row) / 400.0, 0.35, 0.65);
            }
        }
    }

    [Fact]
    public void Scale_MultipliesEachRowByOneFactorBetweenAThirdAndThree()
    {
        random.manual_seed(24);
        using var batch = randn(500, 6);

        using var made = OffManifoldInputs.Make(batch, Only(SyntheticFamilies.Scale));
        using var ratio = made / batch;

        var factors = ratio.select(1, 0).data<float>().ToArray();
        Assert.True(ratio.allclose(ratio.select(1, 0).unsqueeze(1).expand(500, 6), rtol: 1e-4, atol: 1e-4));
        Assert.All(factors, f => Assert.InRange(f, (1 / 3f) - 1e-5f, 3f + 1e-5f));
        // Log-uniform on [1/3, 3]: the median factor is 1 and half the factors lie within [1/√3, √3].
        var sorted = factors.Order().ToArray();
        Assert.InRange(sorted[250], 0.85, 1.17);
        Assert.InRange(factors.Count(f => f >= 1 / MathF.Sqrt(3) && f <= MathF.Sqrt(3)) / 500.0, 0.42, 0.58);
    }

    [Fact]
    public void Turn_SquareImages_AreEachOneOfTheFourTurnsComputedByHand()
    {
        random.manual_seed(25);
        const int n = 5;
        var image = Enumerable.Range(0, n * n).Select(v => (float)v).ToArray();
        using var batch = tensor(image, [1, 1, n, n]).expand(40, 1, n, n).contiguous();
        float At(int y, int x) => image[(y * n) + x];
        var turns = new Dictionary<string, float[]>
        {
            // torch.rot90(k=1) on (H, W) turns counter-clockwise: out[i, j] = in[j, n − 1 − i]; k = 3 the other way.
            ["quarter"] = Grid(n, (i, j) => At(j, n - 1 - i)),
            ["three quarters"] = Grid(n, (i, j) => At(n - 1 - j, i)),
            ["upside down"] = Grid(n, (i, j) => At(n - 1 - i, j)),
            ["transposed"] = Grid(n, (i, j) => At(j, i)),
        };

        using var made = OffManifoldInputs.Make(batch, Only(SyntheticFamilies.Turn));

        var seen = new HashSet<string>();
        for (var row = 0; row < 40; row++)
        {
            var pixels = made[row].flatten().data<float>().ToArray();
            var match = turns.Single(t => t.Value.SequenceEqual(pixels)).Key;
            seen.Add(match);
        }

        Assert.Equal(4, seen.Count);
    }

    [Fact]
    public void Turn_OtherImagesAndFlatRows_AreFlipped()
    {
        random.manual_seed(26);
        using var wide = arange(0, 12, dtype: ScalarType.Float32).reshape(1, 1, 3, 4).expand(30, 1, 3, 4).contiguous();
        using var flat = arange(0, 4, dtype: ScalarType.Float32).reshape(1, 4).expand(3, 4).contiguous();

        using var turnedWide = OffManifoldInputs.Make(wide, Only(SyntheticFamilies.Turn));
        using var turnedFlat = OffManifoldInputs.Make(flat, Only(SyntheticFamilies.Turn));

        float[] upsideDown = [8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3];
        float[] half = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
        var kinds = Enumerable.Range(0, 30)
            .Select(r => turnedWide[r].flatten().data<float>().ToArray())
            .Select(p => p.SequenceEqual(upsideDown) ? "upside down" : p.SequenceEqual(half) ? "half" : "other")
            .ToHashSet();
        Assert.Equal(["half", "upside down"], kinds.Order(StringComparer.Ordinal));
        Assert.All(Enumerable.Range(0, 3), r =>
            Assert.Equal([3f, 2, 1, 0], turnedFlat[r].data<float>().ToArray()));
    }

    [Fact]
    public void Make_SeveralFamilies_GivesEachRowOneOfThemAboutEquallyOften()
    {
        random.manual_seed(27);
        // On rows of zeros a scaled row stays exactly zero, while a noisy row (noise alone) has a spread of 1.
        using var batch = zeros(400, 50);
        var options = new OffManifoldOptions(Mixup: false, NoiseStd: 1, ShuffleFraction: 0, Copies: 1,
            Families: SyntheticFamilies.Noisy | SyntheticFamilies.Scale);

        using var made = OffManifoldInputs.Make(batch, options);
        var spreads = made.std(1).data<float>().ToArray();

        Assert.All(spreads, s => Assert.True(s == 0f || s is > 0.6f and < 1.4f, $"spread {s}"));
        Assert.InRange(spreads.Count(s => s == 0f), 160, 240);
    }

    [Fact]
    public void Make_NoisyShare_GivesTheNoisyFamilyThatShareOfTheRows()
    {
        random.manual_seed(29);
        using var batch = zeros(1000, 20);
        var options = new OffManifoldOptions(Mixup: false, NoiseStd: 1, ShuffleFraction: 0, Copies: 1,
            Families: SyntheticFamilies.Noisy | SyntheticFamilies.Scale | SyntheticFamilies.Turn, NoisyShare: 0.8);

        using var made = OffManifoldInputs.Make(batch, options);
        var noisy = made.std(1).data<float>().Count(s => s > 0);

        // Binomial(1000, 0.8): 800 ± 13; the uniform choice would give about 333.
        Assert.InRange(noisy, 750, 850);
    }

    [Theory]
    [InlineData(SyntheticFamilies.Noisy, 0.5)] // no other family to share with
    [InlineData(SyntheticFamilies.Blend | SyntheticFamilies.Turn, 0.5)] // no noisy family
    [InlineData(SyntheticFamilies.Noisy | SyntheticFamilies.Turn, 1.5)] // not a probability
    public void Validate_NoisyShareWithoutItsFamilies_IsRejected(SyntheticFamilies families, double share)
    {
        var options = new OffManifoldOptions(Families: families, NoisyShare: share);

        Assert.Throws<InvalidRequestException>(options.Validate);
    }

    [Fact]
    public void Make_SeveralFamiliesSameSeed_GivesTheSameInputs()
    {
        using var batch = randn(32, 1, 6, 6);
        var options = new OffManifoldOptions(Copies: 1, Families: (SyntheticFamilies)31);

        random.manual_seed(28);
        using var a = OffManifoldInputs.Make(batch, options);
        random.manual_seed(28);
        using var b = OffManifoldInputs.Make(batch, options);

        Assert.True(a.allclose(b, rtol: 0, atol: 0));
        Assert.False(a.allclose(batch));
    }

    [Theory]
    [InlineData("noisy", SyntheticFamilies.Noisy)]
    [InlineData("Noisy+TURN", SyntheticFamilies.Noisy | SyntheticFamilies.Turn)]
    [InlineData(" blend , cutmix,scale ", SyntheticFamilies.Blend | SyntheticFamilies.CutMix | SyntheticFamilies.Scale)]
    public void Parse_NamesInAnyCaseAndOrder_GiveTheirFamilies(string text, SyntheticFamilies expected)
    {
        Assert.Equal(expected, SyntheticFamilyNames.Parse(text));
    }

    [Theory]
    [InlineData("noisy,wobble", "Unknown synthetic family 'wobble'; known: noisy, blend, cutmix, scale, turn.")]
    [InlineData("turn,Turn", "The synthetic family 'turn' is named twice.")]
    [InlineData(" , ", "Name at least one synthetic family.")]
    public void Parse_BadLists_AreRefusedWithTheReason(string text, string message)
    {
        var error = Assert.Throws<InvalidRequestException>(() => SyntheticFamilyNames.Parse(text));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Format_And_ToString_NameTheFamiliesInTheirFixedOrder()
    {
        var families = SyntheticFamilies.Turn | SyntheticFamilies.Noisy | SyntheticFamilies.Blend;

        Assert.Equal("noisy+blend+turn", SyntheticFamilyNames.Format(families));
        Assert.Equal("mixup=True, shuffle=0.3, noise_std=1, pool=100, refresh_epochs=5, share=0.5, weight=1, "
            + "families=noisy+blend+turn", new OffManifoldOptions(PoolSize: 100, Families: families).ToString());
        Assert.DoesNotContain("families", new OffManifoldOptions(PoolSize: 100).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoFamilyOrAnUnknownOne_IsRejected_AndCleanFamiliesNeedNoNoise()
    {
        Assert.Throws<InvalidRequestException>(new OffManifoldOptions(Families: SyntheticFamilies.None).Validate);
        Assert.Throws<InvalidRequestException>(new OffManifoldOptions(Families: (SyntheticFamilies)64).Validate);

        var clean = new OffManifoldOptions(Mixup: false, NoiseStd: 0, ShuffleFraction: 0,
            Families: SyntheticFamilies.Blend);
        clean.Validate();
        Assert.Equal(SyntheticFamilies.Blend, clean.Families);
    }

    private static OffManifoldOptions Only(SyntheticFamilies family) =>
        new(Copies: 1, Families: family);

    private static float[] Grid(int n, Func<int, int, float> value) =>
        [.. Enumerable.Range(0, n * n).Select(k => value(k / n, k % n))];
}
