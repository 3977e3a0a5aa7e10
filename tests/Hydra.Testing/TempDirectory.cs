namespace Hydra.Testing;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "hydra-tests-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    /// <summary>The full path of <paramref name="name"/> inside the folder (nothing is created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Every file under the sub-folder <paramref name="folder"/>, recursively (none if missing).</summary>
    public string[] Files(string folder)
    {
        var full = System.IO.Path.Combine(Path, folder);
        return Directory.Exists(full) ? Directory.GetFiles(full, "*", SearchOption.AllDirectories) : [];
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open (a served model, a child process): the OS cleans its temp folder eventually.
        }
    }
}
