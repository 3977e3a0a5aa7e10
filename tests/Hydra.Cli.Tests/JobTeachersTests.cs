using Hydra.Cli.Commands;
using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Core.Safetensors;
using Hydra.Core.Teachers;
using Hydra.Onnx.Tests.Teachers;

namespace Hydra.Cli.Tests;

/// <summary>
/// The worker's teachers from a stored teacher folder: a checkpoint saved in plain nn.Sequential naming, opened with
/// the folder's architecture.json and rename.json (not the job's student architecture), gives the forward pass of its
/// weights on rows normalised as the job's data are; a rename.json that does not fit fails naming the file.
/// </summary>
public sealed class JobTeachersTests : IDisposable
{
    private static readonly float[] W1 = [1f, -2f, 0.5f, 0.25f, -1f, 1.5f];
    private static readonly float[] B1 = [0.1f, -0.3f, 0.2f];
    private static readonly float[] W2 = [0.3f, -0.7f, 1.1f, -0.2f, 0.4f, 0.9f, 1.2f, -0.5f, 0.05f];
    private static readonly float[] B2 = [0.01f, 0.02f, -0.03f];

    private static readonly ArchitectureSpec Hand = new("hand", [2], [new LinearLayer(2, 3), new ReluLayer()],
        [new LinearLayer(3, 3)]);

    private readonly TempDirectory _temp = new("hydra-job-teachers-");
    private readonly DatasetBundle _spirals = DatasetCatalog.Load("spirals",
        new DataOptions { TrainLimit = 300, TestLimit = 100 });

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Load_CheckpointWithArchitectureAndRenameFiles_GivesTheForwardOfItsWeights()
    {
        var local = await FolderAsync("""{ "0.weight": "body.0.weight", "0.bias": "body.0.bias", """
            + """ "2.weight": "heads.0.0.weight", "2.bias": "heads.0.0.bias" }""");

        var teachers = JobTeachers.Load(local, _spirals, ArchitecturePresets.ToyMlp(2, 3), new TeacherOptions(),
            threads: 0);
        var teacher = Assert.Single(teachers);
        float[] outputs;
        using (teacher as IDisposable)
        {
            outputs = teacher.Predict(_spirals.Test.Features, _spirals.Test.Count);
        }

        // The rows as the job's members saw them, then Linear → ReLU → Linear in double precision.
        var rows = _spirals.Test.Features.ToArray();
        _spirals.Normalization.Apply(rows);
        _spirals.FeatureNormalization?.Apply(rows);
        var hidden = Linear(rows, W1, B1, 2).Select(v => Math.Max(v, 0f)).ToArray();
        var expected = Linear(hidden, W2, B2, 3);
        Assert.Equal(expected.Length, outputs.Length);
        Assert.InRange(expected.Zip(outputs, (a, b) => Math.Abs(a - b)).Max(), 0, 1e-5);
    }

    [Fact]
    public void Load_OnnxTeacherWithOnnxJson_ReadsTheOutputItNames()
    {
        // The graph's first output is a hidden layer of shape [N, 4]; onnx.json points at "logits".
        var teacher = _temp.File("teacher-0.onnx");
        File.WriteAllBytes(teacher, HandGraphs.Linear(W1, B1, 2, output: "logits", hiddenFirst: true));
        var settings = _temp.File(TeacherFolder.OnnxFileName);
        File.WriteAllText(settings, """{"output": "logits", "scores": "logits"}""");
        var digest = new TeacherDigest("teachers/hand", []);

        var named = Predict(new TeacherDownloader.LocalTeachers([teacher], null, null, digest) { OnnxPath = settings });
        var bare = JobTeachers.Load(new TeacherDownloader.LocalTeachers([teacher], null, null, digest), _spirals,
            ArchitecturePresets.ToyMlp(2, 3), new TeacherOptions(), threads: 0);

        var expected = Linear(_spirals.Test.Features, W1, B1, 2);
        Assert.InRange(expected.Zip(named, (a, b) => Math.Abs(a - b)).Max(), 0, 1e-5);
        // Without it the first [N, C] output is taken: the hidden layer, which has 4 columns for 3 classes.
        var refusal = Assert.Throws<TeacherException>(() => TeacherChecks.Validate(bare,
            _spirals));
        Assert.Contains("4 class scores", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"output": "logits", "colour": "blue"}""")]
    [InlineData("""{"scores": "odds"}""")]
    public void Load_OnnxJsonThatDoesNotFit_FailsNamingIt(string json)
    {
        var teacher = _temp.File("teacher-0.onnx");
        File.WriteAllBytes(teacher, HandGraphs.Linear(W1, B1, 2));
        var settings = _temp.File(TeacherFolder.OnnxFileName);
        File.WriteAllText(settings, json);
        var local = new TeacherDownloader.LocalTeachers([teacher], null, null, new TeacherDigest("teachers/hand", []))
        {
            OnnxPath = settings,
        };

        var e = Assert.Throws<TeacherException>(() => JobTeachers.Load(local, _spirals,
            ArchitecturePresets.ToyMlp(2, 3), new TeacherOptions(), threads: 0));

        Assert.Contains(TeacherFolder.OnnxFileName, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RenameFileThatIsNotJson_FailsNamingIt()
    {
        var local = await FolderAsync("""{ "0.weight": """);

        var e = Assert.Throws<TeacherException>(() => JobTeachers.Load(local, _spirals,
            ArchitecturePresets.ToyMlp(2, 3), new TeacherOptions(), threads: 0));

        Assert.Contains(TeacherFolder.RenameFileName, e.Message, StringComparison.Ordinal);
    }

    private float[] Predict(TeacherDownloader.LocalTeachers local)
    {
        var teacher = Assert.Single(JobTeachers.Load(local, _spirals, ArchitecturePresets.ToyMlp(2, 3),
            new TeacherOptions(), threads: 0));
        using (teacher as IDisposable)
        {
            return teacher.Predict(_spirals.Test.Features, _spirals.Test.Count);
        }
    }

    /// <summary>A downloaded teacher folder: the checkpoint, architecture.json (the hand spec) and rename.json.
    /// </summary>
    private async Task<TeacherDownloader.LocalTeachers> FolderAsync(string rename)
    {
        var checkpoint = _temp.File("teacher-0.safetensors");
        await SafetensorsFile.WriteAsync(checkpoint, [SafeTensor.FromFloats("0.weight", [3, 2], W1),
            SafeTensor.FromFloats("0.bias", [3], B1), SafeTensor.FromFloats("2.weight", [3, 3], W2),
            SafeTensor.FromFloats("2.bias", [3], B2)]);
        var architecture = _temp.File(TeacherFolder.ArchitectureFileName);
        await File.WriteAllTextAsync(architecture, Hand.ToJson());
        var renames = _temp.File(TeacherFolder.RenameFileName);
        await File.WriteAllTextAsync(renames, rename);
        return new TeacherDownloader.LocalTeachers([checkpoint], architecture, renames,
            new TeacherDigest("teachers/hand", []));
    }

    private static float[] Linear(float[] rows, float[] weights, float[] bias, int inputs) =>
        ReferenceMath.Linear(rows, weights, bias, inputs);
}
