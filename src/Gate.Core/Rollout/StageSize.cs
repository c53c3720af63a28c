using System.Globalization;

namespace Gate.Core.Rollout;

/// <summary>One stage: a node count (<c>1</c>) or a percentage of the agent's nodes (<c>10%</c>), cumulative.</summary>
/// <param name="Value">Count or percent.</param>
/// <param name="IsPercent">True for a percentage.</param>
public sealed record StageSize(double Value, bool IsPercent)
{
    /// <summary>The default stages: 1 node, 1 %, 10 %, 50 %, 100 %.</summary>
    public static IReadOnlyList<StageSize> Defaults { get; } = Parse("1,1%,10%,50%,100%");

    /// <summary>Nodes updated once this stage is done, out of <paramref name="total"/>.</summary>
    public int Resolve(int total) =>
        Math.Min(total, IsPercent ? (int)Math.Ceiling(total * Value / 100.0 - 1e-9) : (int)Value);

    /// <summary>Parses <c>1,1%,10%,50%,100%</c>; throws <see cref="GateUsageException"/> on bad input.</summary>
    public static IReadOnlyList<StageSize> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stages = new List<StageSize>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var percent = raw.EndsWith('%');
            var number = percent ? raw[..^1] : raw;
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                || value <= 0 || (percent && value > 100) || (!percent && value != Math.Floor(value)))
            {
                throw new GateUsageException(
                    $"--stages: '{raw}' is not a node count or a percentage",
                    hint: "use e.g. 1,1%,10%,50%,100%");
            }

            stages.Add(new StageSize(value, percent));
        }

        return stages;
    }

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture) + (IsPercent ? "%" : string.Empty);
}
