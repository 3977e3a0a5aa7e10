using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Core.Errors;
using Hydra.Core.Models;
using Hydra.Core.Safetensors;
using Hydra.Core.Teachers;
using Hydra.Onnx.Teachers;
using Hydra.Training.Teachers;

namespace Hydra.Onnx.Tests.Teachers;

/// <summary>Every teacher that cannot stand in for a member is refused before any training, by name.</summary>
[Collection(LibTorchTests.Name)]
public sealed class TeacherRefusalTests : IDisposable
{
    private static readonly float[] Weights = [1f, -2f, 0.5f, 0.25f, -1f, 1.5f];
    private static readonly float[] Bias = [0.1f, -0.3f, 0.2f];
    private readonly TempDirectory _temp = new();
    private readonly DatasetBundle _spirals = DatasetCatalog.Load("spirals",
        new DataOptions { TrainLimit = 100, TestLimit = 50 });

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Validate_TeachersOfDifferentInputShapes_NamesTheOneThatDisagrees()
    {
        using var first = Load("a.onnx", HandGraphs.Linear(Weights, Bias, 2));
        using var second = Load("b.onnx", HandGraphs.Linear(Weights, Bias, 2, inputShape: [1, 2]));

        var error = Assert.Throws<TeacherException>(() => TeacherChecks.Validate([first, second], _spirals));

        Assert.Equal("b.onnx", error.Teacher);
        Assert.Equal("Teacher 'b.onnx': it is [1, 2] → 3 scores, but 'a.onnx' is [2] → 3 scores; every teacher must "
            + "take and give the same shapes.", error.Message);
    }

    [Fact]
    public void Validate_ATeacherWithMoreClassesThanTheData_NamesIt()
    {
        using var first = Load("a.onnx", HandGraphs.Linear(Weights, Bias, 2));
        using var second = Load("b.onnx", HandGraphs.Linear([.. Weights, 1f, 1f], [.. Bias, 0f], 2));

        var error = Assert.Throws<TeacherException>(() => TeacherChecks.Validate([first, second], _spirals));

        Assert.Equal("Teacher 'b.onnx': it gives 4 class scores, but 'spirals' has 3 classes.", error.Message);
    }

    [Fact]
    public void Validate_NaNOutputs_NamesTheTeacherRowAndOutput()
    {
        using var good = Load("good.onnx", HandGraphs.Linear(Weights, Bias, 2));
        using var nan = Load("nan.onnx", HandGraphs.NaNs(2, 3));

        var error = Assert.Throws<TeacherException>(() => TeacherChecks.Validate([good, nan], _spirals));

        Assert.Equal("Teacher 'nan.onnx': it answered the probe batch (the first 16 training rows) with NaN at row 0, "
            + "output 0.", error.Message);
    }

    [Fact]
    public void Load_ATeacherWithTwoInputs_IsRefused()
    {
        var error = Assert.Throws<TeacherException>(() => Load("two.onnx", HandGraphs.TwoInputs()));

        Assert.Equal("Teacher 'two.onnx': it has 2 inputs (a, b); a teacher takes exactly one, the dataset's rows.",
            error.Message);
    }

    [Fact]
    public void Load_AMissingFile_SaysWhichFile()
    {
        var path = _temp.File("absent.onnx");

        var error = Assert.Throws<InputNotFoundException>(() => OnnxTeacher.Load(path));

        Assert.Equal($"Teacher file '{path}' does not exist.", error.Message);
    }

    [Fact]
    public void Validate_ARegressionTeacherForAClassificationDataset_IsRefused()
    {
        using var teacher = Load("r.onnx", HandGraphs.Regression(1f, 0f, 0f, inputs: 2));

        var error = Assert.Throws<TeacherException>(() => TeacherChecks.Validate([teacher], _spirals));

        Assert.Equal("Teacher 'r.onnx': it gives a Gaussian (mean, variance), but 'spirals' is a classification "
            + "dataset.", error.Message);
    }

