using Hydra.Core.Architecture;
using static TorchSharp.torch;

namespace Hydra.Training.Modules;

/// <summary>
/// The basic block of <see cref="ResidualBlockLayer"/>: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)). Child
/// modules are registered under the part names the spec gives ("conv1", "bn1", …, "shortcut_conv", "shortcut_bn"),
/// so state_dict names match <see cref="LayerSpec.TensorShapes"/>.
/// </summary>
internal sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _conv1;
    private readonly nn.Module<Tensor, Tensor> _bn1;
    private readonly nn.Module<Tensor, Tensor> _conv2;
    private readonly nn.Module<Tensor, Tensor> _bn2;
    private readonly nn.Module<Tensor, Tensor>? _shortcutConv;
    private readonly nn.Module<Tensor, Tensor>? _shortcutBn;
    private readonly nn.Module<Tensor, Tensor> _relu1 = nn.ReLU();
    private readonly nn.Module<Tensor, Tensor> _relu2 = nn.ReLU();

    public ResidualBlock(ResidualBlockLayer spec)
        : base(nameof(ResidualBlock))
    {
        ArgumentNullException.ThrowIfNull(spec);
        _conv1 = Register("conv1", spec.Conv1);
        _bn1 = Register("bn1", spec.Bn1);
        _conv2 = Register("conv2", spec.Conv2);
        _bn2 = Register("bn2", spec.Bn2);
        if (spec.HasProjection)
        {
            _shortcutConv = Register("shortcut_conv", spec.ShortcutConv);
            _shortcutBn = Register("shortcut_bn", spec.ShortcutBn);
        }
    }

    public override Tensor forward(Tensor input)
    {
        var residual = _bn2.call(_conv2.call(_relu1.call(_bn1.call(_conv1.call(input)))));
        var shortcut = _shortcutConv is null ? input : _shortcutBn!.call(_shortcutConv.call(input));
        return _relu2.call(residual + shortcut);
    }

    private nn.Module<Tensor, Tensor> Register(string name, LayerSpec layer)
    {
        var module = LayerFactory.Create(layer);
        register_module(name, module);
        return module;
    }
}
