using Hydra.Core.Models;

namespace Hydra.Onnx;

/// <summary>Where the model and its manifest were written, and the manifest itself.</summary>
public sealed record OnnxExportResult(string ModelPath, string ManifestPath, ModelManifest Manifest);
