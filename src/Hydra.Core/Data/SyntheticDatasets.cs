namespace Hydra.Core.Data;

/// <summary>Small datasets generated in code from a seed: the same seed always gives the same rows.</summary>
public static class SyntheticDatasets
{
    /// <summary>How far each arm turns, in radians, from the centre to radius 1.</summary>
    private const double ArmTurn = 4.0;
    private const double OodInnerRadius = 1.5;
    private const double OodOuterRadius = 2.5;
    private const double GapInnerRadius = 0.3;
    private const double SeamInnerRadius = 1.2;
    private const double SeamOuterRadius = 2.5;

    /// <summary>The seams' angular window past each arm's end, in degrees (chosen on validation draws).</summary>
    private const double SeamFromDegrees = 12;
    private const double SeamToDegrees = 22;

    /// <summary>
    /// <paramref name="classes"/> interleaved spiral arms in the plane. Row i belongs to arm i mod classes, so the
    /// classes are balanced. Each point lies on its arm at a radius in (0, 1], is moved by Gaussian noise of standard
    /// deviation <paramref name="noise"/> in each coordinate, and is pulled back onto the unit circle if the noise
    /// took it outside, so every point stays within radius 1.
    /// </summary>
    public static Dataset Spirals(int count, int seed, int classes = 3, double noise = 0.05)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(noise);

        var random = new Random(seed);
        var features = new float[count * 2];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var arm = i % classes;
            var radius = 1.0 - random.NextDouble();
            var angle = (2 * Math.PI * arm / classes) + (ArmTurn * radius);
            var x = (radius * Math.Cos(angle)) + (noise * NextGaussian(random));
            var y = (radius * Math.Sin(angle)) + (noise * NextGaussian(random));
            var length = Math.Sqrt((x * x) + (y * y));
            if (length > 1)
            {
                x /= length;
                y /= length;
            }

