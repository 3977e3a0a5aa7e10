using Hydra.Core.Reports;

namespace Hydra.Training.Evaluation;

/// <summary>A run's report and the per-input values it summarises.</summary>
public sealed record EvaluationResult(RunReport Report, EvaluationDetail Detail);
