using Gate.Core.Agents;

namespace Gate.Simulation.Cluster;

/// <summary>A ControllerRevision of a simulated DaemonSet: its pod template (as a workload with access patterns).</summary>
public sealed record SimRevision(long Number, string Hash, Workload Template);
