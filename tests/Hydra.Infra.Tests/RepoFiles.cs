namespace Hydra.Infra.Tests;

/// <summary>Files of the repository the tests run from (found by walking up to HydraFunctions.sln).</summary>
public static class RepoFiles
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(Path(relative));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "HydraFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No HydraFunctions.sln above {AppContext.BaseDirectory}.");
    }
}
