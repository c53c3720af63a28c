namespace Gate.Testing.Audit;

/// <summary>
/// Audit logs of typical agents on a small staging cluster (3 API servers, interleaved), with restarts, relists after
/// 410 Gone and other users' traffic, built request by request with <see cref="AuditLogBuilder"/>.
/// </summary>
public static class AuditScenarios
{
    public const string PollerUser = "system:serviceaccount:telemetry:pod-poller";
    public const string NodeAgentUser = "system:serviceaccount:telemetry:node-agent";

    public static readonly DateTimeOffset Start = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Nodes of the staging cluster.</summary>
    public static readonly string[] Nodes = ["node-a", "node-b", "node-c", "node-d"];

    /// <summary>
    /// A DaemonSet pod on every node lists every pod of the cluster every 30 s (pages of 500, no resourceVersion);
    /// node-b's pod restarts after 20 minutes; one continue token expires (410) and the list starts over.
    /// </summary>
    public static AuditLogBuilder ClusterWidePoller(bool boundTokens = true, int minutes = 60)
    {
        var log = new AuditLogBuilder(3);
        var random = new Random(7);
        for (var n = 0; n < Nodes.Length; n++)
        {
            var pods = n == 1 ? new[] { ("pod-poller-x7k2p", 0.0, 20.0), ("pod-poller-m4q9z", 20.5, minutes) } : [($"pod-poller-{Suffix(n)}", 0.0, minutes)];
            foreach (var (pod, from, to) in pods)
            {
                var client = new AuditClient(PollerUser, Nodes[n], pod, $"10.244.{n}.{17 + (int)from}", boundTokens, "pod-poller/1.4.2");
                var t = Start.AddMinutes(from).AddSeconds(n * 3.1);
                var round = 0;
                while (t < Start.AddMinutes(to))
                {
                    log.Request(client, t, "list", "/api/v1/pods?limit=500", new AuditObject("pods"));
                    var expire = n == 2 && round == 40;
                    log.Request(client, t.AddMilliseconds(400), "list", "/api/v1/pods?continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTIzNDV9&limit=500", new AuditObject("pods"), code: expire ? 410 : 200);
                    if (expire)
                    {
                        log.Request(client, t.AddSeconds(1), "list", "/api/v1/pods?limit=500", new AuditObject("pods"));
                        log.Request(client, t.AddSeconds(1.4), "list", "/api/v1/pods?continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTI0MDB9&limit=500", new AuditObject("pods"));
                    }

                    t = t.AddSeconds(30 + (random.NextDouble() * 2) - 1);
                    round++;
                }
            }
        }

        return Noise(log, minutes);
    }

