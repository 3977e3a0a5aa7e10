using Hydra.Core.Architecture;
using Hydra.Core.Errors;

namespace Hydra.Core.Tests.Architecture;

public class ArchitectureSpecTests
{
    [Fact]
    public void Validate_ReferenceMlp_ReturnsBodyAndHeadShapes()
    {
        var spec = ArchitecturePresets.Mlp();

        var shapes = spec.Validate();

        Assert.Equal([512], shapes.BodyOutput);
        Assert.Equal(10, shapes.HeadOutput);
    }

    [Fact]
    public void Validate_ReferenceCnn_FlattensToThe3136FeaturesOfSection4()
    {
        var spec = ArchitecturePresets.Cnn();

        var shapes = spec.Validate();

        // 28 → conv(pad 1) 28 → pool 14 → conv 14 → pool 7; 64 × 7 × 7 = 3136 into Linear(3136, 256).
        Assert.Equal([256], shapes.BodyOutput);
        Assert.Equal(10, shapes.HeadOutput);
    }

    [Fact]
    public void Validate_CnnOnRgb32By24_SizesTheFirstConvAndTheLinearToTheRows()
    {
        var spec = ArchitecturePresets.ByName("cnn", [3, 24, 32], 4);

        var shapes = spec.Validate();

        // 24 × 32 → pool 12 × 16 → pool 6 × 8; 64 × 6 × 8 = 3072 into Linear(3072, 256).
        Assert.Equal([3, 24, 32], spec.InputShape);
        Assert.Equal([256], shapes.BodyOutput);
        Assert.Equal(4, shapes.HeadOutput);
    }

    [Fact]
    public void Cnn_RowsSmallerThan4By4_AreRefused()
    {
        Assert.Throws<ArchitectureValidationException>(() => ArchitecturePresets.Cnn(2, [1, 3, 28]));
    }

    [Fact]
    public void MultiplyAccumulates_ReferenceMlp_MatchesSection4()
    {
        var (body, head) = ArchitecturePresets.Mlp().MultiplyAccumulates();

        // 784·512 + 512·512 = 663,552 (0.66 M); 512·128 + 128·10 = 66,816 (0.07 M).
        Assert.Equal(663_552, body);
        Assert.Equal(66_816, head);
    }

    [Fact]
    public void MultiplyAccumulates_ReferenceCnn_MatchesSection4()
    {
        var (body, head) = ArchitecturePresets.Cnn().MultiplyAccumulates();

        // conv1 32·28·28·1·9 = 225,792; conv2 64·14·14·32·9 = 3,612,672; linear 3136·256 = 802,816.
        Assert.Equal(225_792 + 3_612_672 + 802_816, body);
        Assert.Equal((256 * 64) + (64 * 10), head);
        Assert.Equal(4.66, (body + head) / 1e6, 2);
    }

    [Fact]
    public void Parameters_Hydra_IsBodyPlusMHeads()
    {
        var spec = ArchitecturePresets.Mlp();

        var member = spec.Parameters(1);
        var hydra = spec.Parameters(5);

        // body (784·512+512) + (512·512+512) = 664,576; head (512·128+128) + (128·10+10) = 66,954.
        Assert.Equal(664_576 + 66_954, member);
        Assert.Equal(664_576 + (5 * 66_954), hydra);
        Assert.Equal(1.37, (double)hydra / member, 2);
    }

    [Fact]
    public void Validate_LinearWidthMismatch_NamesTheLayerAndTheSizes()
    {
        var spec = new ArchitectureSpec("bad", [4],
            [new LinearLayer(4, 8), new ReluLayer(), new LinearLayer(6, 3)],
            [new LinearLayer(3, 2)]);

        var error = Assert.Throws<ArchitectureValidationException>(() => spec.Validate());

        Assert.Equal(["body[2] (linear): expects 6 input features but receives 8"], error.Errors);
    }

