using Hydra.Core.Metrics;
using Hydra.Training.Modules;

namespace Hydra.Training.Pipeline;

/// <summary>The test-set figures a model card carries: accuracy and NLL, or RMSE, NLL and 95% coverage.</summary>
internal static class CardMetrics
{
    public static Dictionary<string, double> For(MultiHeadNetwork network, RunContext context,
        CancellationToken cancellationToken) => context.IsRegression
            ? Regression(network, context, cancellationToken)
            : Classification(network, context, cancellationToken);

    /// <summary>Test accuracy and NLL of the mean of the model's heads.</summary>
    public static Dictionary<string, double> Classification(MultiHeadNetwork network, RunContext context,
        CancellationToken cancellationToken)
    {
        var test = context.Test;
        var probabilities = Inference.HeadProbabilities(network, test.Inputs, cancellationToken);
        var classes = context.Bundle.Train.ClassCount;
        var mean = UncertaintyMetrics.Decompose(probabilities, test.Source.Count, network.HeadCount, classes)
            .MeanProbabilities;
        var labels = test.Source.Labels!;
        return new Dictionary<string, double>
        {
            ["test_accuracy"] = ClassificationMetrics.Accuracy(mean, classes, labels),
            ["test_nll"] = ClassificationMetrics.NegativeLogLikelihood(mean, classes, labels),
        };
    }

    /// <summary>Test RMSE, mixture NLL and 95% coverage of the model's heads, in target units.</summary>
    public static Dictionary<string, double> Regression(MultiHeadNetwork network, RunContext context,
        CancellationToken cancellationToken)
    {
        var test = context.Test;
        var (means, variances) = Inference.HeadGaussians(network, test.Inputs, context.Bundle.TargetScaling,
            cancellationToken);
        var (rows, heads, targets) = (test.Source.Count, network.HeadCount, test.Source.Targets!);
        var moments = RegressionMetrics.Decompose(means, variances, rows, heads);
        return new Dictionary<string, double>
        {
            ["test_rmse"] = RegressionMetrics.Rmse(moments.Mean, targets),
            ["test_nll"] = RegressionMetrics.MixtureNll(means, variances, rows, heads, targets),
            ["test_coverage95"] = RegressionMetrics.Coverage95(means, variances, rows, heads, targets),
        };
    }
}
