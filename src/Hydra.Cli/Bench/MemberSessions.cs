using Hydra.Core.Metrics;

namespace Hydra.Cli.Bench;

/// <summary>
/// What a user serving M member models does: run each member's session, then combine their outputs into the
/// ensemble's prediction and uncertainty in C# (the mixture's moments for regression, as the one-graph ensemble does).
/// </summary>
internal sealed class MemberSessions : IDisposable
{
    private readonly List<OnnxScorer> _members = [];
    private readonly BenchSetup _setup;

    public MemberSessions(BenchSetup setup)
    {
        _setup = setup;
        try
        {
            for (var m = 0; m < setup.Members; m++)
            {
                _members.Add(
                    new OnnxScorer(setup.ModelPath($"member-{m}"), setup.Sessions, setup.RowShape, setup.Inputs));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void Score(int batch)
    {
        if (_setup.Regression)
        {
            ScoreGaussians(batch);
        }
        else
        {
            ScoreClasses(batch);
        }
    }

    public void Dispose() => _members.ForEach(s => s.Dispose());

    private void ScoreClasses(int batch)
    {
        var (members, classes) = (_members.Count, _setup.Classes);
        var perMember = _members.Select(s => s.HeadProbabilities(batch)).ToArray();
        var stacked = new float[batch * members * classes];
        for (var r = 0; r < batch; r++)
        {
            for (var m = 0; m < members; m++)
            {
                var target = stacked.AsSpan(((r * members) + m) * classes, classes);
                perMember[m].AsSpan(r * classes, classes).CopyTo(target);
            }
        }

        UncertaintyMetrics.Decompose(stacked, batch, members, classes);
    }

    private void ScoreGaussians(int batch)
    {
        var members = _members.Count;
        var perMember = _members.Select(s => s.HeadGaussians(batch)).ToArray();
        var (means, variances) = (new float[batch * members], new float[batch * members]);
        for (var r = 0; r < batch; r++)
        {
            for (var m = 0; m < members; m++)
            {
                means[(r * members) + m] = perMember[m].Means[r];
                variances[(r * members) + m] = perMember[m].Variances[r];
            }
        }

        RegressionMetrics.Decompose(means, variances, batch, members);
    }
}
