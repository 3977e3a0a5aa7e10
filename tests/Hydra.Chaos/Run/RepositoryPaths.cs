namespace Hydra.Chaos.Run;

/// <summary>Where the repository and the `hydra` build output are, found from this harness's own build output.
/// </summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>"Release" when the harness was built in Release, else "Debug": the workers come from the same build.
    /// </summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}",
            StringComparison.Ordinal) ? "Release" : "Debug";

    public static string HydraDll => Path.Combine(Root, "src", "Hydra.Cli", "bin", Configuration, "net10.0",
        "hydra.dll");

    public static string HostJson => Path.Combine(Root, "host.json");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HydraFunctions.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("HydraFunctions.sln not found above the harness's output.");
    }
}
