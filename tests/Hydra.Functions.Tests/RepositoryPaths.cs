namespace Hydra.Functions.Tests;

/// <summary>Where the solution's other build outputs are, for tests that read or run them.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>"Release" when these tests were built in Release (as CI does), else "Debug".</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}",
            StringComparison.Ordinal) ? "Release" : "Debug";

    public static string FunctionsOutput => Path.Combine(Root, "src", "Hydra.Functions", "bin", Configuration,
        "net10.0");

    public static string HydraDll => Path.Combine(Root, "src", "Hydra.Cli", "bin", Configuration, "net10.0",
        "hydra.dll");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HydraFunctions.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("HydraFunctions.sln not found above the test output.");
    }
}
