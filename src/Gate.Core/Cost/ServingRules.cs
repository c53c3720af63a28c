namespace Gate.Core.Cost;

/// <summary>Where one read is served, and why.</summary>
/// <param name="FromEtcd">The request (its first page) is read from etcd; otherwise from the watch cache.</param>
/// <param name="ContinueFromEtcd">The <c>continue</c> pages of a paginated LIST are read from etcd.</param>
/// <param name="Reason">The rule that decided, naming the upstream function.</param>
public sealed record ReadServing(bool FromEtcd, bool ContinueFromEtcd, string Reason)
{
    public const string WatchCache = "watch-cache";

    public const string Etcd = "etcd";

    /// <summary><c>etcd</c> or <c>watch-cache</c>.</summary>
    public string ServedFrom => FromEtcd ? Etcd : WatchCache;
}

/// <summary>
/// Where kube-apiserver serves a LIST, GET or WATCH, by version, exactly as the storage layer decides it
/// (<c>k8s.io/apiserver</c> at the release tags, read in the kubernetes/apiserver mirror):
/// <list type="bullet">
/// <item>v1.29–v1.30: <c>pkg/storage/cacher/cacher.go</c> <c>shouldDelegateList</c> — etcd for a consistent read while
/// ConsistentListFromCache is off, for <c>continue</c>, for any <c>limit</c> with resourceVersion ≠ "0"
/// (<c>hasLimit</c>) and for a resourceVersionMatch other than NotOlderThan.</item>
/// <item>v1.31–v1.32: the same function without <c>hasLimit</c>: a paginated consistent LIST is served from the cache
/// (the first page; <c>computeListLimit</c> applies the limit), a consistent read needs the feature and an etcd that
/// supports RequestWatchProgress, legacy exact-RV pagination (limit with resourceVersion=N) goes to etcd.</item>
/// <item>v1.33–v1.35: <c>pkg/storage/cacher/delegator/interface.go</c> <c>ShouldDelegateList</c> with
/// <c>cacher.go</c> <c>ShouldDelegateExactRV</c>/<c>ShouldDelegateContinue</c>: <c>continue</c> and exact reads come
/// from a cache snapshot when ListFromCacheSnapshot is on (the snapshot exists until etcd compacts the revision),
/// else from etcd.</item>
/// </list>
/// A GET without resourceVersion is read from etcd in every version (<c>cacher.go</c>/<c>delegator.go</c>
/// <c>Get</c>: "for backward compatibility"). A WATCH is served by the cache; with <c>sendInitialEvents=true</c> and
/// WatchList on, its initial state is streamed from the cache too.
/// </summary>
public static class ServingRules
{
    private const string NotOlderThan = "NotOlderThan";
    private const string Exact = "Exact";

