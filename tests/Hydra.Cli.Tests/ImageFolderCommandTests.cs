using Hydra.Core.Models;
using SkiaSharp;

namespace Hydra.Cli.Tests;

/// <summary>An image folder from inspection to scoring by file: inspect → dataset.json → run → card → export → score.
/// </summary>
public sealed class ImageFolderCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>An 8×8 RGB PNG: bright (about 220) or dark (about 30), with a little noise.</summary>
    private static void Png(string path, bool bright, Random random)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(new SKImageInfo(8, 8, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        for (var i = 0; i < 64; i++)
        {
            var level = (byte)((bright ? 210 : 20) + random.Next(20));
            (pixels[4 * i], pixels[(4 * i) + 1], pixels[(4 * i) + 2], pixels[(4 * i) + 3]) = (level, level, level, 255);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    [Fact]
    public async Task InspectRunExportScore_ImageFolder_TrainsACnnAndScoresEachFileByName()
    {
        var random = new Random(3);
        var folder = _dir.File("light");
        for (var i = 0; i < 40; i++)
        {
            Png(Path.Combine(folder, "day", $"{i:D2}.png"), bright: true, random);
            Png(Path.Combine(folder, "night", $"{i:D2}.png"), bright: false, random);
        }

        var unseen = _dir.File("unseen");
        Png(Path.Combine(unseen, "a.png"), bright: true, random);
        Png(Path.Combine(unseen, "more", "b.png"), bright: false, random);
        var json = _dir.File("dataset.json");
        var (run, model, scores) = (_dir.File("run"), _dir.File("model"), _dir.File("scores.csv"));

        var (inspectExit, inspected, inspectError) = await HydraProcess.RunAsync("data", "inspect", folder, "--write",
            json);
        var (runExit, ran, runError) = await HydraProcess.RunAsync("run", "--dataset", json, "--arch", "cnn",
            "--members", "2", "--member-epochs", "4", "--kd-epochs", "2", "--hydra-phase1-epochs", "2",
            "--hydra-phase2-epochs", "2", "--no-hydra-plus", "--batch-size", "8", "--device", "cpu", "--output", run);
        var (exportExit, _, exportError) = await HydraProcess.RunAsync("export", "--checkpoint",
            Path.Combine(run, "hydra"), "--output", model);
        var (scoreExit, _, scoreError) = await HydraProcess.RunAsync("score", "--model", model, "--input", unseen,
            "--output", scores);

        Assert.True(inspectExit == 0, inspectError);
        Assert.Contains("light: 80 training images in 2 classes", inspected, StringComparison.Ordinal);
        Assert.Contains("8x8 RGB: 80", inspected, StringComparison.Ordinal);
        Assert.True(runExit == 0, runError);
        Assert.Contains("class_counts: day=32, night=32", ran, StringComparison.Ordinal);
        var card = ModelCard.FromJson(await File.ReadAllTextAsync(Path.Combine(run, "hydra", "model.json")));
        Assert.Equal(["day", "night"], card.Classes!);
        Assert.Equal([3, 8, 8], card.Input.Shape);
        Assert.True(exportExit == 0, exportError);
        Assert.True(scoreExit == 0, scoreError);
        var lines = await File.ReadAllLinesAsync(scores);
        Assert.StartsWith("file,label,label_index,p_day,p_night", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("a.png,day,0,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("more/b.png,night,1,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_ImagesWithATabularModel_SaysTheModelTakesRows()
    {
        await TestCheckpoints.WriteMembersAsync(_dir.File("toy"), Core.Architecture.ArchitecturePresets.ToyMlp(2, 3),
            1);
        var model = _dir.File("model");
        await HydraProcess.RunAsync("export", "--checkpoint", Path.Combine(_dir.File("toy"), "members", "0"),
            "--output", model);
        var image = _dir.File("x.png");
        Png(image, bright: true, new Random(1));

        var (exit, _, error) = await HydraProcess.RunAsync("score", "--model", model, "--input", image);

        Assert.Equal(2, exit);
        Assert.Contains("The model takes rows of [2], not images", error, StringComparison.Ordinal);
    }
}
