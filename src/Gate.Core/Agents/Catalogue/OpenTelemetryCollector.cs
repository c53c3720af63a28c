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
            || image.Contains("aws-otel-collector", StringComparison.Ordinal);
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
        var patterns = new List<AccessPattern>();
        foreach (var (kind, name, node) in Components(configs))
        {
            if (!used.Contains((kind, name)))
            {
                continue;
            }

            var type = name.Split('/')[0];
            var config = node as ManifestMapping;
            switch (kind, type)
            {
                case ("processors", "k8sattributes"):
                    patterns.AddRange(K8sAttributes(config, node, context, name));
                    break;
                case ("receivers", "k8s_cluster"):
                    patterns.AddRange(K8sCluster(config, node, name));
                    break;
                case ("receivers", "k8s_events"):
                    patterns.AddRange(K8sEvents(config, node, name));
                    break;
                case ("receivers", "k8sobjects"):
                    patterns.AddRange(K8sObjects(config, node, name, notes));
                    break;
                case ("receivers", "prometheus"):
                    patterns.AddRange(PrometheusReceiver(config, context, name, notes));
                    break;
                case ("extensions", "k8s_observer"):
                    patterns.AddRange(K8sObserver(config, node, context, name));
                    break;
                case ("extensions", "k8s_leader_elector"):
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

    private static IEnumerable<AccessPattern> K8sAttributes(ManifestMapping? config, ManifestNode node, AgentContext context, string name)
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

        if (metadata.Contains("k8s.deployment.name") || metadata.Contains("k8s.deployment.uid"))
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

        var scrapeConfigs = config?.GetMapping("config")?.GetItems("scrape_configs").OfType<ManifestMapping>() ?? [];
        foreach (var scrape in scrapeConfigs)
        {
            foreach (var sd in scrape.GetItems("kubernetes_sd_configs").OfType<ManifestMapping>())
            {
                foreach (var p in PrometheusServiceDiscovery.Analyze(sd, context, $"prometheus receiver ({name}) job {scrape.GetString("job_name")}", null, notes))
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

    private static IEnumerable<AccessPattern> LeaderElector(ManifestMapping? config, ManifestNode node, string name)
    {
        var retry = ConfigDocuments.Seconds(config?.GetString("retry_period")) ?? 2;
        var ns = config?.GetString("lease_namespace") ?? "default";
        yield return Patterns.Get("coordination.k8s.io", "leases", config?.KeyNode("lease_name")?.Position ?? node.Position, $"k8s_leader_elector ({name}): lease get/renew every {retry:0.#}s in {ns}", retry, PatternScope.Object);
    }

    private static IEnumerable<AccessPattern> ResourceDetection(ManifestMapping? config, string name)
    {
        var detectors = config?.GetItems("detectors").Select(d => d.ScalarValue).OfType<string>().ToList() ?? [];
        if (detectors.Contains("k8snode"))
        {
            yield return Patterns.Get(string.Empty, "nodes", config!.PositionOf("detectors"), $"resourcedetection ({name}) k8snode detector: GET of the own node at start", null, PatternScope.Object);
        }
    }
}
