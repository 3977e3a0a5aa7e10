using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hydra.Core.Teachers;

/// <summary>
/// <see cref="TeacherFolder.OnnxFileName"/> in a teacher folder: which outputs of its ONNX teachers to read, as
/// <c>hydra distill</c>'s <c>--teacher-output</c>, <c>--teacher-scores</c>, <c>--teacher-mean</c>,
/// <c>--teacher-variance</c> and <c>--teacher-log-variance</c> take them; a field left out keeps their default.
/// <code>{"output": "logits", "scores": "logits"}</code>
/// </summary>
public sealed record OnnxTeacherSettings
{
    private static readonly JsonSerializerOptions Strict = new(HydraJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Classification: the output holding [N, C] scores.</summary>
    public string? Output { get; init; }

    /// <summary>Classification: "auto", "logits" or "probabilities".</summary>
    public string? Scores { get; init; }

    /// <summary>Regression: the output holding each row's mean.</summary>
    public string? Mean { get; init; }

    /// <summary>Regression: the output holding each row's variance.</summary>
    public string? Variance { get; init; }

    /// <summary>Regression: the output holding each row's log-variance instead.</summary>
    public string? LogVariance { get; init; }

    /// <exception cref="JsonException">Not a JSON object of these fields (an unknown field included).</exception>
    public static OnnxTeacherSettings FromJson(string json) =>
        JsonSerializer.Deserialize<OnnxTeacherSettings>(json, Strict)
            ?? throw new JsonException("The file holds null, not an object.");
}
