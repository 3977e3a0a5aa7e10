namespace Hydra.Functions.Http;

/// <param name="Self">This status (HTTP).</param>
/// <param name="Spec">The accepted request (blob path).</param>
/// <param name="Report">Metrics of the distilled models, once distilled (blob path).</param>
/// <param name="Models">The scoring routes of the job's served models (HTTP).</param>
public sealed record JobLinks(string Self, string Spec, string Report, IReadOnlyList<string> Models);
