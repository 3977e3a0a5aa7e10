using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Core.Models;
using Hydra.Training.Losses;
using static TorchSharp.torch;

namespace Hydra.Training.Pipeline;

/// <summary>
/// What the phases of one pipeline call share: the data on its devices, the objective, and what has been trained or
/// resumed so far (the phases' cost and the cards by checkpoint folder), and the teachers when the ensemble is not the
/// product's own members.
/// </summary>
internal sealed record RunContext(DatasetBundle Bundle, ArchitectureSpec Spec, TrainingData Train, TrainingData Test,
    Device Device, TaskObjective Objective, List<PhaseStats> Phases, Dictionary<string, ModelCard> Cards,
    IReadOnlyList<TeacherReference>? Teachers = null)
{
    public bool IsRegression => Bundle.Task == ModelTask.Regression;
}
