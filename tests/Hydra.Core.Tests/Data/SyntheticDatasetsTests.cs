using Hydra.Core.Data;

namespace Hydra.Core.Tests.Data;

public sealed class SyntheticDatasetsTests
{
    [Fact]
    public void Spirals_SameSeed_GivesSameRows()
    {
        var a = SyntheticDatasets.Spirals(500, seed: 7);
        var b = SyntheticDatasets.Spirals(500, seed: 7);
        var c = SyntheticDatasets.Spirals(500, seed: 8);

        Assert.Equal(a.Features, b.Features);
        Assert.Equal(a.Labels!, b.Labels!);
        Assert.NotEqual(a.Features, c.Features);
    }

    [Theory]
    [InlineData(3000, 3)]
    [InlineData(1000, 4)]
    public void Spirals_Labels_AreBalancedAcrossArms(int count, int classes)
    {
        var spirals = SyntheticDatasets.Spirals(count, seed: 1, classes);

        var histogram = spirals.Labels!.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(classes, histogram.Count);
        Assert.All(histogram.Values, n => Assert.InRange(n, count / classes, (count / classes) + 1));
        Assert.Equal(Enumerable.Range(0, classes).Select(c => $"arm{c}"), spirals.ClassNames!);
        Assert.Equal([2], spirals.RowShape);
    }

    [Fact]
    public void Spirals_Points_LieInsideTheUnitDisc()
    {
        var spirals = SyntheticDatasets.Spirals(3000, seed: 3, noise: 0.2);

        var radii = Radii(spirals);

        Assert.All(radii, r => Assert.InRange(r, 1e-9, 1 + 1e-6));
    }

    [Fact]
    public void Spirals_ArmsWithoutNoise_FollowTheirAngle()
    {
        var spirals = SyntheticDatasets.Spirals(300, seed: 5, classes: 3, noise: 0);

        // Without noise a point at radius r on arm k sits at angle 2πk/3 + 4r.
        for (var i = 0; i < spirals.Count; i++)
        {
            var (x, y) = (spirals.Row(i)[0], spirals.Row(i)[1]);
            var r = Math.Sqrt((x * x) + (y * y));
            var angle = (2 * Math.PI * spirals.Labels![i] / 3) + (4 * r);
            Assert.Equal(r * Math.Cos(angle), x, 4);
            Assert.Equal(r * Math.Sin(angle), y, 4);
        }
    }

    [Fact]
    public void SpiralsOod_Points_LieInTheAnnulusAndAreUnlabelled()
    {
        var ood = SyntheticDatasets.SpiralsOod(2000, seed: 9);

        var radii = Radii(ood);

        Assert.Null(ood.Labels);
        Assert.Equal(2000, ood.Count);
        Assert.All(radii, r => Assert.InRange(r, 1.5 - 1e-5, 2.5 + 1e-5));
        Assert.Equal(ood.Features, SyntheticDatasets.SpiralsOod(2000, seed: 9).Features);
    }

    [Fact]
    public void SpiralSeams_Points_LieBeyondTheDataJustPastEachArmsEnd()
    {
        var seams = SyntheticDatasets.SpiralSeams(3000, seed: 5);

        var radii = Radii(seams);

        Assert.Null(seams.Labels);
        Assert.All(radii, r => Assert.InRange(r, 1.2 - 1e-5, 2.5 + 1e-5));
        for (var i = 0; i < seams.Count; i++)
        {
            // Arm k ends at radius 1 at angle 2πk/3 + 4 (its turn); row i follows arm i mod 3.
            var end = (2 * Math.PI * (i % 3) / 3) + 4;
            var angle = Math.Atan2(seams.Features[(2 * i) + 1], seams.Features[2 * i]);
            var past = ((angle - end) % (2 * Math.PI) + (2 * Math.PI)) % (2 * Math.PI) * 180 / Math.PI;
            Assert.InRange(past, 12 - 1e-3, 22 + 1e-3);
        }

        Assert.Equal(seams.Features, SyntheticDatasets.SpiralSeams(3000, seed: 5).Features);
        Assert.NotEqual(seams.Features, SyntheticDatasets.SpiralSeams(3000, seed: 6).Features);
    }

    [Fact]
    public void SpiralGaps_Points_KeepClearOfEveryArm()
    {
        // Without noise, a gap point sits half an arm spacing (≈ 0.26 in radius) from its neighbours, which
        // is at least ≈ 0.2 perpendicular to the arm's slanted curve; no arm point comes nearer than 0.15.
        var arms = SyntheticDatasets.Spirals(3000, seed: 1, noise: 0);
        var gaps = SyntheticDatasets.SpiralGaps(300, seed: 2, noise: 0);

        var nearest = Enumerable.Range(0, gaps.Count).Select(g => Enumerable.Range(0, arms.Count).Min(a =>
            Math.Sqrt(Math.Pow(gaps.Features[2 * g] - arms.Features[2 * a],
                2) + Math.Pow(gaps.Features[(2 * g) + 1] - arms.Features[(2 * a) + 1], 2))))
            .ToArray();

        Assert.Null(gaps.Labels);
        Assert.True(nearest.Min() > 0.15, $"a gap point lies {nearest.Min():F3} from an arm");
        Assert.All(Radii(gaps), r => Assert.InRange(r, 0.3 - 1e-5, 1 + 1e-5));
    }

    [Fact]
    public void UniformNoiseImages_Values_AreInUnitIntervalAndDeterministic()
    {
        var noise = SyntheticDatasets.UniformNoiseImages(50, 123, [1, 28, 28]);

        Assert.Equal(50, noise.Count);
        Assert.Equal([1, 28, 28], noise.RowShape);
        Assert.All(noise.Features, v => Assert.InRange(v, 0f, 0.99999994f));
        Assert.InRange(noise.Features.Average(), 0.48, 0.52);
        Assert.Equal(noise.Features, SyntheticDatasets.UniformNoiseImages(50, 123, [1, 28, 28]).Features);
    }

    private static double[] Radii(Dataset points) =>
        Enumerable.Range(0, points.Count)
            .Select(i => Math.Sqrt((points.Row(i)[0] * (double)points.Row(i)[0]) + (points.Row(i)[1] * (
            double)points.Row(i)[1])))
            .ToArray();
}
