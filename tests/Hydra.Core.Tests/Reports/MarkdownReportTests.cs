using Hydra.Core.Reports;

namespace Hydra.Core.Tests.Reports;

public class MarkdownReportTests
{
    [Fact]
    public void Render_OodNotes_FollowTheOodTableForTheSetsItHas()
    {
        var report = RunSummaryTests.Classification() with
        {
            OodNotes = new Dictionary<string, string>
            {
                ["annulus"] = "known failure: every model grows confident far away",
                ["seams"] = "featured: where the members disagree",
                ["elsewhere"] = "a set this run did not score",
            },
        };

        var markdown = MarkdownReport.Render(report);

        var table = markdown.IndexOf("| annulus | hydra | 0.1000 | 0.2000 |", StringComparison.Ordinal);
        var seams = markdown.IndexOf("- **seams**, featured: where the members disagree.", StringComparison.Ordinal);
        var annulus = markdown.IndexOf("- **annulus**, known failure: every model grows confident far away.",
            StringComparison.Ordinal);
        Assert.True(table >= 0 && seams > table && annulus > seams, markdown);
        Assert.DoesNotContain("elsewhere", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoOodNotes_PrintsNoNoteLines()
    {
        var report = RunSummaryTests.Classification() with { OodNotes = null };

        var markdown = MarkdownReport.Render(report);

        Assert.DoesNotContain("- **", markdown, StringComparison.Ordinal);
    }
}
