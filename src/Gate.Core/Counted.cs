using System.Globalization;

namespace Gate.Core;

/// <summary>Counts in messages: "1 node", "5 nodes", "1,000 nodes".</summary>
public static class Counted
{
    /// <summary><paramref name="count"/> nodes, singular for one, with thousands separators.</summary>
    public static string Nodes(long count) => Of(count, "node", "nodes");

    /// <summary><paramref name="count"/> and the singular or plural noun.</summary>
    public static string Of(long count, string singular, string plural) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural);
}
