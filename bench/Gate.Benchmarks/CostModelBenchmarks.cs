using BenchmarkDotNet.Attributes;
using Gate.Core.Agents;
using Gate.Core.Cost;

namespace Gate.Benchmarks;

/// <summary>
/// The cost model on one workload (the OpenTelemetry k8sattributes processor without a node filter: cluster-wide pod,
/// ReplicaSet and namespace informers) at the four reference sizes. <c>Estimate</c> includes the scaling series and the
/// break-even bisection; <c>At</c> is one size only.
/// </summary>
[MemoryDiagnoser]
public class CostModelBenchmarks
{
    private Workload workload = null!;
    private ClusterProfile profile = null!;

    [Params(100, 1_000, 5_000, 15_000)]
    public int Nodes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        static AccessPattern[] Informer(string group, string resource) =>
        [
            new() { Verb = ApiVerb.List, Group = group, Resource = resource, Scope = PatternScope.Cluster, ResourceVersion = "0" },
            new() { Verb = ApiVerb.Watch, Group = group, Resource = resource, Scope = PatternScope.Cluster },
        ];

        workload = new Workload
        {
            Kind = "DaemonSet",
            Namespace = "observability",
            Name = "otel-agent",
            Agent = "opentelemetry-collector",
            PatternSource = PatternSource.Catalogue,
            AccessPatterns = [.. Informer(string.Empty, "pods"), .. Informer("apps", "replicasets"), .. Informer(string.Empty, "namespaces")],
        };
        profile = ClusterProfiles.ForNodes(Nodes);
    }

    [Benchmark]
    public WorkloadEstimate Estimate() => CostModel.Estimate(workload, profile);

    [Benchmark]
    public SizeCost At() => CostModel.At(workload, profile);
}
