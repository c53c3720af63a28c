using Gate.Core.Manifests;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// OpenTelemetry Collector (core, contrib, k8s distributions and builds named otelcol*). Components count only when a
/// pipeline (receivers/processors) or <c>service.extensions</c> uses them. Understood: <c>k8sattributes</c>
/// (filter.node / node_from_env_var / namespace / fields / labels, passthrough, extract rules → replicaset, namespace,
/// node, deployment, statefulset, daemonset, job informers), <c>k8s_cluster</c>, <c>k8s_events</c>, <c>k8sobjects</c>
/// (pull and watch modes), <c>prometheus</c> receiver <c>kubernetes_sd_configs</c>, <c>k8s_observer</c> (used by
/// <c>receiver_creator</c>), <c>k8s_leader_elector</c>, <c>resourcedetection</c> detector <c>k8snode</c>.
/// </summary>
public sealed class OpenTelemetryCollector : IAgentModel
{
    public string Id => "opentelemetry-collector";

    /// <summary>
    /// By image only (registry and mirror prefixes ignored): a file with <c>receivers</c>/<c>processors</c> and
    /// <c>service</c> keys is not necessarily a collector config, and reading one for another agent would hide it.
    /// </summary>
    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = context.Container.ImageRepository;
        return image.Contains("opentelemetry-collector", StringComparison.Ordinal)
            || image.Contains("otelcol", StringComparison.Ordinal)
            || image.EndsWith("/otel-collector", StringComparison.Ordinal)
            || image.Contains("splunk-otel-collector", StringComparison.Ordinal)
            || image.Contains("aws-otel-collector", StringComparison.Ordinal)
            // The Datadog distribution (DDOT, the otel-agent container of the Datadog chart) reads a collector config.
            || image.EndsWith("/ddot-collector", StringComparison.Ordinal);
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var notes = new List<string>();
        var configs = context.SelectConfigs(f => ConfigDocuments.IsYamlLike(f) && LooksLikeCollectorConfig(f.Text))
            .Select(f => ConfigDocuments.ReadMapping(f, context.Limits, notes))
            .OfType<ManifestMapping>()
            .ToList();
        if (configs.Count == 0)
        {
            return new AgentAnalysis { Agent = Id, ConfigFound = false, Notes = notes };
        }

        var used = UsedComponents(configs);
        var version = AgentVersion.FromImage(context.Container.Image);
        var patterns = new List<AccessPattern>();
        foreach (var (kind, name, node) in Components(configs))
        {
            if (!used.Contains((kind, name)))
            {
                continue;
            }

            var config = node as ManifestMapping;
            switch (kind, ComponentType(name))
            {
                case ("processors", "k8sattributes"):
                    patterns.AddRange(K8sAttributes(config, node, context, name, version, notes));
                    break;
                case ("receivers", "k8scluster"):
                    patterns.AddRange(LeaderOnly(K8sCluster(config, node, name), config, name, used, notes));
                    break;
                case ("receivers", "k8sevents"):
                    patterns.AddRange(LeaderOnly(K8sEvents(config, node, name), config, name, used, notes));
                    break;
                case ("receivers", "k8sobjects"):
                    patterns.AddRange(LeaderOnly(K8sObjects(config, node, name, notes), config, name, used, notes));
                    break;
                case ("receivers", "prometheus"):
                    patterns.AddRange(PrometheusReceiver(config, context, name, notes));
                    break;
                case ("extensions", "k8sobserver"):
                    patterns.AddRange(K8sObserver(config, node, context, name));
                    break;
                case ("extensions", "k8sleaderelector"):
                    patterns.AddRange(LeaderElector(config, node, name));
                    break;
                case ("processors", "resourcedetection"):
                    patterns.AddRange(ResourceDetection(config, name));
                    break;
            }
        }