    [Fact]
    public void Validate_AClassifierForARegressionDataset_IsRefused()
    {
        var toy = DatasetCatalog.Load("toy-regression", new DataOptions { TrainLimit = 20, TestLimit = 10 });
        using var teacher = Load("c.onnx", HandGraphs.Linear([1f, 2f], [0f, 0f], 1));

        var error = Assert.Throws<TeacherException>(() => TeacherChecks.Validate([teacher], toy));

        Assert.Equal("Teacher 'c.onnx': it gives class scores, but 'toy-regression' is a regression dataset.",
            error.Message);
    }

    [Fact]
    public void Load_ACustomDomainOperator_IsRefusedBeforeOnnxRuntimeSeesIt()
    {
        var error = Assert.Throws<TeacherException>(() => Load("custom.onnx", HandGraphs.CustomDomain(2, 3)));

        Assert.Equal("Teacher 'custom.onnx': it uses the operator domain(s) 'com.example'; teachers may use the "
            + "default ONNX domains only (ai.onnx, ai.onnx.ml).", error.Message);
    }

    [Fact]
    public void Load_AFileOverTheBound_IsRefused()
    {
        var error = Assert.Throws<TeacherException>(() => Load("big.onnx", HandGraphs.Linear(Weights, Bias, 2),
            new OnnxTeacherOptions { MaxBytes = 64 }));

        Assert.StartsWith("Teacher 'big.onnx': the file is 0.0 MiB, over the bound of 0 MiB", error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotAnOnnxFile_IsRefused()
    {
        var error = Assert.Throws<TeacherException>(() => Load("text.onnx", "not a model"u8.ToArray()));

        Assert.StartsWith("Teacher 'text.onnx': ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadCheckpoint_ATensorOfTheWrongShape_NamesItInBothNamings()
    {
        var spec = new ArchitectureSpec("hand", [2], [new LinearLayer(2, 3), new ReluLayer()], [new LinearLayer(3, 3)]);
        var file = _temp.File("plain.safetensors");
        await SafetensorsFile.WriteAsync(file, [SafeTensor.FromFloats("0.weight", [3, 2], Weights),
            SafeTensor.FromFloats("0.bias", [3], Bias), SafeTensor.FromFloats("2.weight", [3, 2], Weights),
            SafeTensor.FromFloats("2.bias", [3], Bias)]);

        var error = Assert.Throws<TeacherException>(() => CheckpointTeacher.Load(file, spec,
            TensorRenames.Parse([TensorRenames.Sequential], spec), ModelTask.Classification, Preprocessing.None,
            OnnxTeacherOptions.DefaultMaxBytes));

        Assert.Equal("Teacher 'plain.safetensors': tensor 'heads.0.0.weight' (file: '2.weight') is [3, 2], the "
            + "architecture needs [3, 3].", error.Message);
    }

    [Fact]
    public async Task LoadCheckpoint_PlainNamesWithoutRename_SuggestsOne()
    {
        var spec = new ArchitectureSpec("hand", [2], [new LinearLayer(2, 3)], [new LinearLayer(3, 3)]);
        var file = _temp.File("plain.safetensors");
        await SafetensorsFile.WriteAsync(file, [SafeTensor.FromFloats("0.weight", [3, 2], Weights)]);

        var error = Assert.Throws<TeacherException>(() => CheckpointTeacher.Load(file, spec, TensorRenames.None,
            ModelTask.Classification, Preprocessing.None, OnnxTeacherOptions.DefaultMaxBytes));

        Assert.StartsWith("Teacher 'plain.safetensors': tensor '0.weight' has no place in the architecture",
            error.Message, StringComparison.Ordinal);
        Assert.Contains("--rename sequential", error.Message, StringComparison.Ordinal);
    }

    private OnnxTeacher Load(string name, byte[] graph, OnnxTeacherOptions? options = null)
    {
        File.WriteAllBytes(_temp.File(name), graph);
        return OnnxTeacher.Load(_temp.File(name), options);
    }
}
