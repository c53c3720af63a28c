namespace Gate.Core.Cost;

/// <summary>
/// Work estimator parameters, defaults as upstream <c>k8s.io/apiserver/pkg/util/flowcontrol/request/config.go</c>
/// (v1.31–v1.32).
/// </summary>
public sealed record WorkEstimatorConfig
{
    /// <summary>Upstream defaults: 1 / 10 seats, 100 objects per seat, 10 watches per seat, 5 ms per event.</summary>
    public static WorkEstimatorConfig Default { get; } = new();

    public int MinimumSeats { get; init; } = 1;

    public int MaximumSeatsLimit { get; init; } = 10;

    public double ObjectsPerSeat { get; init; } = 100.0;

    public double WatchesPerSeat { get; init; } = 10.0;

    public TimeSpan EventAdditionalDuration { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The mutating work estimator is enabled by default.</summary>
    public bool MutatingEstimatorEnabled { get; init; } = true;
}
