using System.Globalization;
using Hydra.Core.Architecture;
using Hydra.Core.Models;

namespace Hydra.Onnx;

/// <summary>
/// What a checkpoint must be before it is exported: a card the graph can be built from, members that agree.
/// </summary>
internal static class ExportChecks
{
    public static IReadOnlyList<string> CheckExportable(ModelCard card, string folder)
    {
        if (card.Task is not (ModelTask.Classification or ModelTask.Regression))
        {
            throw new OnnxExportException(
                $"Cannot export checkpoint '{folder}': task '{card.Task}' has no ONNX export.");
        }

        if (card.TargetScaling is { } scaling && (!(scaling.Std > 0) || !float.IsFinite(scaling.Std)
            || !float.IsFinite(scaling.Mean)))
        {
            throw new OnnxExportException(
                $"Cannot export checkpoint '{folder}': the card's target scaling (mean {scaling.Mean}, std "
                    + $"{scaling.Std}) is not usable.");
        }

        ArchitectureShapes shapes;
        try
        {
            shapes = card.Architecture.Validate();
        }
        catch (ArchitectureValidationException ex)
        {
            throw new OnnxExportException($"Cannot export checkpoint '{folder}': {ex.Message}", ex);
        }

        if (card.Heads < 1)
        {
            throw new OnnxExportException($"Cannot export checkpoint '{folder}': the card says {card.Heads} heads.");
        }

        if (!card.Input.Shape.SequenceEqual(card.Architecture.InputShape))
        {
            throw new OnnxExportException(
                $"Cannot export checkpoint '{folder}': "
                    + $"the card's input shape [{string.Join(", ", card.Input.Shape)}] "
                    + $"differs from the architecture's [{string.Join(", ", card.Architecture.InputShape)}].");
        }

        if (card.Task == ModelTask.Regression)
        {
            return shapes.HeadOutput == GaussianHead.Width
                ? []
                : throw new OnnxExportException(
                $"Cannot export checkpoint '{folder}': a regression head outputs {GaussianHead.Width} values (mean, "
                    + $"raw variance), this one {shapes.HeadOutput}.");
        }

        var classes = card.Classes ?? [.. Enumerable.Range(0, shapes.HeadOutput).Select(c
            => c.ToString(CultureInfo.InvariantCulture))];
        return classes.Count == shapes.HeadOutput
            ? classes
            : throw new OnnxExportException(
            $"Cannot export checkpoint '{folder}': the card names {classes.Count} classes but the head outputs "
                + $"{shapes.HeadOutput}.");
    }

    public static void CheckMember(ModelCard card, ModelCard first, string folder, string firstFolder)
    {
        if (card.Kind != ModelKind.Member || card.Heads != 1)
        {
            throw new OnnxExportException(
                $"Cannot export '{folder}' as an ensemble member: it is a {KindName(card.Kind)} checkpoint with "
                    + $"{card.Heads} heads.");
        }

        var same = card.Architecture.ToJson() == first.Architecture.ToJson() && card.Input.SameAs(first.Input)
            && (card.Classes ?? []).SequenceEqual(first.Classes ?? []) && card.Task == first.Task
            && card.TargetScaling == first.TargetScaling;
        if (!same)
        {
            throw new OnnxExportException(
                $"Ensemble member '{folder}' differs from '{firstFolder}' in architecture, input, classes, task or "
                    + $"target scaling; members must share them.");
        }
    }

    public static string KindName(ModelKind kind) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(
        kind.ToString());
}
