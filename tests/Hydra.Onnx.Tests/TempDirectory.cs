namespace Hydra.Onnx.Tests;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hydra-onnx-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string[] Files(string folder)
    {
        var full = System.IO.Path.Combine(Path, folder);
        return Directory.Exists(full) ? Directory.GetFiles(full, "*", SearchOption.AllDirectories) : [];
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