    /// <summary>
    /// A DaemonSet pod on every node runs a pod informer on its own node (LIST resourceVersion=0, then WATCH from the
    /// list's version, re-established every ~7 minutes) and a node informer on its own node; every pod GETs a Lease
    /// every 10 s, the elected leader (node-a's pod, then node-c's after it restarts) UPDATEs it. node-d's watch once
    /// ends with a too-old resourceVersion: the reflector relists (the 410 comes back on the list from that version).
    /// </summary>
    public static AuditLogBuilder NodeScopedInformer(bool boundTokens = true, int minutes = 60)
    {
        var log = new AuditLogBuilder(3);
        for (var n = 0; n < Nodes.Length; n++)
        {
            var node = Nodes[n];
            var pod = $"node-agent-{Suffix(n + 5)}";
            var client = new AuditClient(NodeAgentUser, node, pod, $"10.244.{n}.40", boundTokens, "node-agent/0.9.1");
            var t = Start.AddSeconds(n * 1.7);
            var selector = $"spec.nodeName%3D{node}";
            log.Request(client, t, "list", $"/api/v1/pods?fieldSelector={selector}&limit=500&resourceVersion=0", new AuditObject("pods"));
            log.Request(client, t.AddMilliseconds(50), "list", $"/api/v1/nodes?fieldSelector=metadata.name%3D{node}&limit=500&resourceVersion=0", new AuditObject("nodes"));
            for (var w = t.AddMilliseconds(200); w < Start.AddMinutes(minutes); w = w.AddMinutes(7))
            {
                log.Request(client, w, "watch", $"/api/v1/pods?allowWatchBookmarks=true&fieldSelector={selector}&resourceVersion=48213&timeoutSeconds=420&watch=true", new AuditObject("pods"), watchFor: TimeSpan.FromMinutes(7));
                log.Request(client, w.AddMilliseconds(10), "watch", $"/api/v1/nodes?allowWatchBookmarks=true&fieldSelector=metadata.name%3D{node}&resourceVersion=48213&timeoutSeconds=420&watch=true", new AuditObject("nodes"), watchFor: TimeSpan.FromMinutes(7));
            }

            if (n == 3)
            {
                var at = Start.AddMinutes(31);
                log.Request(client, at, "list", $"/api/v1/pods?fieldSelector={selector}&limit=500&resourceVersion=48213&resourceVersionMatch=NotOlderThan", new AuditObject("pods"), code: 410);
                log.Request(client, at.AddSeconds(1), "list", $"/api/v1/pods?fieldSelector={selector}&limit=500&resourceVersion=0", new AuditObject("pods"));
            }

            for (var l = t.AddSeconds(1); l < Start.AddMinutes(minutes); l = l.AddSeconds(10))
            {
                var lease = new AuditObject("leases", "telemetry", "node-agent-leader", "coordination.k8s.io");
                log.Request(client, l, "get", "/apis/coordination.k8s.io/v1/namespaces/telemetry/leases/node-agent-leader", lease);
                var leader = l < Start.AddMinutes(25) ? 0 : 2;
                if (n == leader)
                {
                    log.Request(client, l.AddMilliseconds(30), "update", "/apis/coordination.k8s.io/v1/namespaces/telemetry/leases/node-agent-leader", lease);
                }
            }
        }

        return Noise(log, minutes);
    }

    /// <summary>Other users' traffic: kubelets, the controller manager, a human with kubectl, discovery.</summary>
    public static AuditLogBuilder Noise(AuditLogBuilder log, int minutes)
    {
        ArgumentNullException.ThrowIfNull(log);
        var kcm = new AuditClient("system:kube-controller-manager", null, null, "10.0.0.2", BoundToken: false, UserAgent: "kube-controller-manager/v1.33.1");
        var admin = new AuditClient("kubernetes-admin", null, null, "192.168.1.9", BoundToken: false, UserAgent: "kubectl/v1.33.1");
        for (var t = Start; t < Start.AddMinutes(minutes); t = t.AddSeconds(5))
        {
            foreach (var node in Nodes)
            {
                var kubelet = new AuditClient($"system:node:{node}", null, null, "10.0.1." + node[^1], BoundToken: false, UserAgent: "kubelet/v1.33.1");
                log.Request(kubelet, t.AddMilliseconds(node[^1] * 7), "get", $"/api/v1/nodes/{node}?resourceVersion=0&timeout=10s", new AuditObject("nodes", Name: node));
                log.Request(kubelet, t.AddMilliseconds(node[^1] * 9), "patch", $"/api/v1/nodes/{node}/status?timeout=10s", new AuditObject("nodes", Name: node, Subresource: "status"));
            }

            log.Request(kcm, t.AddMilliseconds(300), "update", "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager?timeout=5s", new AuditObject("leases", "kube-system", "kube-controller-manager", "coordination.k8s.io"));
        }

        log.Request(admin, Start.AddMinutes(3), "get", "/api", null);
        log.Request(admin, Start.AddMinutes(3).AddMilliseconds(20), "list", "/api/v1/namespaces/telemetry/pods?limit=500", new AuditObject("pods", "telemetry"));
        return log;
    }

    private static string Suffix(int n) => new[] { "b8v2k", "q5w7n", "t9h4d", "z2c6f", "k7m5x", "w4r8b", "h2n9t", "d6p4q", "f5z7c" }[n % 9];
}
