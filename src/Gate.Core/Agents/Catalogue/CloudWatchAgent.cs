using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Amazon CloudWatch agent (<c>*/cloudwatch-agent</c>) with Container Insights: its JSON config (the
/// <c>cwagentconfig</c> ConfigMap) under <c>logs.metrics_collected.kubernetes</c> turns on the
/// <c>awscontainerinsightreceiver</c> (aws/amazon-cloudwatch-agent
/// translator/translate/otel/receiver/awscontainerinsight/translator.go, read at v1.300066.1, which builds the receiver
/// from the amazon-contributing/opentelemetry-collector-contrib fork pinned in its go.mod).
/// <list type="bullet">
/// <item>Every node: the pod store reads pods from the kubelet, but its client watches the own Node
/// (<c>metadata.name=$(HOST_NAME)</c>) and, to name a pod's Deployment, every ReplicaSet of the cluster
/// (receiver/awscontainerinsightreceiver/internal/stores/podstore.go <c>NewPodStore</c>, <c>addPodOwnersAndPodName</c>;
/// internal/aws/k8s/k8sclient/replicaset.go: an unfiltered shared informer). With <c>tag_service</c> (default true) the
/// service store watches every Endpoints object of the cluster (stores/store.go <c>NewK8sDecorator</c>,
/// k8sclient/endpoint.go <c>createSharedEndpointsInformer</c>) — O(N²) over a fleet.</item>
/// <item>Leader election on the ConfigMap <c>cwagent-clusterleader</c> (ConfigMap lock only): every node GETs it every
/// 5 s, the leader renews it (internal/k8sapiserver/leaderelection.go <c>startLeaderElection</c>). The leader alone
/// starts the cluster-level clients: every pod, Deployment, DaemonSet and StatefulSet of the cluster
/// (<c>OnStartedLeading</c>; k8sclient/pod.go); its node client is the own-node one the pod store created.</item>
/// </list>
/// </summary>
public sealed class CloudWatchAgent : IAgentModel
{
    /// <summary>The client-go RetryPeriod of the Container Insights leader election (leaderelection.go).</summary>
    private const double LeaderRetrySeconds = 5;

    public string Id => "cloudwatch-agent";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Container.ImageRepository.EndsWith("/cloudwatch-agent", StringComparison.Ordinal);
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var notes = new List<string>();
        var configs = context.SelectConfigs(f => f.Extension == ".json")
            .Select(f => ConfigDocuments.ReadMapping(f, context.Limits, notes))
            .OfType<ManifestMapping>()
            .ToList();
        if (configs.Count == 0)
        {
            return new AgentAnalysis { Agent = Id, ConfigFound = false, Notes = notes };
        }

        var kubernetes = configs.Select(c => c.At("logs.metrics_collected.kubernetes")).OfType<ManifestMapping>().FirstOrDefault();
        if (kubernetes is null)
        {
            notes.Add("cloudwatch-agent: no logs.metrics_collected.kubernetes section, so no Container Insights receiver and no API server requests");
            return new AgentAnalysis { Agent = Id, Notes = notes };
        }

        var origin = kubernetes.Position;
        var patterns = new List<AccessPattern>();
        patterns.AddRange(Patterns.Informer(string.Empty, "nodes", origin, "cloudwatch-agent pod store: its own node", context.NodeSelectorFromEnv("metadata.name", "HOST_NAME")));
        patterns.AddRange(Patterns.Informer("apps", "replicasets", origin, "cloudwatch-agent pod store: every ReplicaSet of the cluster (pod owner to Deployment)"));
        if (kubernetes.GetBoolean("tag_service") != false)
        {
            patterns.AddRange(Patterns.Informer(string.Empty, "endpoints", kubernetes.KeyNode("tag_service")?.Position ?? origin, "cloudwatch-agent service store (tag_service): every Endpoints object of the cluster"));
            notes.Add("cloudwatch-agent: tag_service (default true) makes every node watch every Endpoints object and every ReplicaSet of the cluster; set \"tag_service\": false to drop the Endpoints watch");
        }

        var ns = context.Workload.Object.Namespace ?? "default";
        var get = Patterns.Get(string.Empty, "configmaps", origin, $"cloudwatch-agent leader election: GET of ConfigMap {ns}/cwagent-clusterleader every {LeaderRetrySeconds:0}s", LeaderRetrySeconds, PatternScope.Object);
        patterns.Add(get);
        var leader = new List<AccessPattern>
        {
            get with { Verb = ApiVerb.Update, Reason = $"cloudwatch-agent leader election: the leader renews ConfigMap {ns}/cwagent-clusterleader every {LeaderRetrySeconds:0}s" },
        };
        foreach (var resource in new[] { "pods", "deployments", "daemonsets", "statefulsets" })
        {
            leader.AddRange(Patterns.Informer(ResourceGroups.Of(resource), resource, origin, $"cloudwatch-agent cluster-level metrics: every {resource[..^1]} of the cluster"));
        }

        patterns.AddRange(leader.Select(p => p with { Replicas = 1, LeaderElected = true, Reason = p.Reason + ", only in the elected leader" }));
        if (context.EnvValue("CWAGENT_ROLE") is { Length: > 0 } role)
        {
            notes.Add($"cloudwatch-agent: CWAGENT_ROLE={role} is not modelled; counted as the default role (node and cluster collection in one DaemonSet)");
        }

        return new AgentAnalysis { Agent = Id, Patterns = patterns, Notes = notes };
    }
}
