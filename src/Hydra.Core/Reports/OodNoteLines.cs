using System.Text;

namespace Hydra.Core.Reports;

/// <summary>
/// The lines under a report's OOD table, one per OOD set that has a note: what it shows, or why it is a known failure
/// case. Shared by the single-run and the seed-set reports.
/// </summary>
internal static class OodNoteLines
{
    public static void Append(StringBuilder md, IEnumerable<string> sets, IReadOnlyDictionary<string, string>? notes)
    {
        var noted = sets.Where(set => notes?.ContainsKey(set) == true).ToList();
        if (noted.Count == 0)
        {
            return;
        }

        md.Append('\n');
        foreach (var set in noted)
        {
            md.Append("- **").Append(set).Append("**, ").Append(notes![set]).Append(".\n");
        }
    }
}
