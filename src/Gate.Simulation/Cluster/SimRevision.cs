using Gate.Core.Agents;

namespace Gate.Simulation.Cluster;

/// <summary>
/// A ControllerRevision of a simulated DaemonSet: its pod template (as a workload with access patterns). Like the
/// real controller, making an older template current again reuses its revision and gives it the highest number.
/// </summary>
public sealed class SimRevision(long number, string hash, Workload template)
{
    public long Number { get; internal set; } = number;

    public string Hash { get; } = hash;

    public Workload Template { get; } = template;

    /// <summary>Its pods not terminating (kept by <see cref="SimDaemonSet"/> as pods change).</summary>
    internal int LivePods { get; set; }

    /// <summary>Its ready pods not terminating.</summary>
    internal int ReadyPods { get; set; }
}
