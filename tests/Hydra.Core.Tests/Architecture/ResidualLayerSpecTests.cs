using Hydra.Core.Architecture;

namespace Hydra.Core.Tests.Architecture;

public class ResidualLayerSpecTests
{
    [Fact]
    public void InferShape_IdentityBlock_KeepsTheShape()
    {
        var block = new ResidualBlockLayer(16, 16);

        var shape = block.InferShape([16, 32, 32]);

        Assert.Equal([16, 32, 32], shape.Shape!);
        Assert.False(block.HasProjection);
    }

    [Fact]
    public void InferShape_StridedBlockOnOddSizes_MatchesTheConvFormula()
    {
        var block = new ResidualBlockLayer(3, 8, Stride: 2);

        var shape = block.InferShape([3, 7, 5]);

        // 3×3, pad 1, stride 2: (7 + 2 − 3) / 2 + 1 = 4 and (5 + 2 − 3) / 2 + 1 = 3; the 1×1 projection gives the same.
        Assert.Equal([8, 4, 3], shape.Shape!);
        Assert.True(block.HasProjection);
    }

    [Fact]
    public void InferShape_WrongChannels_SaysWhatItExpects()
    {
        var result = new ResidualBlockLayer(16, 32, 2).InferShape([8, 32, 32]);

        Assert.False(result.IsOk);
        Assert.Equal("expects 16 input channels but receives 8", result.Error);
    }

    [Fact]
    public void ParameterCount_ProjectionBlock_MatchesHandCount()
    {
        var block = new ResidualBlockLayer(16, 32, 2);

        // conv1 9·16·32 = 4608, bn1 2·32, conv2 9·32·32 = 9216, bn2 2·32, shortcut conv 16·32 = 512, shortcut bn 2·32.
        Assert.Equal(4608 + 64 + 9216 + 64 + 512 + 64, block.ParameterCount());
        Assert.Equal(2 * (2304 + 32), new ResidualBlockLayer(16, 16).ParameterCount());
    }

    [Fact]
    public void TensorShapes_ProjectionBlock_NamesEveryConvAndBatchNormTensor()
    {
        var names = new ResidualBlockLayer(16, 32, 2).TensorShapes().ToDictionary(t => t.Name, t => t.Shape);

        Assert.Equal(18, names.Count); // 3 conv weights + 3 batch norms × 5 tensors
        Assert.Equal([32, 16, 3, 3], names["conv1.weight"]);
        Assert.Equal([32, 32, 3, 3], names["conv2.weight"]);
        Assert.Equal([32, 16, 1, 1], names["shortcut_conv.weight"]);
        Assert.Equal([32], names["shortcut_bn.running_var"]);
        Assert.Equal([], names["bn1.num_batches_tracked"]);
        Assert.DoesNotContain("conv1.bias", names.Keys);
        Assert.Equal(12, new ResidualBlockLayer(8, 8).TensorShapes().Count);
    }

    [Fact]
    public void MultiplyAccumulates_ProjectionBlock_MatchesHandCount()
    {
        var macs = new ResidualBlockLayer(16, 32, 2).MultiplyAccumulates([16, 32, 32]);

        // Output 32×16×16: conv1 32·16·16·16·9 = 1,179,648; conv2 32·16·16·32·9 = 2,359,296; 1×1 shortcut 32·16·16·16 =
        // 131,072.
        Assert.Equal(1_179_648 + 2_359_296 + 131_072, macs);
    }

    [Fact]
    public void BatchNorm_Shapes_CheckTheRankAndWidth()
    {
        Assert.Equal([12], new BatchNorm1dLayer(12).InferShape([12]).Shape!);
        Assert.Equal([4, 5, 6], new BatchNorm2dLayer(4).InferShape([4, 5, 6]).Shape!);
        Assert.Equal("expects 12 features but receives 10", new BatchNorm1dLayer(12).InferShape([10]).Error);
        Assert.Contains("use batchnorm1d", new BatchNorm2dLayer(4).InferShape([4]).Error, StringComparison.Ordinal);
        Assert.Contains("momentum (0) in (0, 1]", new BatchNorm1dLayer(3, Momentum: 0).InferShape([3]).Error,
            StringComparison.Ordinal);
        Assert.Equal(24, new BatchNorm2dLayer(12).ParameterCount());
        Assert.Equal(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"],
            new BatchNorm1dLayer(3).TensorShapes().Select(t => t.Name));
    }

