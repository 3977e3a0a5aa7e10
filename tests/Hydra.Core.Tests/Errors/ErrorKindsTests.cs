using Hydra.Core.Errors;
using Hydra.Core.Jobs;

namespace Hydra.Core.Tests.Errors;

public sealed class ErrorKindsTests
{
    [Theory]
    [InlineData(ErrorKind.InvalidInput, true, true)]
    [InlineData(ErrorKind.NotFound, true, true)]
    [InlineData(ErrorKind.Conflict, true, true)]
    [InlineData(ErrorKind.TooLarge, true, true)]
    [InlineData(ErrorKind.Unavailable, false, false)]
    [InlineData(ErrorKind.Permanent, true, false)]
    [InlineData(ErrorKind.Transient, false, false)]
    public void Kind_IsPermanentAndIsCallerError_FollowTheTable(ErrorKind kind, bool permanent, bool callerError)
    {
        Assert.Equal(permanent, ErrorKinds.IsPermanent(kind));
        Assert.Equal(callerError, ErrorKinds.IsCallerError(kind));
    }

    [Fact]
    public void Of_AnyOtherException_IsTransient()
    {
        Assert.Equal(ErrorKind.Transient, ErrorKinds.Of(new InvalidOperationException("boom")));
        Assert.Equal(ErrorKind.Transient, ErrorKinds.Of(new ArgumentException("bug")));
        Assert.Equal(ErrorKind.NotFound, ErrorKinds.Of(new JobNotFoundException("job-1")));
    }
}
