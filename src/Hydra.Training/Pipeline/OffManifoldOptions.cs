using System.Globalization;
using Hydra.Core.Errors;

namespace Hydra.Training.Pipeline;

/// <summary>
/// Hydra+'s synthetic inputs. Each training row of a batch gives <see cref="Copies"/> synthetic rows: the row is mixed
/// with another row of the batch (mixup, weight λ ~ U(0, 1), when <see cref="Mixup"/>); a fraction
/// <see cref="ShuffleFraction"/> of the rows then has its features permuted at random (the row keeps its values but
/// loses its structure); last comes Gaussian noise whose standard deviation, in normalised units, is
/// <see cref="NoiseStd"/>, or when <see cref="NoiseMinStd"/> is below it, drawn per row log-uniformly from
/// [<see cref="NoiseMinStd"/>, <see cref="NoiseStd"/>]. With <see cref="AdversarialStep"/> above 0 each synthetic row
/// then takes one signed-gradient step of that size (per feature, normalised units) towards more disagreement between
/// the heads and their members, so the heads train where they follow the members worst. <see cref="Weight"/> scales
/// their loss against the real rows'.
/// <para>
/// With <see cref="PoolSize"/> above 0 (a pool), the synthetic rows are made and labelled by the ensemble
/// once, before phase 2, as a pool of that many rows (one synthetic row per training row drawn, the families above),
/// made again every <see cref="PoolRefreshEpochs"/> epochs; each batch then draws <see cref="PoolShare"/> synthetic
/// rows per real row from the pool, with their stored labels. <see cref="Copies"/> and <see cref="AdversarialStep"/>
/// belong to the older per-batch recipe (<see cref="PoolSize"/> 0), where the members label every batch's synthetic
/// rows afresh.
/// </para>
/// <para>
/// Two pool-only options: <see cref="PoolWeighting"/> weights each pooled row's loss by the members' disagreement on
/// it (its stored labels give it for free; <see cref="PoolWeightPower"/> tempers it), and <see cref="PoolDetachBody"/>
/// stops the pooled rows' loss at the body's output, so that a pooled row costs the body a forward pass only and
/// trains the heads alone (the real rows still train body and heads).
/// </para>
/// <para>
/// <see cref="Families"/> names the families a synthetic row may come from (<see cref="SyntheticFamilies"/>): the
/// recipe above is <see cref="SyntheticFamilies.Noisy"/>, the default and the only family of every earlier run; with
/// more than one, each row draws its family uniformly, and the others (blends, cut-and-paste, contrast, turns) add no
/// noise, so the heads also see clean rows off the data. <see cref="NoisyShare"/>, when set with
/// <see cref="SyntheticFamilies.Noisy"/> and another family, is the probability of the noisy family instead, the
/// others sharing the rest equally.
/// </para>
/// <para>
/// <see cref="EpistemicWeight"/> above 0 adds, on the synthetic rows, a term that distils the ensemble's epistemic
/// uncertainty itself: the squared difference between the heads' and the members' disagreement (mutual information,
/// or the variance of the means in regression), over the squared mean of the members' in the batch, times that
/// weight (<see cref="HydraPlusLoss.EpistemicMatch"/>). The per-head KL alone lets heads that each follow their member
/// closely still agree with one another where the members do not.
/// </para>
/// <para>
/// <see cref="Temperature"/>, when set, is the distillation temperature of the synthetic rows' loss in place of the
/// run's (the real rows keep the run's). Classification only: regression's Gaussian KL has no temperature, and a run
/// that sets it on a regression task is refused.
/// </para>
/// <para>
/// <see cref="FeatureMixShare"/> above 0 (pool only) adds rows mixed in the body's feature space rather than in the
/// input's: a pair of training rows (i, j) and a weight λ ~ U(−<see cref="FeatureMixSpread"/>,
/// 1 + <see cref="FeatureMixSpread"/>); member m's target is its own head on λ·f_m(x_i) + (1 − λ)·f_m(x_j), f_m its
/// body, and head m of the student reads λ·g(x_i) + (1 − λ)·g(x_j), g the student's body
/// (<see cref="FeatureMixPool"/>). The pairs and the members' outputs are made once per pool refresh, as many pairs as
/// <see cref="PoolSize"/>; each batch draws <see cref="FeatureMixShare"/> of them per real row, weighted as the other
/// synthetic rows (<see cref="Weight"/>). It needs the product's own members (their bodies).
/// </para>
/// </summary>
public sealed record OffManifoldOptions(bool Mixup = true, double NoiseStd = 1.0, double Weight = 1.0,
    double? NoiseMinStd = null, double ShuffleFraction = 0.3, int Copies = 2, double AdversarialStep = 0,
    int PoolSize = 0, int PoolRefreshEpochs = OffManifoldOptions.DefaultPoolRefresh,
    double PoolShare = OffManifoldOptions.DefaultPoolShare, PoolWeighting PoolWeighting = PoolWeighting.None,
    double PoolWeightPower = 1.0, bool PoolDetachBody = false, SyntheticFamilies Families = SyntheticFamilies.Noisy,
    double EpistemicWeight = 0, double? NoisyShare = null, double? Temperature = null, double FeatureMixShare = 0,
    double FeatureMixSpread = 0)
{
    /// <summary>The pool size <c>hydra run --plus-pool</c> suggests for image sets of Fashion-MNIST's size.</summary>
    public const int DefaultPoolSize = 30_000;
    public const int DefaultPoolRefresh = 5;
    public const double DefaultPoolShare = 0.5;

    /// <summary>Whether phase 2 draws labelled synthetic rows from a pool (else the members label each batch).
    /// </summary>
    public bool UsesPool => PoolSize > 0;

    /// <summary>Whether a pool is made again before the 1-based phase-2 <paramref name="epoch"/>: at the start of every
    /// period of <see cref="PoolRefreshEpochs"/> epochs.</summary>
    public bool RefreshesPoolAt(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        return (epoch - 1) % PoolRefreshEpochs == 0;
    }

    /// <summary>
    /// The smallest per-row noise standard deviation: <see cref="NoiseMinStd"/>, or <see cref="NoiseStd"/> when it is
    /// not set.
    /// </summary>
    public double LowestNoiseStd => NoiseMinStd ?? NoiseStd;

    /// <exception cref="InvalidRequestException">An option is out of range, or no way to make inputs.</exception>
    public void Validate()
    {
        Require.NotNegative(NoiseStd, nameof(NoiseStd));
        Require.NotNegative(Weight, nameof(Weight));
        if (NoiseMinStd is { } low)
        {
            Require.Positive(low, nameof(NoiseMinStd));
            if (low > NoiseStd)
            {
                throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                    $"NoiseMinStd ({low}) must not exceed NoiseStd ({NoiseStd})."));
            }
        }

        Require.Between(ShuffleFraction, 0, 1, nameof(ShuffleFraction));
        Require.NotNegative(AdversarialStep, nameof(AdversarialStep));
        Require.AtLeast(Copies, 1, nameof(Copies));
        Require.AtMost(Copies, 16, nameof(Copies));
        Require.AtLeast(PoolSize, 0, nameof(PoolSize));
        Require.AtLeast(PoolRefreshEpochs, 1, nameof(PoolRefreshEpochs));
        Require.Between(PoolShare, 0, 16, nameof(PoolShare));
        if (UsesPool && AdversarialStep > 0)
        {
            throw new InvalidRequestException(
                "AdversarialStep needs the per-batch recipe (PoolSize 0): pooled rows are labelled before training.");
        }

        Require.Between(PoolWeightPower, 0, 4, nameof(PoolWeightPower));
        Require.Between(EpistemicWeight, 0, 100, nameof(EpistemicWeight));
        if (Temperature is { } temperature)
        {
            Require.Between(temperature, 0.1, 20, nameof(Temperature));
        }

        Require.Between(FeatureMixShare, 0, 16, nameof(FeatureMixShare));
        Require.Between(FeatureMixSpread, 0, 2, nameof(FeatureMixSpread));
        if (FeatureMixShare > 0 && !UsesPool)
        {
            throw new InvalidRequestException("FeatureMixShare needs a pool (PoolSize above 0): its rows are labelled "
                + "once per refresh.");
        }

        if (NoisyShare is { } noisyShare)
        {
            Require.Between(noisyShare, 0, 1, nameof(NoisyShare));
            if (!Families.HasFlag(SyntheticFamilies.Noisy) || Families == SyntheticFamilies.Noisy)
            {
                throw new InvalidRequestException(
                    "NoisyShare needs the noisy family and at least one other among the Families.");
            }
        }

        if (!UsesPool && (PoolWeighting != PoolWeighting.None || PoolDetachBody))
        {
            throw new InvalidRequestException("PoolWeighting and PoolDetachBody need a pool (PoolSize above 0).");
        }

        var known = SyntheticFamilyNames.Members(Families).Aggregate(SyntheticFamilies.None, (all, f) => all | f);
        if (Families == SyntheticFamilies.None || known != Families)
        {
            throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                $"Families ({(int)Families}) must name at least one known synthetic family."));
        }

        if (Families.HasFlag(SyntheticFamilies.Noisy) && !Mixup && NoiseStd == 0 && ShuffleFraction == 0)
        {
            throw new InvalidRequestException("Off-manifold inputs need mixup, shuffling, noise or a mix of them.");
        }
    }

    public override string ToString()
    {
        var noise = LowestNoiseStd < NoiseStd
            ? string.Create(CultureInfo.InvariantCulture, $"noise_std=log-uniform[{LowestNoiseStd}, {NoiseStd}]")
            : string.Create(CultureInfo.InvariantCulture, $"noise_std={NoiseStd}");
        var rows = UsesPool
            ? string.Create(CultureInfo.InvariantCulture,
                $"pool={PoolSize}, refresh_epochs={PoolRefreshEpochs}, share={PoolShare}{PoolExtras()}")
            : string.Create(CultureInfo.InvariantCulture,
                $"adversarial_step={AdversarialStep}, copies={Copies}");
        // Older cards (the noisy family alone) read as before.
        var extras = Families == SyntheticFamilies.Noisy
            ? ""
            : ", families=" + SyntheticFamilyNames.Format(Families);
        if (NoisyShare is { } share)
        {
            extras += string.Create(CultureInfo.InvariantCulture, $", noisy_share={share}");
        }

        if (EpistemicWeight > 0)
        {
            extras += string.Create(CultureInfo.InvariantCulture, $", epistemic_weight={EpistemicWeight}");
        }

        if (Temperature is { } temperature)
        {
            extras += string.Create(CultureInfo.InvariantCulture, $", temperature={temperature}");
        }

        if (FeatureMixShare > 0)
        {
            extras += string.Create(CultureInfo.InvariantCulture,
                $", feature_mix={FeatureMixShare}, feature_mix_spread={FeatureMixSpread}");
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"mixup={Mixup}, shuffle={ShuffleFraction}, {noise}, {rows}, weight={Weight}{extras}");
    }

    /// <summary>The pool-only settings that differ from the defaults, so that older cards read as before.</summary>
    private string PoolExtras()
    {
        var weighting = PoolWeighting == PoolWeighting.None
            ? ""
            : string.Create(CultureInfo.InvariantCulture, $", weighting=disagreement^{PoolWeightPower}");
        return PoolDetachBody ? weighting + ", body=detached" : weighting;
    }
}
