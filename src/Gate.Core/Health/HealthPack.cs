using Gate.Core.Manifests;

namespace Gate.Core.Health;

/// <summary>How the samples of a window reduce to the one number a threshold is checked against.</summary>
public enum Aggregation
{
    /// <summary>The largest sample (the default: the worst moment of the window).</summary>
    Max,

    /// <summary>The smallest sample (for signals where lower is worse, e.g. readiness).</summary>
    Min,

    /// <summary>The arithmetic mean.</summary>
    Mean,

    /// <summary>The latest sample.</summary>
    Last,
}

/// <summary>Pack-wide settings of the judge (policies/health.yaml <c>settings</c>).</summary>
public sealed record HealthSettings
{
    /// <summary>Length of the canary (and baseline) window.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Resolution of range queries.</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The range of <c>rate()</c> in PromQL, substituted for <c>$window</c>.</summary>
    public TimeSpan RateWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long before the canary window the baseline window ends when no start time is known.</summary>
    public TimeSpan BaselineOffset { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Consecutive inconclusive analyses tolerated; one more fails (fail closed).</summary>
    public int InconclusiveLimit { get; init; } = 2;

    /// <summary>Samples needed in both windows before the Mann-Whitney U test is used.</summary>
    public int MinSamples { get; init; } = 8;

    /// <summary>Significance level of the one-sided Mann-Whitney U test.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>The Prometheus job label of the API server, substituted for <c>$job</c>.</summary>
    public string ApiServerJob { get; init; } = "apiserver";
}

/// <summary>How a signal compares with its baseline (captured before the canary started).</summary>
public sealed record BaselineRule
{
    /// <summary>The canary fails when it exceeds the baseline × this ratio …</summary>
    public double MaxRatio { get; init; } = 1.5;

    /// <summary>… and the baseline + this absolute slack (so a zero baseline does not fail on noise).</summary>
    public double MinDelta { get; init; }

    /// <summary>Require a significant Mann-Whitney U test (one-sided, canary greater) when both windows have enough samples.</summary>
    public bool MannWhitney { get; init; } = true;
}

/// <summary>One health signal of the pack.</summary>
public sealed record HealthSignal
{
    /// <summary>Stable id (<see cref="WellKnownSignals"/> for the built-in pack).</summary>
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>Unit for display: <c>seconds</c>, <c>ratio</c>, <c>bytes</c>, <c>req/s</c>, <c>requests</c>, <c>seats</c>, <c>count</c>.</summary>
    public string Unit { get; init; } = "count";

    /// <summary>PromQL with <c>$window</c>, <c>$job</c>, <c>$namespace</c>, <c>$daemonset</c>, <c>$pods</c>, <c>$nodes</c>, <c>$flow_schema</c> placeholders.</summary>
    public required string Expression { get; init; }

    /// <summary>The direct-scrape form; null when the signal needs Prometheus (e.g. kube-state-metrics).</summary>
    public ScrapeSpec? Scrape { get; init; }

    public Aggregation Aggregation { get; init; } = Aggregation.Max;

    /// <summary>Fails when the aggregate is above this.</summary>
    public double? Max { get; init; }

    /// <summary>Fails when the aggregate is below this (lower is worse).</summary>
    public double? Min { get; init; }

    /// <summary>Comparison with the baseline; null for absolute thresholds only.</summary>
    public BaselineRule? Baseline { get; init; }

    /// <summary>When false, no data or an error is reported but does not make the analysis inconclusive.</summary>
    public bool Required { get; init; } = true;

    /// <summary>True for signals about the agent's canary pods: evaluated only when a canary is known.</summary>
    public bool Canary { get; init; }

    /// <summary>Where the signal is defined (for error messages).</summary>
    public SourcePosition? Position { get; init; }

    /// <summary>True when lower values are worse (a <see cref="Min"/> threshold and no <see cref="Max"/>).</summary>
    public bool LowerIsWorse => Min is not null && Max is null;
}

/// <summary>One measured dimension of the canary's own API cost, projected to the fleet and checked against a budget.</summary>
public sealed record ProjectionMetric
{
    /// <summary>Id, e.g. <see cref="WellKnownSignals.ProjectionRequests"/>.</summary>
    public required string Id { get; init; }

    public required string Title { get; init; }

    public string Unit { get; init; } = "req/s";

    /// <summary>PromQL of the canary's total (all canary pods), isolated by <c>flow_schema="$flow_schema"</c>.</summary>
    public required string Expression { get; init; }

    public ScrapeSpec? Scrape { get; init; }

    /// <summary>Fleet-wide budget: the projection fails above it.</summary>
    public required double Budget { get; init; }

    /// <summary>
    /// Set for a per-watch metric (<c>perWatch.eventBytes</c>): PromQL of the mean bytes of one watch event of
    /// <c>$resource</c>. <see cref="Expression"/> is then the events per second of <c>$resource</c> a cluster-wide
    /// watcher is sent; both are queried once per resource the canary watches (<see cref="CanaryContext.Watches"/>).
    /// </summary>
    public string? EventBytesExpression { get; init; }

    /// <summary>True for a per-watch metric (<see cref="EventBytesExpression"/>).</summary>
    public bool PerWatch => EventBytesExpression is not null;
}

/// <summary>The projection section: the per-agent FlowSchema and the measured dimensions.</summary>
public sealed record ProjectionSpec
{
    /// <summary>FlowSchema name, with placeholders (<c>gate-$daemonset</c>); substituted for <c>$flow_schema</c>.</summary>
    public string FlowSchema { get; init; } = "gate-canary-$daemonset";

    public required IReadOnlyList<ProjectionMetric> Metrics { get; init; }
}

/// <summary>A health signal pack: settings, signals and the projection (policies/health.yaml, schema policies/health.schema.json).</summary>
public sealed record HealthPack
{
    public HealthSettings Settings { get; init; } = new();

    public required IReadOnlyList<HealthSignal> Signals { get; init; }

    public ProjectionSpec? Projection { get; init; }

    /// <summary>Where the pack came from, e.g. <c>policies/health.yaml</c> or <c>policies/health.yaml + prod.yaml (cluster prod)</c>.</summary>
    public string Source { get; init; } = "policies/health.yaml";
}