    /// <summary>Where <paramref name="request"/> is served on a server with <paramref name="features"/>.</summary>
    public static ReadServing For(ApfRequest request, ApiServerFeatures features)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(features);
        return request.Verb switch
        {
            "list" => List(request, features),
            "get" => Get(request),
            "watch" => Watch(request, features),
            _ => new ReadServing(true, true, "writes go to etcd"),
        };
    }

    /// <summary>Where a LIST is served (see the class summary for the upstream functions per version).</summary>
    public static ReadServing List(ApfRequest request, ApiServerFeatures features)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(features);
        return features.Minor <= 30 ? ListUpTo130(request, features)
            : features.Minor <= 32 ? ListFrom131(request, features)
            : ListFrom133(request, features);
    }

    private static ReadServing ListUpTo130(ApfRequest r, ApiServerFeatures f)
    {
        var rv = r.ResourceVersion ?? string.Empty;
        var match = r.ResourceVersionMatch ?? string.Empty;
        const string Where = "(v1.29–v1.30 cacher.go shouldDelegateList)";
        if (rv.Length == 0 && !f.ConsistentListFromCache)
        {
            return Storage($"resourceVersion unset: a consistent read from etcd, ConsistentListFromCache off {Where}");
        }

        if (!string.IsNullOrEmpty(r.Continue))
        {
            return Storage($"continue: the watch cache has no continuations {Where}");
        }

        if (r.Limit > 0 && rv != "0")
        {
            return Storage($"limit with resourceVersion {Rv(rv)}: paginated LISTs are delegated to etcd (hasLimit) {Where}");
        }

        if (match.Length > 0 && match != NotOlderThan)
        {
            return Storage($"resourceVersionMatch={match}: the watch cache serves only NotOlderThan {Where}");
        }

        return Cache(r, continueFromEtcd: true, Where);
    }

    private static ReadServing ListFrom131(ApfRequest r, ApiServerFeatures f)
    {
        var rv = r.ResourceVersion ?? string.Empty;
        var match = r.ResourceVersionMatch ?? string.Empty;
        var where = $"(v1.{f.Minor} cacher.go shouldDelegateList)";
        if (rv.Length == 0 && !f.ConsistentReadFromCache)
        {
            return Storage($"resourceVersion unset: a consistent read from etcd, {ConsistentReadBlocker(f)} {where}");
        }

        if (!string.IsNullOrEmpty(r.Continue))
        {
            return Storage($"continue: the watch cache has no continuations {where}");
        }

        if (match.Length > 0 && match != NotOlderThan)
        {
            return Storage($"resourceVersionMatch={match}: the watch cache serves only NotOlderThan {where}");
        }

        if (r.Limit > 0 && match.Length == 0 && rv.Length > 0 && rv != "0")
        {
            return Storage($"limit with resourceVersion={rv}: legacy exact-resourceVersion pagination {where}");
        }

        return Cache(r, continueFromEtcd: true, where);
    }

    private static ReadServing ListFrom133(ApfRequest r, ApiServerFeatures f)
    {
        var rv = r.ResourceVersion ?? string.Empty;
        var match = r.ResourceVersionMatch ?? string.Empty;
        var where = $"(v1.{f.Minor} delegator.ShouldDelegateList)";
        var snapshot = f.ListFromCacheSnapshot
            ? $"from a watch-cache snapshot, ListFromCacheSnapshot on (until etcd compacts that revision) {where}"
            : null;
        if (match == Exact || (match.Length == 0 && string.IsNullOrEmpty(r.Continue) && r.Limit > 0 && rv.Length > 0 && rv != "0"))
        {
            var what = match == Exact ? "resourceVersionMatch=Exact" : $"limit with resourceVersion={rv} (legacy exact match)";
            return snapshot is null
                ? Storage($"{what}: etcd, ListFromCacheSnapshot off {where}")
                : new ReadServing(false, false, $"{what}: {snapshot}");
        }

        if (match.Length > 0 && match != NotOlderThan)
        {
            return Storage($"resourceVersionMatch={match}: not served by the watch cache {where}");
        }

        if (!string.IsNullOrEmpty(r.Continue))
        {
            return snapshot is null
                ? Storage($"continue: etcd at the token's revision, ListFromCacheSnapshot off {where}")
                : new ReadServing(false, false, $"continue: {snapshot}");
        }

        if (rv.Length == 0 && match.Length == 0 && !f.ConsistentReadFromCache)
        {
            return Storage($"resourceVersion unset: a consistent read from etcd, {ConsistentReadBlocker(f)} {where}");
        }

        return snapshot is null
            ? Cache(r, continueFromEtcd: true, where)
            : Cache(r, continueFromEtcd: false, r.Limit > 0 && rv != "0"
                ? $"(v1.{f.Minor} delegator.ShouldDelegateList; continue pages from a watch-cache snapshot, ListFromCacheSnapshot on)"
                : where);
    }

    private static string ConsistentReadBlocker(ApiServerFeatures f) =>
        !f.ConsistentListFromCache ? "ConsistentListFromCache off" : "etcd too old for RequestWatchProgress (needs ≥ 3.4.31 or ≥ 3.5.13)";

    private static ReadServing Cache(ApfRequest r, bool continueFromEtcd, string where)
    {
        var rv = r.ResourceVersion ?? string.Empty;
        var paginated = r.Limit > 0 && rv != "0";
        var what = rv.Length == 0
            ? "resourceVersion unset: a consistent read from the watch cache once it has caught up with etcd's current revision"
            : rv == "0" ? "resourceVersion=0: any version, from the watch cache (limit ignored)"
            : $"resourceVersion={rv} (not older than): from the watch cache";
        return new ReadServing(false, continueFromEtcd, paginated && continueFromEtcd ? $"{what}; continue pages from etcd {where}" : $"{what} {where}");
    }

    private static ReadServing Storage(string reason) => new(true, true, reason);

    private static string Rv(string rv) => rv.Length == 0 ? "unset" : "=" + rv;

    private static ReadServing Get(ApfRequest r) =>
        string.IsNullOrEmpty(r.ResourceVersion)
            ? Storage("GET without resourceVersion: a quorum read from etcd (cacher Get, every version)")
            : new ReadServing(false, false, $"GET with resourceVersion={r.ResourceVersion}: from the watch cache (cacher Get)");

    private static ReadServing Watch(ApfRequest r, ApiServerFeatures f) =>
        r.SendInitialEvents == true
            ? f.WatchList
                ? new ReadServing(false, false, "WATCH with sendInitialEvents=true: initial state streamed from the watch cache (WatchList on)")
                : new ReadServing(false, false, $"WATCH with sendInitialEvents=true refused: WatchList is off on v1.{f.Minor}, client-go falls back to a LIST")
            : new ReadServing(false, false, "WATCH: events from the watch cache");
}