    [Fact]
    public void Pooling_Shapes_MatchHandValues()
    {
        Assert.Equal([3, 3, 2], new AvgPool2dLayer(2).InferShape([3, 7, 5]).Shape!);
        Assert.Equal([3, 3, 2], new AvgPool2dLayer(3, 2).InferShape([3, 7, 5]).Shape!);
        Assert.Equal([64], new GlobalAvgPoolLayer().InferShape([64, 8, 8]).Shape!);
        Assert.Contains("expects [channels, height, width]", new GlobalAvgPoolLayer().InferShape([64]).Error,
            StringComparison.Ordinal);
        Assert.Contains("larger than the 2×2 input", new AvgPool2dLayer(3).InferShape([1, 2, 2]).Error,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ResNetHead.Mlp, 271_824, 4_810)]
    [InlineData(ResNetHead.LastBlock, 197_840, 74_634)]
    [InlineData(ResNetHead.LastStage, 66_128, 206_346)]
    public void ResNet20_EachHeadChoice_SplitsTheHandCountedParameters(ResNetHead head, long body, long oneHead)
    {
        // Stem 432 + 32; stage 1: 3 × (2·2304 + 64); stage 2: 14,528 + 2 × 18,560; stage 3: 57,728 + 2 × 73,984;
        // classifier Linear(64, 10) = 650, or Linear(64, 64) + Linear(64, 10) = 4,810 for the MLP head.
        var spec = ArchitecturePresets.ResNet20(10, [3, 32, 32], head);

        var shapes = spec.Validate();

        Assert.Equal(body, spec.BodyParameters);
        Assert.Equal(oneHead, spec.HeadParameters);
        Assert.Equal(10, shapes.HeadOutput);
        Assert.Equal(head == ResNetHead.Mlp ? [64] : head == ResNetHead.LastBlock ? [64, 8, 8] : [32, 16, 16],
            shapes.BodyOutput);
    }

    [Fact]
    public void ResNet20_LastStageSplit_IsTheStandard272kParameterNetwork()
    {
        var spec = ArchitecturePresets.ResNet20(head: ResNetHead.LastStage);

        var (body, head) = spec.MultiplyAccumulates();

        Assert.Equal(272_474, spec.Parameters(1));
        // stem 442,368; stage 1: 6 convs × 2,359,296; stages 2 and 3: 13,107,200 each; linear 640.
        Assert.Equal(442_368 + 14_155_776 + 13_107_200 + 13_107_200 + 640, body + head);
    }

    [Fact]
    public void ByName_ResNet20OnFashionMnistShape_Validates()
    {
        var spec = ArchitecturePresets.ByName("resnet20", [1, 28, 28], 10);

        // 28 → 14 → 7 through the two strided stages, then global pooling.
        Assert.Equal([64], spec.Validate().BodyOutput);
    }

    [Fact]
    public void ToJson_EveryNewLayer_RoundTrips()
    {
        var spec = new ArchitectureSpec("new-layers", [3, 9, 9],
            [
                new Conv2dLayer(3, 4, 3, Padding: 1, Bias: false), new BatchNorm2dLayer(4, Eps: 1e-3, Momentum: 0.2),
                    new ReluLayer(),
                new ResidualBlockLayer(4, 4), new ResidualBlockLayer(4, 6, 2), new AvgPool2dLayer(2, 1),
                    new GlobalAvgPoolLayer(),
            ],
            [new BatchNorm1dLayer(6), new LinearLayer(6, 3)]);

        var json = spec.ToJson();
        var back = ArchitectureSpec.FromJson(json);

        Assert.Equal(spec.Body, back.Body);
        Assert.Equal(spec.Head, back.Head);
        Assert.Equal(json, back.ToJson());
        Assert.Contains("\"type\": \"residual\"", json, StringComparison.Ordinal);
        Assert.Contains("\"type\": \"global_avgpool\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("has_projection", json, StringComparison.Ordinal);
        Assert.DoesNotContain("conv1", json, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_ResidualAfterFlatten_NamesTheLayer()
    {
        const string json = """
            {"name":"x","input_shape":[2,4,4],"body":[{"type":"flatten"},{"type":"residual","in":2,"out":2}],
            "head":[{"type":"linear","in":32,"out":2}]}
            """;

        var error = Assert.Throws<ArchitectureValidationException>(() => ArchitectureSpec.FromJson(json));

        Assert.Contains("body[1] (residual): expects [channels, height, width] but receives shape [32]", error.Message,
            StringComparison.Ordinal);
    }
}
