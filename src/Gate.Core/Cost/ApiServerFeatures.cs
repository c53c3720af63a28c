using System.Globalization;

namespace Gate.Core.Cost;

/// <summary>
/// What decides where a kube-apiserver serves a read: its minor version (the storage layer's delegation code changed
/// in v1.31 and v1.33), the feature gates that move reads into the watch cache, and whether etcd supports the
/// progress notifications a consistent cache read needs. Defaults per version are upstream's
/// (<c>k8s.io/apiserver/pkg/features/kube_features.go</c> at each release tag v0.29.0–v0.35.0).
/// </summary>
public sealed record ApiServerFeatures
{
    /// <summary>The oldest minor version whose rules Gate knows; older servers are treated as this one.</summary>
    public const int OldestMinor = 29;

    /// <summary>The newest minor version whose rules Gate knows; newer servers are treated as this one.</summary>
    public const int NewestMinor = 35;

    /// <summary>Kubernetes minor version (1.<c>Minor</c>), clamped to the known range by <see cref="ForVersion"/>.</summary>
    public int Minor { get; init; } = 32;

    /// <summary>Feature gate ConsistentListFromCache: alpha off v1.28–v1.30, beta on v1.31–v1.33, GA from v1.34.</summary>
    public bool ConsistentListFromCache { get; init; } = true;

    /// <summary>
    /// etcd answers RequestWatchProgress correctly (etcd ≥ 3.4.31 / ≥ 3.5.13; upstream
    /// <c>pkg/storage/feature/feature_support_checker.go</c>, <c>endpointSupportsRequestWatchProgress</c>). From
    /// v1.31 a consistent read is served from the cache only when this holds too.
    /// </summary>
    public bool EtcdSupportsWatchProgress { get; init; } = true;

    /// <summary>Feature gate ListFromCacheSnapshot (KEP-4988): alpha off v1.33, beta on from v1.34.</summary>
    public bool ListFromCacheSnapshot { get; init; }

    /// <summary>Feature gate WatchList on the server: alpha off to v1.31, beta on v1.32, off v1.33, on from v1.34.</summary>
    public bool WatchList { get; init; } = true;

    /// <summary>A consistent read (resourceVersion unset) can be served from the watch cache.</summary>
    public bool ConsistentReadFromCache =>
        ConsistentListFromCache && (Minor <= 30 || EtcdSupportsWatchProgress);

    /// <summary>The default feature gates of <paramref name="version"/> (e.g. <c>v1.31.4-eks-1</c>); unknown → v1.32.</summary>
    public static ApiServerFeatures ForVersion(string? version, string? etcdVersion = null)
    {
        var minor = Math.Clamp(MinorOf(version) ?? 32, OldestMinor, NewestMinor);
        return new ApiServerFeatures
        {
            Minor = minor,
            ConsistentListFromCache = minor >= 31,
            WatchList = minor == 32 || minor >= 34,
            ListFromCacheSnapshot = minor >= 34,
            EtcdSupportsWatchProgress = etcdVersion is null || SupportsWatchProgress(etcdVersion),
        };
    }

    /// <summary>The minor number of a Kubernetes version string (<c>v1.31.4</c>, <c>1.30</c>), or null.</summary>
    public static int? MinorOf(string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return null;
        }

        var parts = version.Trim().TrimStart('v', 'V').Split('.', '-', '+');
        return parts.Length >= 2 && parts[0] == "1" && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            ? m
            : null;
    }

    /// <summary>
    /// Upstream <c>endpointSupportsRequestWatchProgress</c>: false below 3.4.31 and in 3.5.0–3.5.12; an unparsable
    /// version is unsupported.
    /// </summary>
    public static bool SupportsWatchProgress(string etcdVersion)
    {
        ArgumentNullException.ThrowIfNull(etcdVersion);
        var parts = etcdVersion.Trim().TrimStart('v', 'V').Split('.', '-', '+');
        if (parts.Length < 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
        {
            return false;
        }

        var v = (major, minor, patch);
        return v.CompareTo((3, 4, 31)) >= 0 && (v.CompareTo((3, 5, 0)) < 0 || v.CompareTo((3, 5, 13)) >= 0);
    }
}
