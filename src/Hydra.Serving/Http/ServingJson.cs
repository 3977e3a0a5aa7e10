using System.Text.Encodings.Web;
using System.Text.Json;
using Hydra.Core;

namespace Hydra.Serving.Http;

/// <summary>The project's JSON conventions (snake_case, nulls omitted) without indentation, for responses.</summary>
public static class ServingJson
{
    // Responses are JSON bodies, never embedded in HTML, so quotes and apostrophes in messages need no escaping.
    public static JsonSerializerOptions Options { get; } = new(HydraJson.Options)
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping
    };
}
