using System.Text.RegularExpressions;

namespace Hydra.Infra.Tests;

/// <summary>The habits the repository states and keeps: line length, file size, one event id per log message.</summary>
public sealed partial class RepositoryHabitsTests
{
    private const int MaxSourceFileLines = 300;

    [Fact]
    public void EditorConfig_SetsTheLineLengthForCSharp()
    {
        Assert.Equal(120, MaxLineLength());
    }

    [Fact]
    public void CSharpFiles_KeepTheEditorConfigLineLength()
    {
        var limit = MaxLineLength();

        var over = SourceFiles("src", "tests")
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line: i + 1, length: line.Length)))
            .Where(l => l.length > limit)
            .Select(l => $"{Relative(l.file)}:{l.line} ({l.length})")
            .ToList();

        Assert.True(over.Count == 0, $"{over.Count} lines over {limit} characters:\n" + string.Join("\n",
            over.Take(40)));
    }

    [Fact]
    public void SourceFiles_AreAtMost300LinesEach()
    {
        var large = SourceFiles("src")
            .Select(file => (file, lines: File.ReadLines(file).Count()))
            .Where(f => f.lines > MaxSourceFileLines)
            .Select(f => $"{Relative(f.file)} ({f.lines})")
            .ToList();

        Assert.Empty(large);
    }

    [Fact]
    public void LogMessages_HaveEventIdsUniqueAcrossTheProduct()
    {
        var ids = SourceFiles("src")
            .SelectMany(file => EventId().Matches(File.ReadAllText(file)).Select(m => (file,
            id: int.Parse(m.Groups[1].Value,
                System.Globalization.CultureInfo.InvariantCulture))))
            .ToList();

        var repeated = ids.GroupBy(x => x.id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => Relative(x.file)))}")
            .ToList();

        Assert.True(ids.Count >= 20, $"found only {ids.Count} log messages; the pattern no longer matches them");
        Assert.Empty(repeated);
    }

    private static int MaxLineLength()
    {
        var inCSharp = false;
        foreach (var raw in File.ReadLines(RepoFiles.Path(".editorconfig")))
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                inCSharp = line == "[*.cs]";
            }
            else if (inCSharp && line.StartsWith("max_line_length", StringComparison.Ordinal))
            {
                return int.Parse(line.Split('=')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException(".editorconfig sets no max_line_length for [*.cs].");
    }

    private static IEnumerable<string> SourceFiles(params string[] roots) => roots
        .SelectMany(root => Directory.EnumerateFiles(RepoFiles.Path(root), "*.cs", SearchOption.AllDirectories))
        .Where(file => !file.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));

    private static string Relative(string file) => Path.GetRelativePath(RepoFiles.Root, file);

    [GeneratedRegex(@"\[LoggerMessage\((?:EventId\s*=\s*)?(\d+)")]
    private static partial Regex EventId();
}
