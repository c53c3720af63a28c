namespace Gate.Cli.Commands.Fleet;

/// <summary>The plain-text tables of the fleet reports: left-aligned columns, two spaces apart, indented by two.</summary>
internal static class FleetTable
{
    /// <summary>The header and the rows as lines (no trailing spaces).</summary>
    public static IEnumerable<string> Lines(string[] header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        return rows.Prepend(header).Select(row => ("  " + string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i])))).TrimEnd());
    }
}
