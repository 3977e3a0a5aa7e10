namespace Hydra.Core.Data.Tabular;

/// <summary>
/// Collects once a reader has allocated more than a budget since the last time. Parquet.Net decodes each column chunk
/// into arrays of its own, about 24 bytes a value and most of them on the large-object heap, which only a full
/// collection frees; left to itself the collector lets that garbage grow with the live buffers (a 120 MB file took 5.3×
/// its tensors at the peak, 2.0× with this: docs/results/data-loading). A full collection after every few chunks keeps
/// the garbage bounded, at the cost of a few dozen collections per file.
/// </summary>
internal sealed class GarbageBudget(long bytes)
{
    private long _mark = GC.GetTotalAllocatedBytes();

    /// <summary>Collects when more than the budget was allocated since the last collection.</summary>
    public void Check()
    {
        var now = GC.GetTotalAllocatedBytes();
        if (now - _mark > bytes)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
            _mark = GC.GetTotalAllocatedBytes();
        }
    }
}
