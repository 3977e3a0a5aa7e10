using Hydra.Core.Configuration;

namespace Hydra.Azure.Storage;

/// <summary>What each <see cref="BlobArtifactStoreOptions"/> value may be.</summary>
public sealed class BlobArtifactStoreOptionsValidator()
    : SettingsValidator<BlobArtifactStoreOptions>(BlobArtifactStoreOptions.SectionName)
{
    protected override IEnumerable<string> Failures(BlobArtifactStoreOptions options)
    {
        if (options.ContainerPrefix is null)
        {
            yield return Failure(nameof(options.ContainerPrefix), null, "set (\"\" for none)");
        }

        if (options.SingleUploadLimitBytes < 1)
        {
            yield return Failure(nameof(options.SingleUploadLimitBytes), options.SingleUploadLimitBytes, "at least 1");
        }

        if (options.BlockSizeBytes < 1)
        {
            yield return Failure(nameof(options.BlockSizeBytes), options.BlockSizeBytes, "at least 1");
        }

        if (options.MaxConcurrency < 1)
        {
            yield return Failure(nameof(options.MaxConcurrency), options.MaxConcurrency, "at least 1");
        }
    }
}
