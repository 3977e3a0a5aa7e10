using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Core.Models;
using Hydra.Core.Teachers;
using Hydra.Training.Modules;
using static TorchSharp.torch;

namespace Hydra.Training.Pipeline;

/// <summary>
/// The members (or teachers), the KD student and Hydra of one run, with what each phase cost. Owns the native memory.
/// </summary>
public sealed class TrainedModels : IDisposable
{
    internal TrainedModels(DatasetBundle bundle, ArchitectureSpec spec, TrainingOptions options, Device device,
        EnsembleSource ensemble, MultiHeadNetwork kd, MultiHeadNetwork hydra,
            MultiHeadNetwork? hydraPlus,
        IReadOnlyList<PhaseStats> phases, IReadOnlyDictionary<string, ModelCard> cards)
    {
        Bundle = bundle;
        Spec = spec;
        Options = options;
        Device = device;
        Ensemble = ensemble;
        Kd = kd;
        Hydra = hydra;
        HydraPlus = hydraPlus;
        Phases = phases;
        Cards = cards;
    }

    public DatasetBundle Bundle { get; }

    public ArchitectureSpec Spec { get; }

    public TrainingOptions Options { get; }

    public Device Device { get; }

    /// <summary>Per-phase cost; a phase resumed from a checkpoint carries the cost recorded in its card.</summary>
    public IReadOnlyList<PhaseStats> Phases { get; }

    /// <summary>The cards written, keyed by checkpoint folder.</summary>
    public IReadOnlyDictionary<string, ModelCard> Cards { get; }

    /// <summary>The ensemble's size M: members, or teachers.</summary>
    public int MemberCount => Ensemble.Count;

    /// <summary>The teachers the students were distilled from, when they were not the product's own members.</summary>
    public TeacherEnsemble? Teachers => Ensemble.Teachers;

    /// <summary>The members, or the teachers standing in for them.</summary>
    internal EnsembleSource Ensemble { get; }

    internal MultiHeadNetwork Kd { get; }

    internal MultiHeadNetwork Hydra { get; }

    internal MultiHeadNetwork? HydraPlus { get; }

    /// <summary>The distilled models by report key: kd, hydra, and hydra_plus when it was trained.</summary>
    internal IReadOnlyDictionary<string, MultiHeadNetwork> Students => HydraPlus is null
        ? new Dictionary<string, MultiHeadNetwork> { ["kd"] = Kd, ["hydra"] = Hydra }
        : new Dictionary<string, MultiHeadNetwork> { ["kd"] = Kd, ["hydra"] = Hydra, ["hydra_plus"] = HydraPlus };

    public void Dispose()
    {
        Ensemble.Dispose();
        Kd.Dispose();
        Hydra.Dispose();
        HydraPlus?.Dispose();
    }
}