        return new AgentAnalysis { Agent = Id, Patterns = patterns, Notes = notes };
    }

    private static bool LooksLikeCollectorConfig(string text) =>
        (text.Contains("receivers:", StringComparison.Ordinal) || text.Contains("processors:", StringComparison.Ordinal)
            || text.Contains("extensions:", StringComparison.Ordinal) || text.Contains("\"receivers\"", StringComparison.Ordinal))
        && (text.Contains("exporters", StringComparison.Ordinal) || text.Contains("service", StringComparison.Ordinal) || text.Contains("pipelines", StringComparison.Ordinal));

    /// <summary>
    /// The component type of an id <c>type[/name]</c>, without underscores and lower case: the collector renamed
    /// several components to snake case (<c>k8sattributes</c> → <c>k8s_attributes</c>, <c>resourcedetection</c> →
    /// <c>resource_detection</c>) and accepts both spellings.
    /// </summary>
    internal static string ComponentType(string id) =>
        id.Split('/')[0].Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>
    /// A receiver with <c>k8s_leader_elector: EXTENSION</c> starts its informers only in the elected leader: its
    /// <c>Start()</c> registers the start callback on the elector (opentelemetry-collector-contrib
    /// receiver/k8sclusterreceiver/receiver.go, receiver/k8sobjectsreceiver/receiver.go,
    /// receiver/k8seventsreceiver/receiver.go). Every replica still runs the elector's lease loop (counted on the
    /// extension). An elector that is not an enabled extension stops the collector at start; the patterns then stay
    /// per replica (the worst case) and a note says why.
    /// </summary>
    private static IEnumerable<AccessPattern> LeaderOnly(IEnumerable<AccessPattern> patterns, ManifestMapping? config, string name, HashSet<(string, string)> used, ICollection<string> notes)
    {
        var elector = config?.GetString("k8s_leader_elector");
        if (string.IsNullOrWhiteSpace(elector))
        {
            return patterns;
        }

        if (!used.Contains(("extensions", elector.Trim())))
        {
            notes.Add($"{name} names k8s_leader_elector {elector.Trim()}, which is not an enabled extension (service.extensions): the collector does not start; counted on every replica");
            return patterns;
        }

        return patterns.Select(p => p with { Replicas = 1, LeaderElected = true, Reason = $"{p.Reason}, only in the leader elected by {elector.Trim()}" });
    }

    private static IEnumerable<(string Kind, string Name, ManifestNode Node)> Components(IReadOnlyList<ManifestMapping> configs)
    {
        var seen = new HashSet<(string, string)>();
        foreach (var kind in new[] { "extensions", "receivers", "processors" })
        {
            // Later files override earlier ones (the collector merges --config files in order).
            foreach (var config in configs.Reverse())
            {
                foreach (var (key, value) in config.GetMapping(kind)?.Entries ?? [])
                {
                    if (seen.Add((kind, key.Value)))
                    {
                        yield return (kind, key.Value, value);
                    }
                }
            }
        }
    }

    private static HashSet<(string, string)> UsedComponents(IReadOnlyList<ManifestMapping> configs)
    {
        var used = new HashSet<(string, string)>();
        var anyService = false;
        foreach (var service in configs.Select(c => c.GetMapping("service")).OfType<ManifestMapping>())
        {
            anyService = true;
            foreach (var ext in service.GetItems("extensions").Select(e => e.ScalarValue).OfType<string>())
            {
                used.Add(("extensions", ext));
            }

            foreach (var (_, pipeline) in service.GetMapping("pipelines")?.Entries ?? [])
            {
                foreach (var kind in new[] { "receivers", "processors" })
                {
                    foreach (var component in (pipeline as ManifestMapping)?.GetItems(kind).Select(e => e.ScalarValue).OfType<string>() ?? [])
                    {
                        used.Add((kind, component));
                    }
                }
            }
        }

        if (!anyService)
        {
            // No service section in the mounted files (it lives elsewhere): count every defined component.
            foreach (var (kind, name, _) in Components(configs))
            {
                used.Add((kind, name));
            }
        }

        // receiver_creator starts the observers it watches (they must also be enabled extensions).
        return used;
    }

    private static IEnumerable<AccessPattern> K8sAttributes(ManifestMapping? config, ManifestNode node, AgentContext context, string name, AgentVersion? version, ICollection<string> notes)
    {
        if (config?.GetBoolean("passthrough") == true)
        {
            yield break;
        }

        var origin = config?.KeyNode("filter")?.Position ?? node.Position;
        var filter = config?.GetMapping("filter");
        string? nodeSelector = null;
        if (filter?.GetString("node_from_env_var") is { Length: > 0 } variable)
        {
            nodeSelector = context.NodeSelectorFromEnv("spec.nodeName", variable.Trim());
            origin = filter.PositionOf("node_from_env_var");
        }
        else if (filter?.GetString("node") is { Length: > 0 } nodeName)
        {
            nodeSelector = context.NodeSelector("spec.nodeName", nodeName);
            origin = filter.PositionOf("node");
        }

        var ns = filter?.GetString("namespace") is { Length: > 0 } n ? n : null;
        var fields = Patterns.JoinSelectors([nodeSelector, .. FilterTerms(filter, "fields")]);
        var labels = Patterns.JoinSelectors([.. FilterTerms(filter, "labels")]);
        var reason = $"k8sattributes ({name})";
        foreach (var p in Patterns.Informer(string.Empty, "pods", origin, reason + ": pod informer", fields, labels, ns))
        {
            yield return p;
        }

        var extract = config?.GetMapping("extract");
        var metadataNode = extract?["metadata"] as ManifestSequence;
        var metadata = metadataNode is null
            ? ["k8s.namespace.name", "k8s.pod.name", "k8s.pod.uid", "k8s.pod.start_time", "k8s.deployment.name", "k8s.node.name"]
            : metadataNode.Items.Select(i => i.ScalarValue).OfType<string>().ToList();
        var extractOrigin = extract?.PositionOf("metadata") ?? node.Position;
        var fromSources = new[] { "labels", "annotations" }
            .SelectMany(k => extract?.GetItems(k).OfType<ManifestMapping>() ?? [])
            .Select(r => (From: r.GetString("from") ?? "pod", Position: r.Position))
            .ToList();

        SourcePosition? FromOrigin(string from) => fromSources.FirstOrDefault(f => f.From == from).Position;

        if (NeedsReplicaSetInformer(extract, metadata, FromOrigin("deployment") is not null, version, notes))
        {
            foreach (var p in Patterns.Informer("apps", "replicasets", extractOrigin, reason + ": replicaset informer for k8s.deployment.*", null, null, ns))
            {
                yield return p;
            }
        }

        if (FromOrigin("namespace") is { } nsOrigin)
        {
            foreach (var p in Patterns.Informer(string.Empty, "namespaces", nsOrigin, reason + ": namespace informer for from: namespace"))
            {
                yield return p;
            }
        }
        else if (metadata.Contains("k8s.cluster.uid"))
        {
            foreach (var p in Patterns.Informer(string.Empty, "namespaces", extractOrigin, reason + ": kube-system namespace informer for k8s.cluster.uid", "metadata.name=kube-system"))
            {
                yield return p with { Scope = PatternScope.Object };
            }
        }

        if (FromOrigin("node") is { } nodeOrigin || metadata.Contains("k8s.node.uid"))
        {
            var nodeField = nodeSelector?.Replace("spec.nodeName=", "metadata.name=", StringComparison.Ordinal);
            foreach (var p in Patterns.Informer(string.Empty, "nodes", FromOrigin("node") ?? extractOrigin, reason + ": node informer", nodeField))
            {
                yield return p;
            }
        }

        foreach (var (from, resource) in new[] { ("deployment", "deployments"), ("statefulset", "statefulsets"), ("daemonset", "daemonsets"), ("job", "jobs") })
        {
            var needed = FromOrigin(from) is not null || (resource == "jobs" && metadata.Contains("k8s.cronjob.uid"));
            if (needed)
            {
                foreach (var p in Patterns.Informer(ResourceGroups.Of(resource), resource, FromOrigin(from) ?? extractOrigin, $"{reason}: {from} informer", null, null, ns))
                {
                    yield return p;
                }
            }
        }
    }

    /// <summary>First release in which <c>deployment_name_from_replicaset</c> defaults to true (contrib PR #48534).</summary>
    private static readonly AgentVersion DeploymentNameFromReplicaSetDefault = new(0, 153, 0);

    /// <summary>
    /// Whether k8sattributes starts its cluster-wide ReplicaSet informer (opentelemetry-collector-contrib
    /// processor/k8sattributesprocessor/internal/kube/client.go, <c>New</c>/<c>Start</c>): for <c>k8s.deployment.uid</c>,
    /// for deployment labels/annotations (<c>from: deployment</c>), and for <c>k8s.deployment.name</c> unless the name is
    /// derived from the ReplicaSet name (<c>extract.deployment_name_from_replicaset</c>: added false by default in
    /// v0.136.0, true by default from v0.153.0, removed — always derived — in v0.160.0).
    /// </summary>
    private static bool NeedsReplicaSetInformer(ManifestMapping? extract, IReadOnlyList<string> metadata, bool deploymentTags, AgentVersion? version, ICollection<string> notes)
    {
        if (metadata.Contains("k8s.deployment.uid") || deploymentTags)
        {
            return true;
        }

        if (!metadata.Contains("k8s.deployment.name"))
        {
            return false;
        }

        var fromName = extract?.GetBoolean("deployment_name_from_replicaset")
            ?? AgentVersion.AtLeast(version, DeploymentNameFromReplicaSetDefault, "k8sattributes k8s.deployment.name", notes);
        return !fromName;
    }

    private static IEnumerable<string> FilterTerms(ManifestMapping? filter, string key) =>
        filter?.GetItems(key).OfType<ManifestMapping>().Select(term =>
        {
            var op = (term.GetString("op") ?? "equals").ToLowerInvariant();
            var k = term.GetString("key") ?? string.Empty;
            var v = term.GetString("value") ?? string.Empty;
            return op switch
            {
                "not-equals" => $"{k}!={v}",
                "exists" => k,
                "does-not-exist" => "!" + k,
                _ => $"{k}={v}",
            };
        }) ?? [];

    private static readonly (string Group, string Resource)[] ClusterReceiverResources =
    [
        (string.Empty, "pods"), (string.Empty, "nodes"), (string.Empty, "namespaces"), (string.Empty, "resourcequotas"),
        (string.Empty, "services"), (string.Empty, "replicationcontrollers"), ("apps", "daemonsets"), ("apps", "deployments"),
        ("apps", "replicasets"), ("apps", "statefulsets"), ("batch", "jobs"), ("batch", "cronjobs"), ("autoscaling", "horizontalpodautoscalers"),
    ];

    private static IEnumerable<AccessPattern> K8sCluster(ManifestMapping? config, ManifestNode node, string name)
    {
        var origin = node.Position;
        var ns = config?.GetString("namespace") is { Length: > 0 } n ? n : null;
        foreach (var (group, resource) in ClusterReceiverResources)
        {
            var scopedNs = resource is "nodes" or "namespaces" ? null : ns;
            foreach (var p in Patterns.Informer(group, resource, origin, $"k8s_cluster receiver ({name}): {resource} informer", null, null, scopedNs))
            {
                yield return p;
            }
        }

        if (config?.GetString("distribution") == "openshift")
        {
            foreach (var p in Patterns.Informer("quota.openshift.io", "clusterresourcequotas", config.PositionOf("distribution"), $"k8s_cluster receiver ({name}): openshift cluster quota informer"))
            {
                yield return p;
            }
        }
    }

    private static IEnumerable<AccessPattern> K8sEvents(ManifestMapping? config, ManifestNode node, string name)
    {
        var namespaces = config?.GetItems("namespaces").Select(i => i.ScalarValue).OfType<string>().ToList() ?? [];
        var origin = config?.KeyNode("namespaces")?.Position ?? node.Position;
        foreach (var ns in namespaces.Count == 0 ? [null] : namespaces.Select(n => (string?)n))
        {
            foreach (var p in Patterns.Informer(string.Empty, "events", origin, $"k8s_events receiver ({name}): event informer", null, null, ns))
            {
                yield return p;
            }
        }
    }

    private static IEnumerable<AccessPattern> K8sObjects(ManifestMapping? config, ManifestNode node, string name, ICollection<string> notes)
    {
        foreach (var obj in config?.GetItems("objects").OfType<ManifestMapping>() ?? [])
        {
            var resource = obj.GetString("name");
            if (string.IsNullOrWhiteSpace(resource))
            {
                continue;
            }

            var group = obj.GetString("group") ?? ResourceGroups.Of(resource);
            var mode = (obj.GetString("mode") ?? "pull").ToLowerInvariant();
            var namespaces = obj.GetItems("namespaces").Select(i => i.ScalarValue).OfType<string>().ToList();
            var field = obj.GetString("field_selector");
            var label = obj.GetString("label_selector");
            var origin = obj.PositionOf("name");
            foreach (var ns in namespaces.Count == 0 ? [null] : namespaces.Select(n => (string?)n))
            {
                if (mode == "watch")
                {
                    var rv = obj.GetString("resource_version");
                    if (rv is null)
                    {
                        yield return Patterns.List(group, resource, origin, $"k8sobjects ({name}) watch mode: list to find the latest resourceVersion", null, field, label, ns);
                    }

                    yield return Patterns.Informer(group, resource, origin, $"k8sobjects ({name}) watch mode", field, label, ns)[1];
                }
                else
                {
                    var interval = ConfigDocuments.Seconds(obj.GetString("interval")) ?? 3600;
                    yield return Patterns.List(group, resource, origin, $"k8sobjects ({name}) pull mode every {interval:0}s", interval, field, label, ns);
                }
            }
        }

        if (config?["objects"] is null)
        {
            notes.Add($"k8sobjects ({name}) at {node.Position} has no objects: it makes no requests");
        }
    }

    private static IEnumerable<AccessPattern> PrometheusReceiver(ManifestMapping? config, AgentContext context, string name, ICollection<string> notes)
    {
        if (config?.GetMapping("target_allocator") is not null)
        {
            notes.Add($"prometheus receiver ({name}) uses the target allocator: discovery runs there, not on every node");
        }

        // one discovery manager per receiver for all its jobs: equal SD configs share one provider
        var discovery = new PrometheusServiceDiscovery.DiscoveryManager();
        var scrapeConfigs = config?.GetMapping("config")?.GetItems("scrape_configs").OfType<ManifestMapping>() ?? [];
        foreach (var scrape in scrapeConfigs)
        {
            foreach (var sd in scrape.GetItems("kubernetes_sd_configs").OfType<ManifestMapping>())
            {
                var job = $"prometheus receiver ({name}) job {scrape.GetString("job_name")}";
                foreach (var p in discovery.Register(sd, PrometheusServiceDiscovery.Analyze(sd, context, job, null, notes), job, notes))
                {
                    yield return p;
                }
            }
        }
    }

    private static IEnumerable<AccessPattern> K8sObserver(ManifestMapping? config, ManifestNode node, AgentContext context, string name)
    {
        var nodeValue = config?.GetString("node");
        var podField = context.NodeSelector("spec.nodeName", nodeValue);
        var origin = config?.KeyNode("node")?.Position ?? node.Position;
        if (config?.GetBoolean("observe_pods") ?? true)
        {
            foreach (var p in Patterns.Informer(string.Empty, "pods", origin, $"k8s_observer ({name}): pod informer", podField))
            {
                yield return p;
            }
        }

        if (config?.GetBoolean("observe_nodes") == true)
        {
            var nodeField = podField?.Replace("spec.nodeName=", "metadata.name=", StringComparison.Ordinal);
            foreach (var p in Patterns.Informer(string.Empty, "nodes", config.PositionOf("observe_nodes"), $"k8s_observer ({name}): node informer", nodeField))
            {
                yield return p;
            }
        }

        foreach (var (key, resource) in new[] { ("observe_services", "services"), ("observe_ingresses", "ingresses") })
        {
            if (config?.GetBoolean(key) == true)
            {
                foreach (var p in Patterns.Informer(ResourceGroups.Of(resource), resource, config.PositionOf(key), $"k8s_observer ({name}): {resource} informer"))
                {
                    yield return p;
                }
            }
        }
    }

    /// <summary>
    /// The k8s_leader_elector extension (opentelemetry-collector-contrib extension/k8sleaderelector, client-go
    /// leaderelection): every replica GETs the Lease every <c>retry_period</c> (default 2s, factory.go) trying to
    /// acquire it; the leader UPDATEs it at the same period to renew.
    /// </summary>
    private static IEnumerable<AccessPattern> LeaderElector(ManifestMapping? config, ManifestNode node, string name)
    {
        var retry = ConfigDocuments.Seconds(config?.GetString("retry_period")) ?? 2;
        var ns = config?.GetString("lease_namespace") ?? "default";
        var origin = config?.KeyNode("lease_name")?.Position ?? node.Position;
        var get = Patterns.Get("coordination.k8s.io", "leases", origin, $"k8s_leader_elector ({name}): lease get every {retry:0.#}s in {ns}", retry, PatternScope.Object);
        yield return get;
        yield return get with { Verb = ApiVerb.Update, Replicas = 1, LeaderElected = true, Reason = $"k8s_leader_elector ({name}): the leader renews the lease every {retry:0.#}s" };
    }

    /// <summary>
    /// resourcedetection's Kubernetes detectors (opentelemetry-collector-contrib processor/resourcedetectionprocessor):
    /// <c>k8snode</c> GETs the own node at start; v0.154.0 renamed it <c>k8s_api</c> (contrib PR #48597), which also
    /// GETs the kube-system namespace for <c>k8s.cluster.uid</c> (enabled by default).
    /// </summary>
    private static IEnumerable<AccessPattern> ResourceDetection(ManifestMapping? config, string name)
    {
        var detectors = config?.GetItems("detectors").Select(d => d.ScalarValue).OfType<string>().ToList() ?? [];
        var k8sApi = detectors.Contains("k8s_api");
        if (detectors.Contains("k8snode") || k8sApi)
        {
            yield return Patterns.Get(string.Empty, "nodes", config!.PositionOf("detectors"), $"resourcedetection ({name}) {(k8sApi ? "k8s_api" : "k8snode")} detector: GET of the own node at start", null, PatternScope.Object);
        }

        var clusterUid = config?.GetMapping("k8s_api")?.GetMapping("resource_attributes")?.GetMapping("k8s.cluster.uid")?.GetBoolean("enabled") ?? true;
        if (k8sApi && clusterUid)
        {
            yield return Patterns.Get(string.Empty, "namespaces", config!.PositionOf("detectors"), $"resourcedetection ({name}) k8s_api detector: GET of the kube-system namespace for k8s.cluster.uid at start", null, PatternScope.Object);
        }
    }
}
