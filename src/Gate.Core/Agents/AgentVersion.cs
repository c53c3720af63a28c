using System.Globalization;
using System.Text.RegularExpressions;

namespace Gate.Core.Agents;

/// <summary>
/// The version an agent container runs, read from its image tag (<c>otel/opentelemetry-collector-contrib:0.158.0</c>,
/// <c>v1.18.0-debian-…</c>, <c>7.64.0-jmx</c>). A digest-only image, <c>latest</c> or a tag without a leading version
/// gives no version: the catalogue then applies the newest behaviour it documents and says so in a note.
/// </summary>
public sealed partial record AgentVersion(int Major, int Minor, int Patch) : IComparable<AgentVersion>
{
    [GeneratedRegex(@"^v?(?<major>\d{1,6})\.(?<minor>\d{1,6})(?:\.(?<patch>\d{1,6}))?(?![\d.])", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingVersion();

    /// <summary>The version in <paramref name="image"/>'s tag, or null when the tag names none (or there is no tag).</summary>
    public static AgentVersion? FromImage(string? image)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            return null;
        }

        var at = image.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? image[..at] : image;
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        return colon > slash ? Parse(name[(colon + 1)..]) : null;
    }

    /// <summary>A version from a tag or version string (<c>0.158.0</c>, <c>v2.10</c>); null when it does not start with one.</summary>
    public static AgentVersion? Parse(string? text)
    {
        var match = LeadingVersion().Match(text?.Trim() ?? string.Empty);
        if (!match.Success)
        {
            return null;
        }

        return new AgentVersion(
            int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["minor"].Value, CultureInfo.InvariantCulture),
            match.Groups["patch"].Success ? int.Parse(match.Groups["patch"].Value, CultureInfo.InvariantCulture) : 0);
    }

    /// <summary>
    /// True when a behaviour that holds from <paramref name="since"/> applies to <paramref name="running"/>; an unknown
    /// version (null) gets the newest behaviour, and <paramref name="notes"/> says so once per <paramref name="what"/>.
    /// </summary>
    public static bool AtLeast(AgentVersion? running, AgentVersion since, string what, ICollection<string> notes)
    {
        ArgumentNullException.ThrowIfNull(since);
        ArgumentNullException.ThrowIfNull(notes);
        if (running is not null)
        {
            return running.CompareTo(since) >= 0;
        }

        var note = $"{what}: the image tag names no version, so the behaviour documented from {since} on (the newest) is assumed; pin a versioned tag for an exact estimate";
        if (!notes.Contains(note))
        {
            notes.Add(note);
        }

        return true;
    }

    public int CompareTo(AgentVersion? other) =>
        other is null ? 1
        : Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Patch.CompareTo(other.Patch);

    public static bool operator <(AgentVersion left, AgentVersion right) => left is null ? right is not null : left.CompareTo(right) < 0;

    public static bool operator >(AgentVersion left, AgentVersion right) => left is not null && left.CompareTo(right) > 0;

    public static bool operator <=(AgentVersion left, AgentVersion right) => left is null || left.CompareTo(right) <= 0;

    public static bool operator >=(AgentVersion left, AgentVersion right) => left is null ? right is null : left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
}
