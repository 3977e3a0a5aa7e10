using System.Text;
using Hydra.Core.Jobs;

namespace Hydra.Core.Tests.Jobs;

public class TrainingWorkItemTests
{
    [Fact]
    public void ToJsonBytes_Parse_RoundTrips()
    {
        var member = TrainingWorkItem.Member("job-1", 2);
        var distill = TrainingWorkItem.Distill("job-1");

        Assert.Equal(member, TrainingWorkItem.Parse(member.ToJsonBytes()));
        Assert.Equal(distill, TrainingWorkItem.Parse(distill.ToJsonBytes()));
        Assert.Equal("job-1.member.2", member.MessageId);
        Assert.Equal("job-1.distill", distill.MessageId);
    }

    [Theory]
    [InlineData("{", "Not a training work item")]
    [InlineData("null", "JSON null")]
    [InlineData("{\"job_id\":\"../x\",\"kind\":\"member\",\"member_index\":0}", "bad job id")]
    [InlineData("{\"job_id\":\"job-1\",\"kind\":\"member\"}", "member_index")]
    [InlineData("{\"job_id\":\"job-1\",\"kind\":\"member\",\"member_index\":-1}", "member_index")]
    [InlineData("{\"job_id\":\"job-1\",\"kind\":\"distill\",\"member_index\":1}", "no member_index")]
    [InlineData("{\"job_id\":\"job-1\",\"kind\":\"dance\"}", "Not a training work item")]
    public void Parse_Malformed_ThrowsWithAReason(string body, string reason)
    {
        var e = Assert.Throws<InvalidWorkItemException>(() => TrainingWorkItem.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
