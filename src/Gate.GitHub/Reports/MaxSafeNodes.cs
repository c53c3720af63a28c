using System.Globalization;
using System.Text.Json;

namespace Gate.GitHub.Reports;

/// <summary>
/// The largest node count at which every budget still holds. Read from the estimate: a <c>maxSafeNodes</c> number
/// where the estimate states it, else the smallest <c>breakEvenNodes</c> (first size that exceeds a budget) minus
/// one. <see cref="Unbounded"/> when the estimate reports break-even points and none is reached;
/// <see cref="Unknown"/> when the estimate carries neither.
/// </summary>
public readonly record struct MaxSafeNodes(int? Nodes, bool IsKnown)
{
    public static MaxSafeNodes Unknown => new(null, false);

    public static MaxSafeNodes Unbounded => new(null, true);

    /// <summary>The value of the Action output <c>max-safe-nodes</c>: a number, <c>unbounded</c> or <c>unknown</c>.</summary>
    public override string ToString() =>
        Nodes is { } n ? n.ToString(CultureInfo.InvariantCulture) : IsKnown ? "unbounded" : "unknown";

    /// <summary>Human text for reports: "1,799 nodes", "no limit found" or "unknown".</summary>
    public string ToDisplay() =>
        Nodes is { } n ? n.ToString("N0", CultureInfo.InvariantCulture) + " nodes" : IsKnown ? "no limit found" : "unknown";

    /// <summary>The most restrictive of several runs: the smallest known number wins; unknown beats unbounded.</summary>
    public static MaxSafeNodes Min(IEnumerable<MaxSafeNodes> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var all = values.ToList();
        var numbers = all.Where(v => v.Nodes is not null).Select(v => v.Nodes!.Value).ToList();
        if (numbers.Count > 0)
        {
            return new MaxSafeNodes(numbers.Min(), true);
        }

        return all.Count > 0 && all.All(v => v.IsKnown) ? Unbounded : Unknown;
    }

    /// <summary>Reads the value from an estimate (any nesting: one or several workloads).</summary>
    public static MaxSafeNodes From(JsonElement? estimate)
    {
        if (estimate is not { } root)
        {
            return Unknown;
        }

        var stated = Collect(root, "maxSafeNodes");
        if (stated.Found)
        {
            return stated.Min is { } m ? new MaxSafeNodes(m, true) : Unbounded;
        }

        var breakEven = Collect(root, "breakEvenNodes");
        if (!breakEven.Found)
        {
            return Unknown;
        }

        return breakEven.Min is { } b ? new MaxSafeNodes(Math.Max(0, b - 1), true) : Unbounded;
    }

    private static (bool Found, int? Min) Collect(JsonElement element, string property)
    {
        var found = false;
        int? min = null;
        var stack = new Stack<JsonElement>();
        stack.Push(element);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (current.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in current.EnumerateObject())
                {
                    if (p.NameEquals(property))
                    {
                        found = true;
                        if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var n))
                        {
                            min = min is { } m ? Math.Min(m, n) : n;
                        }
                    }
                    else
                    {
                        stack.Push(p.Value);
                    }
                }
            }
            else if (current.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in current.EnumerateArray())
                {
                    stack.Push(item);
                }
            }
        }

        return (found, min);
    }
}
