using Gate.Simulation.ControlPlane;

namespace Gate.Simulation;

/// <summary>Knobs of a simulation run beyond the cluster profile.</summary>
public sealed record SimulationOptions
{
    /// <summary>Seed of the run's only random source: same seed, same run.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Simulate the cluster's own API clients: a kubelet (node-scoped pod watch), kube-proxy (services and
    /// endpointslices watches) per node, CoreDNS, and node lease renewals. Off for the testbed calibration runs,
    /// whose cluster had Node objects but no kubelets.
    /// </summary>
    public bool SystemClients { get; init; } = true;

    /// <summary>How long CoreDNS keeps answering from its cached records after it lost the API server.</summary>
    public double DnsCacheTtlSeconds { get; init; } = 20 * 60;

    /// <summary>DNS queries per node per second (only for the CoreDNS response counters).</summary>
    public double DnsQueriesPerNodePerSecond { get; init; } = 5;

    /// <summary>Nodes whose lease renewals (every 10 s) are simulated request by request; the rest is background CPU.</summary>
    public int HeartbeatSampleNodes { get; init; } = 200;

    /// <summary>Pod creations per second of the DaemonSet controller (kube-controller-manager --kube-api-qps 20).</summary>
    public double ControllerCreatesPerSecond { get; init; } = 20;

    /// <summary>Seconds from a pod's creation to its container running (image cached).</summary>
    public double PodStartSeconds { get; init; } = 4;

    /// <summary>Seconds from running to Ready.</summary>
    public double PodReadySeconds { get; init; } = 3;

    /// <summary>
    /// Simulate clients that behave alike as cohorts: every pod of an agent revision as one object, and the kubelets'
    /// and kube-proxies' informers of all nodes as one object each. Every member still sends its own requests on its
    /// own schedule, so the API server sees the same load; off, each pod and node has its own client objects (the
    /// per-node reference the cohorts are held against).
    /// </summary>
    public bool ClientCohorts { get; init; } = true;

    /// <summary>The simulated API server's coefficients.</summary>
    public ServerCalibration Calibration { get; init; } = new();
}