            features[2 * i] = (float)x;
            features[(2 * i) + 1] = (float)y;
            labels[i] = arm;
        }

        var names = Enumerable.Range(0, classes).Select(c => $"arm{c}").ToArray();
        return new Dataset("spirals", features, [2], labels, classNames: names);
    }

    /// <summary>
    /// Unlabelled points spread uniformly over the annulus 1.5 ≤ r ≤ 2.5: well away from the spirals, which stay
    /// inside the unit disc.
    /// </summary>
    public static Dataset SpiralsOod(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var features = new float[count * 2];
        const double inner2 = OodInnerRadius * OodInnerRadius;
        const double outer2 = OodOuterRadius * OodOuterRadius;
        for (var i = 0; i < count; i++)
        {
            // Uniform in area: r² is uniform between the squared radii.
            var radius = Math.Sqrt(inner2 + (random.NextDouble() * (outer2 - inner2)));
            var angle = 2 * Math.PI * random.NextDouble();
            features[2 * i] = (float)(radius * Math.Cos(angle));
            features[(2 * i) + 1] = (float)(radius * Math.Sin(angle));
        }

        return new Dataset("spirals-annulus", features, [2]);
    }

    /// <summary>
    /// Unlabelled points in the empty gaps between the arms of <see cref="Spirals"/>: on the curve midway (in angle)
    /// between two neighbouring arms, at radius in [0.3, 1] (nearer the centre the arms crowd together and the gaps
    /// close). No training point lies there, and each member draws its decision boundary through the gap in its own
    /// place, so this is where an ensemble's epistemic uncertainty should be high.
    /// </summary>
    public static Dataset SpiralGaps(int count, int seed, int classes = 3, double noise = 0.02)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        var random = new Random(seed);
        var features = new float[count * 2];
        for (var i = 0; i < count; i++)
        {
            var gap = i % classes;
            var radius = GapInnerRadius + ((1 - GapInnerRadius) * random.NextDouble());
            var angle = (2 * Math.PI * (gap + 0.5) / classes) + (ArmTurn * radius);
            features[2 * i] = (float)((radius * Math.Cos(angle)) + (noise * NextGaussian(random)));
            features[(2 * i) + 1] = (float)((radius * Math.Sin(angle)) + (noise * NextGaussian(random)));
        }

        return new Dataset("spirals-gaps", features, [2]);
    }

    /// <summary>
    /// Unlabelled points on the seams beyond the end of each arm of <see cref="Spirals"/>: at radius 1.2–2.5 (uniform
    /// in area), in the narrow wedge 12°–22° counter-clockwise of the angle where an arm ends at radius 1. That wedge
    /// lies between one arm's tip and the outer turn of the next, so the boundary between their classes leaves the
    /// data there and nothing in the training set fixes its direction: independently seeded members draw it in
    /// different places, and their disagreement (the ensemble's epistemic uncertainty) is high. Row i follows arm
    /// i mod classes.
    /// </summary>
    public static Dataset SpiralSeams(int count, int seed, int classes = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        var random = new Random(seed);
        var features = new float[count * 2];
        const double inner2 = SeamInnerRadius * SeamInnerRadius;
        const double outer2 = SeamOuterRadius * SeamOuterRadius;
        for (var i = 0; i < count; i++)
        {
            var end = (2 * Math.PI * (i % classes) / classes) + ArmTurn;
            var offset = SeamFromDegrees + ((SeamToDegrees - SeamFromDegrees) * random.NextDouble());
            var angle = end + (offset * Math.PI / 180);
            var radius = Math.Sqrt(inner2 + (random.NextDouble() * (outer2 - inner2)));
            features[2 * i] = (float)(radius * Math.Cos(angle));
            features[(2 * i) + 1] = (float)(radius * Math.Sin(angle));
        }

        return new Dataset("spirals-seams", features, [2]);
    }

    /// <summary>Unlabelled rows of <paramref name="rowShape"/> with every value uniform in [0, 1).</summary>
    public static Dataset UniformNoiseImages(int count, int seed, int[] rowShape)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(rowShape);
        var rowSize = rowShape.Aggregate(1, (a, b) => checked(a * b));
        var random = new Random(seed);
        var features = new float[checked(count * rowSize)];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = random.NextSingle();
        }

        return new Dataset("uniform-noise", features, (int[])rowShape.Clone());
    }

    /// <summary>
    /// The 1-d heteroscedastic toy regression: x uniform in [<paramref name="low"/>, <paramref name="high"/>) and
    /// y = x³ + ε with ε ~ N(0, σ(x)²), σ(x) = 3 · (1 + |x|) (see <see cref="CubicNoiseStd"/>): the classic x³ + N(0,
    /// 3²)
    /// toy with noise that grows linearly with |x|, from 3 at the origin to 15 at |x| = 4. Rows have shape [1].
    /// </summary>
    public static Dataset CubicRegression(int count, int seed, double low = -4, double high = 4)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!(high > low) || !double.IsFinite(low) || !double.IsFinite(high))
        {
            throw new ArgumentException($"The interval [{low}, {high}] must be finite and non-empty.", nameof(high));
        }

        var random = new Random(seed);
        var x = new float[count];
        for (var i = 0; i < count; i++)
        {
            x[i] = (float)(low + ((high - low) * random.NextDouble()));
        }

        return new Dataset("cubic-regression", x, [1], targets: CubicTargets(x, random));
    }

    /// <summary>
    /// Inputs outside the toy regression's training range: x uniform on [−<paramref name="outer"/>, −<paramref
    /// name="inner"/>)
    /// ∪ (<paramref name="inner"/>, <paramref name="outer"/>] (each side with probability ½), with targets from the
    /// same law
    /// as <see cref="CubicRegression"/> so that errors can be measured there too.
    /// </summary>
    public static Dataset CubicRegressionOutside(int count, int seed, double inner = 4, double outer = 6)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!(inner >= 0 && outer > inner && double.IsFinite(outer)))
        {
            throw new ArgumentException($"Need 0 ≤ inner < outer (got {inner} and {outer}).", nameof(outer));
        }

        var random = new Random(seed);
        var x = new float[count];
        for (var i = 0; i < count; i++)
        {
            // 1 − U lies in (0, 1], so the magnitude lies in (inner, outer].
            var magnitude = inner + ((outer - inner) * (1.0 - random.NextDouble()));
            x[i] = (float)(random.NextDouble() < 0.5 ? -magnitude : magnitude);
        }

        return new Dataset("cubic-regression-outside", x, [1], targets: CubicTargets(x, random));
    }

    /// <summary>The standard deviation of the toy regression's noise at <paramref name="x"/>: 3 · (1 + |x|).</summary>
    public static double CubicNoiseStd(double x) => 3.0 * (1.0 + Math.Abs(x));

    private static float[] CubicTargets(float[] x, Random random)
    {
        var y = new float[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            double xi = x[i];
            y[i] = (float)((xi * xi * xi) + (CubicNoiseStd(xi) * NextGaussian(random)));
        }

        return y;
    }

    private static double NextGaussian(Random random)
    {
        // Box–Muller; 1 - U keeps the logarithm's argument in (0, 1].
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
