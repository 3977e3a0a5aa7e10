using System.Text.Json;
using Hydra.Core;

namespace Hydra.Serving.Http;

/// <summary>The project's JSON conventions (snake_case, nulls omitted) without indentation, for responses.</summary>
public static class ServingJson
{
    public static JsonSerializerOptions Options { get; } = new(HydraJson.Options) { WriteIndented = false };
}
