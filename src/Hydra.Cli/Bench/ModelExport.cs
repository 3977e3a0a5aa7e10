using Hydra.Core.Checkpoints;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Onnx;

namespace Hydra.Cli.Bench;

/// <summary>
/// The bench's first step: every way of serving exported to ONNX (parity-checked) in the setup's folder.
/// </summary>
internal static class ModelExport
{
    public static async Task ExportAsync(BenchSetup setup, CancellationToken cancellationToken)
    {
        var target = new FolderArtifactStore(setup.ModelsFolder);
        var exporter = new OnnxExporter();
        await ExportAsync(exporter, setup, ModelKind.Hydra, 0, "hydra", target, cancellationToken);
        await ExportAsync(exporter, setup, ModelKind.Kd, 0, "kd", target, cancellationToken);
        await exporter.ExportEnsembleAsync(setup.Checkpoints, "", target, "ensemble",
            new OnnxExportOptions { ModelId = "ensemble" }, cancellationToken);
        for (var m = 0; m < setup.Members; m++)
        {
            await ExportAsync(exporter, setup, ModelKind.Member, m, $"member-{m}", target, cancellationToken);
        }
    }

    private static Task<OnnxExportResult> ExportAsync(OnnxExporter exporter, BenchSetup setup, ModelKind kind,
        int member, string name, FolderArtifactStore target, CancellationToken cancellationToken)
    {
        return exporter.ExportAsync(setup.Checkpoints, CheckpointPaths.Folder("", kind, member), target, name,
            new OnnxExportOptions { ModelId = name }, cancellationToken);
    }
}
