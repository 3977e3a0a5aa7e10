using System.Runtime.InteropServices;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// Gives the C heap's free pages back to the system between Parquet column chunks. glibc raises its mmap threshold
/// to the size of the largest block freed, so after the first multi-megabyte page buffer the reader's page buffers come
/// from the heap and stay resident when freed; trimming after each chunk keeps them out of the loading peak. Nothing
/// on other systems (not Linux, or a C library other than glibc, e.g. musl, which has no libc.so.6).
/// </summary>
internal static class NativeHeap
{
    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>Returns free heap memory to the system where the C library can.</summary>
    public static void Trim()
    {
        if (_unavailable)
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
        }
    }

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
