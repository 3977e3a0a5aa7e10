using System.Text.Json.Serialization;

namespace Hydra.Core.Architecture;

/// <summary>
/// One layer of an architecture spec. The JSON form carries a "type" discriminator; each layer type knows
/// how it transforms the shape of one row, which is how a spec is validated before anything is built.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type",
    UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(LinearLayer), "linear")]
[JsonDerivedType(typeof(Conv2dLayer), "conv2d")]
[JsonDerivedType(typeof(ReluLayer), "relu")]
[JsonDerivedType(typeof(MaxPool2dLayer), "maxpool2d")]
[JsonDerivedType(typeof(FlattenLayer), "flatten")]
[JsonDerivedType(typeof(DropoutLayer), "dropout")]
[JsonDerivedType(typeof(BatchNorm1dLayer), "batchnorm1d")]
[JsonDerivedType(typeof(BatchNorm2dLayer), "batchnorm2d")]
[JsonDerivedType(typeof(AvgPool2dLayer), "avgpool2d")]
[JsonDerivedType(typeof(GlobalAvgPoolLayer), "global_avgpool")]
[JsonDerivedType(typeof(ResidualBlockLayer), "residual")]
public abstract record LayerSpec
{
    private static readonly Dictionary<Type, string> TypeNames = typeof(LayerSpec)
        .GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false)
        .Cast<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    /// <summary>The discriminator used in JSON and in error messages.</summary>
    [JsonIgnore]
    public string TypeName => TypeNames[GetType()];

    /// <summary>
    /// The shape of one output row for <paramref name="input"/>, or an error saying why the layer cannot take it.
    /// </summary>
    public abstract ShapeResult InferShape(IReadOnlyList<int> input);

    /// <summary>
    /// Multiply-accumulates per row for an input of <paramref name="input"/> shape (0 for parameter-free layers).
    /// </summary>
    public virtual long MultiplyAccumulates(IReadOnlyList<int> input) => 0;

    /// <summary>Trainable parameter count.</summary>
    public virtual long ParameterCount() => 0;

    /// <summary>The names and shapes of the layer's tensors, relative to the layer ("weight", "bias").</summary>
    public virtual IReadOnlyList<(string Name, long[] Shape)> TensorShapes() => [];

    protected static string Describe(IReadOnlyList<int> shape) => $"[{string.Join(", ", shape)}]";
}
