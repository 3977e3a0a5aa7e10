using System.Text.RegularExpressions;

namespace Hydra.Infra.Tests;

public sealed partial class TrainerImageTests
{
    private static readonly string[] Lines = RepoFiles.Read("docker/trainer.Dockerfile").Split('\n');

    private static IEnumerable<string> FinalStage =>
        Lines.Skip(Array.FindLastIndex(Lines, l => l.StartsWith("FROM ", StringComparison.Ordinal)));

    [Fact]
    public void FinalStage_Base_IsTheNobleDotnetRuntime()
    {
        // Ubuntu 24.04's libstdc++ has GLIBCXX_3.4.32, which libtorch 2.10 needs.
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/runtime:10.0-noble", FinalStage.First(),
            StringComparison.Ordinal);
        Assert.Contains(FinalStage, l => l.Contains("GLIBCXX_3\\.4\\.32", StringComparison.Ordinal));
    }

    [Fact]
    public void FinalStage_User_IsNotRootAndTheEntryPointIsHydraWorker()
    {
        var user = FinalStage.Last(l => l.StartsWith("USER ", StringComparison.Ordinal));

        Assert.Equal("USER $APP_UID", user.Trim());
        Assert.Equal("ENTRYPOINT [\"dotnet\", \"hydra.dll\", \"worker\"]", FinalStage.Last(l
            => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal)).Trim());
    }

    [Fact]
    public void BuildStage_Publish_RunsTheSharedScriptWithTheDeviceArgument()
    {
        var runs = Lines.Where(l => l.StartsWith("RUN scripts/publish-trainer.sh", StringComparison.Ordinal)).Select(l
            => l.Trim()).ToArray();
        var script = RepoFiles.Read("scripts/publish-trainer.sh");

        Assert.Equal(["RUN scripts/publish-trainer.sh restore \"$TORCH_DEVICE\"",
            "RUN scripts/publish-trainer.sh publish \"$TORCH_DEVICE\" /app"], runs);
        Assert.Contains("dotnet publish \"$project\" -c Release --self-contained false", script,
            StringComparison.Ordinal);
        Assert.Contains("-r linux-x64 -p:TorchDevice=\"$device\"", script, StringComparison.Ordinal);
        Assert.Contains("scripts/publish-trainer.sh\" publish \"$device\"", RepoFiles.Read("scripts/publish-check.sh"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void BuildContext_EveryCopiedPath_ExistsAndIsNotDockerIgnored()
    {
        var allowed = RepoFiles.Read(".dockerignore").Split('\n')
            .Where(l => l.StartsWith('!')).Select(l => l[1..].Trim()).ToArray();
        var copied = Lines.Select(l => CopySource().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value)
            .SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();

        Assert.NotEmpty(copied);
        foreach (var path in copied)
        {
            Assert.True(File.Exists(RepoFiles.Path(path)) || Directory.Exists(RepoFiles.Path(path)),
                $"{path} is not in the repository");
            Assert.Contains(allowed, a => path == a || path.StartsWith(a, StringComparison.Ordinal));
        }
    }

    // COPY <sources...> <destination>, except COPY --from=<stage>.
    [GeneratedRegex(@"^COPY (?!--from)(.+) \S+\s*$")]
    private static partial Regex CopySource();
}