    [Fact]
    public void Validate_LinearOnImageWithoutFlatten_SaysToFlatten()
    {
        var spec = new ArchitectureSpec("bad", [1, 28, 28], [new LinearLayer(784, 10)], [new LinearLayer(10, 2)]);

        var error = Assert.Throws<ArchitectureValidationException>(() => spec.Validate());

        Assert.Contains("body[0] (linear)", error.Message, StringComparison.Ordinal);
        Assert.Contains("flatten", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HeadEndingInImage_IsRejected()
    {
        var spec = new ArchitectureSpec("bad", [1, 8, 8], [new Conv2dLayer(1, 4, 3)], [new ReluLayer()]);

        var error = Assert.Throws<ArchitectureValidationException>(() => spec.Validate());

        Assert.Contains("head: must end in a flat output row", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"conv2d","in":1,"out":4,"kernel":9}""", "kernel 9 with padding 0 does not fit a 8×8 input")]
    [InlineData("""{"type":"conv2d","in":3,"out":4,"kernel":3}""", "expects 3 input channels but receives 1")]
    [InlineData("""{"type":"maxpool2d","kernel":16}""", "kernel 16 is larger than the 8×8 input")]
    [InlineData("""{"type":"dropout","p":1.5}""", "p (1.5) must be in [0, 1)")]
    public void FromJson_BadFirstLayer_NamesBody0AndTheReason(string layer, string reason)
    {
        var json = $$"""{"name":"x","input_shape":[1,8,8],"body":[{{layer}}],"head":[{"type":"flatten"}]}""";

        var error = Assert.Throws<ArchitectureValidationException>(() => ArchitectureSpec.FromJson(json));

        Assert.Contains("body[0]", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_UnknownLayerType_IsAValidationError()
    {
        var json = """
            {"name":"x","input_shape":[4],"body":[{"type":"transformer"}],"head":[{"type":"linear","in":4,"out":2}]}
            """;

        var error = Assert.Throws<ArchitectureValidationException>(() => ArchitectureSpec.FromJson(json));

        Assert.Contains("transformer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_NotJson_IsAValidationError()
    {
        Assert.Throws<ArchitectureValidationException>(() => ArchitectureSpec.FromJson("{ not json"));
    }

    [Fact]
    public void ToJson_RoundTrip_GivesAnEqualSpecAndSnakeCaseFields()
    {
        var spec = ArchitecturePresets.Cnn();

        var json = spec.ToJson();
        var back = ArchitectureSpec.FromJson(json);

        Assert.Contains("\"input_shape\"", json, StringComparison.Ordinal);
        Assert.Contains("\"type\": \"conv2d\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("parameter", json, StringComparison.Ordinal);
        Assert.DoesNotContain("type_name", json, StringComparison.Ordinal);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(spec.Body, back.Body);
    }

    [Fact]
    public void ByName_UnknownPreset_ListsTheKnownOnes()
    {
        var error = Assert.Throws<InvalidRequestException>(() => ArchitecturePresets.ByName("vit", [2], 3));

        Assert.Contains("mlp, cnn, toy-mlp, regression-mlp, resnet20, resnet20-lastblock, resnet20-laststage",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithHeadWidth_ReferenceCnn_WidensTheHiddenHeadLayerAndKeepsTheBody()
    {
        var cnn = ArchitecturePresets.Cnn();

        var wide = cnn.WithHeadWidth(256);

        Assert.Equal("cnn-head256", wide.Name);
        Assert.Same(cnn.Body, wide.Body);
        Assert.Equal<LayerSpec>([new LinearLayer(256, 256), new ReluLayer(), new LinearLayer(256, 10)], wide.Head);
        // Body 320 + 18,496 + 803,072 = 821,888; head 65,792 + 2,570 = 68,362 (the reference head: 16,448 + 650).
        Assert.Equal((821_888 + (5 * 68_362), 821_888 + 17_098), (wide.Parameters(5), cnn.Parameters(1)));
    }

    [Fact]
    public void WithHeadWidth_HeadWithTwoHiddenLayersAndBatchNorm_WidensEachOfThem()
    {
        var spec = new ArchitectureSpec("deep", [4], [new LinearLayer(4, 8), new ReluLayer()],
            [new LinearLayer(8, 16), new BatchNorm1dLayer(16), new ReluLayer(), new DropoutLayer(0.1),
                new LinearLayer(16, 16), new ReluLayer(), new LinearLayer(16, 3)]);

        var wide = spec.WithHeadWidth(32);

        Assert.Equal<LayerSpec>([new LinearLayer(8, 32), new BatchNorm1dLayer(32), new ReluLayer(),
            new DropoutLayer(0.1), new LinearLayer(32, 32), new ReluLayer(), new LinearLayer(32, 3)], wide.Head);
    }

    [Theory]
    [InlineData("regression-mlp", 64, "has no width to set")]
    [InlineData("resnet20-lastblock", 64, "has no width to set")]
    [InlineData("mlp", 0, "at least 1")]
    public void WithHeadWidth_HeadItCannotWiden_SaysWhy(string preset, int width, string expected)
    {
        var spec = ArchitecturePresets.ByName(preset, preset == "regression-mlp" ? [3] : [1, 28, 28],
            preset == "regression-mlp" ? 2 : 10);

        var error = Assert.Throws<ArchitectureValidationException>(() => spec.WithHeadWidth(width));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
