namespace Hydra.Serving.Scoring;

/// <summary>
/// What a served model's name may be: one plain path segment, so it can never reach outside its folder.
/// </summary>
internal static class ModelNames
{
    public static bool IsPlain(string name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 128 && name is not "." and not ".."
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
