namespace Gate.Core.Cost;

/// <summary>
/// APF seats of a request exactly as kube-apiserver v1.31–v1.32 computes them:
/// <c>k8s.io/apiserver/pkg/util/flowcontrol/request/width.go</c> (dispatch by verb),
/// <c>list_work_estimator.go</c> (list, and watch with WatchList on) and <c>mutating_work_estimator.go</c>.
/// </summary>
public static class WorkEstimator
{
    /// <summary>Dispatch by verb as upstream <c>workEstimator.estimate</c> does.</summary>
    public static WorkEstimate Estimate(ApfRequest request, ApfServerState server, WorkEstimatorConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(server);
        config ??= WorkEstimatorConfig.Default;
        return request.Verb switch
        {
            "list" => EstimateList(request, server, config),
            "watch" when server.WatchList => EstimateList(request, server, config),
            "create" or "update" or "patch" or "delete" => EstimateMutating(request, server, config),
            _ => WorkEstimate.Width(config.MinimumSeats),
        };
    }

    /// <summary>The list work estimator (also used for watches when the WatchList feature is on).</summary>
    public static WorkEstimate EstimateList(ApfRequest request, ApfServerState server, WorkEstimatorConfig? config = null)
    {
        (config, var minSeats, var maxSeats) = Setup(request, server, config);
        if (HasName(request))
        {
            return WorkEstimate.Width(minSeats);
        }

        if (request.InvalidListOptions)
        {
            return WorkEstimate.Width(maxSeats);
        }

        if (request.Verb == "watch" && request.SendInitialEvents != true)
        {
            return WorkEstimate.Width(minSeats);
        }

        var fromCache = request.Verb == "watch" || !ShouldListFromStorage(request, server.ConsistentListFromCache, server.KubernetesMinor);
        switch (server.CountState)
        {
            case ObjectCountState.Stale:
                return WorkEstimate.Width(maxSeats);
            case ObjectCountState.NotFound:
                return WorkEstimate.Width(minSeats);
        }

        var numStored = server.ObjectCount;
        var limit = request.Limit > 0 && request.Limit < numStored ? request.Limit : numStored;
        long processed;
        if (fromCache)
        {
            processed = numStored;
        }
        else if (!string.IsNullOrEmpty(request.FieldSelector) || !string.IsNullOrEmpty(request.LabelSelector))
        {
            processed = numStored + limit;
        }
        else
        {
            processed = 2 * limit;
        }

        var seats = (long)Math.Ceiling(processed / config.ObjectsPerSeat);
        return WorkEstimate.Width((int)Math.Clamp(seats, minSeats, maxSeats));
    }

    /// <summary>The mutating work estimator: a write pays for the watch events it fans out.</summary>
    public static WorkEstimate EstimateMutating(ApfRequest request, ApfServerState server, WorkEstimatorConfig? config = null)
    {
        (config, var minSeats, var maxSeats) = Setup(request, server, config);
        if (!config.MutatingEstimatorEnabled)
        {
            return WorkEstimate.Width(minSeats);
        }

        if (request.Resource == "serviceaccounts" && request.Subresource == "token")
        {
            return WorkEstimate.Width(minSeats);
        }

        var watches = server.InterestedWatches;
        if (watches < config.WatchesPerSeat)
        {
            return WorkEstimate.Width(1);
        }

        var rawFinal = (long)Math.Ceiling(watches / config.WatchesPerSeat);
        var finalWork = SeatsTimesDuration(rawFinal, config.EventAdditionalDuration);
        var final = Math.Min(rawFinal, maxSeats);
        return new WorkEstimate(1, (int)final, DurationPerSeat(finalWork, final));
    }

    /// <summary>
    /// Upstream <c>shouldListFromStorage</c> (kept in sync with <c>cacher.shouldDelegateList</c>): true when the
    /// estimator prices a LIST as served by etcd. v1.29–v1.30 (<c>list_work_estimator.go</c> at v0.29.0/v0.30.0)
    /// also count any <c>limit</c> with resourceVersion ≠ "0" (<c>hasLimit</c>); v1.31–v1.32 dropped it; v1.33+
    /// call <c>delegator.ShouldDelegateListMeta</c> with <c>CacheWithoutSnapshots</c>, which decides the same as
    /// v1.31 (snapshots are ignored when pricing). Where the read is really served: <see cref="ServingRules"/>.
    /// </summary>
    public static bool ShouldListFromStorage(ApfRequest request, bool consistentListFromCache, int kubernetesMinor = 32)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rv = request.ResourceVersion ?? string.Empty;
        var match = request.ResourceVersionMatch ?? string.Empty;
        var consistentReadFromStorage = rv.Length == 0 && !consistentListFromCache;
        var hasContinuation = !string.IsNullOrEmpty(request.Continue);
        var isLegacyExactMatch = request.Limit > 0 && match.Length == 0 && rv.Length > 0 && rv != "0";
        var unsupportedMatch = (match.Length > 0 && match != "NotOlderThan") || isLegacyExactMatch;
        var hasLimit = kubernetesMinor <= 30 && request.Limit > 0 && rv != "0";
        return consistentReadFromStorage || hasContinuation || unsupportedMatch || hasLimit;
    }

    private static bool HasName(ApfRequest request) =>
        !string.IsNullOrEmpty(request.Name)
        || FieldSelectors.RequiresExactMatch(request.FieldSelector, FieldSelectors.MetadataName) is { Length: > 0 };

    /// <summary>Argument checks, the configuration and the seat bounds every estimator starts from.</summary>
    private static (WorkEstimatorConfig Config, int MinSeats, int MaxSeats) Setup(ApfRequest request, ApfServerState server, WorkEstimatorConfig? config)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(server);
        config ??= WorkEstimatorConfig.Default;
        return (config, config.MinimumSeats, MaxSeats(server, config));
    }

    private static int MaxSeats(ApfServerState server, WorkEstimatorConfig config) =>
        server.PriorityLevelMaxSeats == 0 || server.PriorityLevelMaxSeats > config.MaximumSeatsLimit
            ? config.MaximumSeatsLimit
            : server.PriorityLevelMaxSeats;

    // Upstream SeatSeconds is a fixed-point count of 1e-8 seat-seconds; these two mirror its rounding.
    private const double SeatSecondsScale = 1e8;

    private static ulong SeatsTimesDuration(double seats, TimeSpan duration) =>
        (ulong)Math.Round(seats * (duration.Ticks * 100.0) / (1e9 / SeatSecondsScale), MidpointRounding.AwayFromZero);

    private static TimeSpan DurationPerSeat(ulong seatSeconds, double seats) =>
        TimeSpan.FromTicks((long)(seatSeconds / seats * (1e9 / SeatSecondsScale) / 100.0));
}
