using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Models;

namespace Hydra.Cli.Tests;

public sealed class ExportCommandTests : IDisposable
{
    private static readonly ArchitectureSpec Spec = ArchitecturePresets.ToyMlp(2, 3);

    private readonly TempDirectory _temp = new("hydra-cli-export-");
    private readonly string _root;

    public ExportCommandTests() => _root = _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Export_MemberCheckpoint_WritesModelAndManifest()
    {
        await WriteMembersAsync(1);
        var output = Path.Combine(_root, "models", "member-0");

        var (exit, stdout, error) = await HydraProcess.RunAsync("export", "--checkpoint", Path.Combine(_root, "run",
            "members", "0"), "--output", output);

        Assert.True(exit == 0, error);
        var manifest = ModelManifest.FromJson(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")));
        Assert.Equal("member-0", manifest.ModelId);
        Assert.Equal("member", manifest.Kind);
        Assert.True(manifest.Parity.Passed);
        Assert.Equal(CheckpointStore.Sha256(await File.ReadAllBytesAsync(Path.Combine(output, "model.onnx"))),
            manifest.OnnxSha256);
        Assert.Contains("Exported member 'member-0'", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Ensemble_WritesOneGraphWithAHeadPerMember()
    {
        await WriteMembersAsync(3);
        var output = Path.Combine(_root, "models", "ens");

        var (exit, _, error) = await HydraProcess.RunAsync("export", "--ensemble", Path.Combine(_root, "run"),
            "--output", output, "--model-id", "spirals-ensemble");

        Assert.True(exit == 0, error);
        var manifest = ModelManifest.FromJson(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")));
        Assert.Equal("spirals-ensemble", manifest.ModelId);
        Assert.Equal("ensemble", manifest.Kind);
        Assert.Equal(3, manifest.Heads);
        Assert.Equal(3, manifest.Source.Members!.Count);
        Assert.EndsWith("/run/members/2", manifest.Source.Members[2].CheckpointFolder, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_CorruptWeights_ExitsWithTheHashErrorAndWritesNothing()
    {
        await WriteMembersAsync(1);
        var weights = Path.Combine(_root, "run", "members", "0", "model.safetensors");
        var bytes = await File.ReadAllBytesAsync(weights);
        bytes[^1] ^= 1;
        await File.WriteAllBytesAsync(weights, bytes);
        var output = Path.Combine(_root, "models", "bad");

        var (exit, _, error) = await HydraProcess.RunAsync("export", "--checkpoint", Path.Combine(_root, "run",
            "members", "0"), "--output", output);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: Cannot export checkpoint '", error.Trim(), StringComparison.Ordinal);
        Assert.Contains("/run/members/0/model.safetensors: SHA-256", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData("hydra (wide)", null, "error: The output folder's name 'hydra (wide)' is the model id by default")]
    [InlineData("fine", "a/b", "error: --model-id 'a/b' must use only letters, digits, '-', '_' and '.'.")]
    public async Task Export_ModelIdWithCharactersAModelIdCannotHave_IsAUsageErrorNamingWhereItCameFrom(string folder,
        string? modelId, string expected)
    {
        await WriteMembersAsync(1);
        var output = Path.Combine(_root, "models", folder);
        string[] args = ["export", "--checkpoint", Path.Combine(_root, "run", "members", "0"), "--output", output];

        var (exit, _, error) = await HydraProcess.RunAsync(modelId is null ? args : [.. args, "--model-id", modelId]);

        Assert.Equal(2, exit);
        Assert.StartsWith(expected, error.Trim(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Export_BothCheckpointAndEnsemble_IsAUsageError()
    {
        var (exit, _, error) = await HydraProcess.RunAsync("export", "--checkpoint", "a", "--ensemble", "b",
            "--output", Path.Combine(_root, "x"));

        Assert.NotEqual(0, exit);
        Assert.Contains("exactly one of --checkpoint and --ensemble", error, StringComparison.Ordinal);
    }

    private Task WriteMembersAsync(int count) => TestCheckpoints.WriteMembersAsync(Path.Combine(_root, "run"), Spec,
        count);
}
