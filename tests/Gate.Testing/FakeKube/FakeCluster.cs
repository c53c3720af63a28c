using System.Globalization;
using System.Text.Json.Nodes;

namespace Gate.Testing.FakeKube;

/// <summary>
/// The object store of the fake API server and the DaemonSet controllers that act on it (apps/v1 and Kruise
/// Advanced DaemonSet): a deleted pod comes back with the DaemonSet's current template and
/// <c>controller-revision-hash</c>; pods become Ready after <see cref="ReadyDelay"/>; a pod whose image is in
/// <see cref="CrashingImages"/> never becomes Ready and restarts every <see cref="CrashInterval"/>. All methods are
/// thread-safe (one lock); time comes from the <see cref="TimeProvider"/>.
/// </summary>
public sealed class FakeCluster : IDisposable
{
    /// <summary>Group of Kruise Advanced DaemonSets.</summary>
    public const string KruiseGroup = "apps.kruise.io";

    private readonly Lock sync = new();
    private readonly Dictionary<string, JsonObject> objects = new(StringComparer.Ordinal);
    private readonly List<ITimer> timers = [];
    private readonly TimeProvider time;
    private long resourceVersion = 1000;
    private int podSequence;

    public FakeCluster(TimeProvider time) => this.time = time;

    /// <summary>Raised (under the lock) for every pod change: ADDED, MODIFIED, DELETED.</summary>
    public event Action<string, JsonObject>? PodEvent;

    /// <summary>
    /// Pod events kept for watches that resume from a resourceVersion (the watch cache's window); a watch from an
    /// older resourceVersion gets <c>410 Gone</c>.
    /// </summary>
    public int PodHistoryLimit { get; set; } = 2000;

    private readonly Queue<(long Version, string Type, JsonObject Pod)> podHistory = new();
    private readonly Dictionary<string, (long Structure, List<string> Keys)> pageCache = new(StringComparer.Ordinal);
    private long structure;
    private long compactedThrough;

    /// <summary>How long a new pod takes to become Ready.</summary>
    public TimeSpan ReadyDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Images whose containers crash on start.</summary>
    public ISet<string> CrashingImages { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Pods created from now on are Ready at once (no readiness timer): sets up a large fleet cheaply.</summary>
    public bool StartReady { get; set; }

    /// <summary>Time between restarts of a crashing container.</summary>
    public TimeSpan CrashInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The current resourceVersion of the store.</summary>
    public string ResourceVersion
    {
        get
        {
            lock (sync)
            {
                return resourceVersion.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>
    /// Subscribes <paramref name="handler"/> to pod events after <paramref name="since"/> (the retained ones are replayed
    /// first, in order, under the lock, so none is missed or repeated), or to the current pods as ADDED events then every
    /// change when <paramref name="since"/> is null. Returns null when <paramref name="since"/> is older than the retained
    /// history (the caller answers 410 Gone). Dispose the result to unsubscribe.
    /// </summary>
    public IDisposable? WatchPods(long? since, Action<string, JsonObject> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (sync)
        {
            if (since is { } from && from < compactedThrough)
            {
                return null;
            }

            if (since is { } after)
            {
                foreach (var (version, type, pod) in podHistory.Where(e => e.Version > after))
                {
                    handler(type, pod);
                }
            }
            else
            {
                foreach (var pod in objects.Where(p => p.Key.StartsWith("/pods/", StringComparison.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    handler("ADDED", (JsonObject)pod.Value.DeepClone());
                }
            }

            PodEvent += handler;
            return new Unsubscribe(this, handler);
        }
    }

    /// <summary>
    /// Forgets the pod history (like an etcd compaction at a new revision): a watch resumed from any resourceVersion
    /// seen so far gets 410 Gone, unless a BOOKMARK moved it past the compaction first.
    /// </summary>
    public void CompactPodHistory()
    {
        lock (sync)
        {
            podHistory.Clear();
            compactedThrough = ++resourceVersion;
        }
    }

    /// <summary>Storage key of an object.</summary>
    public static string Key(string group, string resource, string? ns, string name) => $"{group}/{resource}/{ns}/{name}";

    /// <summary>Adds nodes <c>{prefix}-0000…</c> spread over <paramref name="zones"/>; <paramref name="notReady"/> of them NotReady.</summary>
    public void AddNodes(int count, int zones = 3, string prefix = "node", int notReady = 0)
    {
        lock (sync)
        {
            for (var i = 0; i < count; i++)
            {
                var name = $"{prefix}-{i:D4}";
                var zone = "zone-" + (char)('a' + (i % Math.Max(1, zones)));
                var ready = i >= count - notReady ? "False" : "True";
                var node = new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Node",
                    ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["topology.kubernetes.io/zone"] = zone, ["kubernetes.io/hostname"] = name } },
                    ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready }) },
                };
                Store(string.Empty, "nodes", null, node);
            }

            ReconcileAll();
        }
    }

    /// <summary>Creates a DaemonSet running <paramref name="image"/> on every node, with the given strategy.</summary>
    public void AddDaemonSet(string ns, string name, string image, bool kruise = false, JsonObject? updateStrategy = null)
    {
        lock (sync)
        {
            var ds = new JsonObject
            {
                ["apiVersion"] = kruise ? KruiseGroup + "/v1alpha1" : "apps/v1",
                ["kind"] = "DaemonSet",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["generation"] = 1, ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                    ["updateStrategy"] = updateStrategy ?? new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = 1 } },
                    ["template"] = new JsonObject
                    {
                        ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                        ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "agent", ["image"] = image }) },
                    },
                },
                ["status"] = new JsonObject(),
            };
            Store(kruise ? KruiseGroup : "apps", "daemonsets", ns, ds);
            ReconcileAll();
        }
    }

    /// <summary>A deep copy of one object, or null.</summary>
    public JsonObject? Get(string group, string resource, string? ns, string name)
    {
        lock (sync)
        {
            return objects.TryGetValue(Key(group, resource, ns, name), out var obj) ? (JsonObject)obj.DeepClone() : null;
        }
    }

    /// <summary>Deep copies of every object of a resource (one namespace, or all with null), ordered by namespace and name.</summary>
    public List<JsonObject> List(string group, string resource, string? ns) => Page(group, resource, ns, _ => true, 0, int.MaxValue).Items;

    /// <summary>
    /// One page of the objects of a resource that <paramref name="match"/>, ordered by namespace and name, and how many
    /// match in all. Only the page is copied, so paged LISTs stay cheap at 5,000 nodes.
    /// </summary>
    /// <param name="group">API group ("" for core).</param>
    /// <param name="resource">Plural resource.</param>
    /// <param name="ns">Namespace, or null for all.</param>
    /// <param name="match">The selector.</param>
    /// <param name="offset">Matching objects to skip.</param>
    /// <param name="limit">Page size.</param>
    /// <param name="cacheKey">
    /// Names the selector so the sorted matching keys are kept until an object is stored or removed: the pages of one
    /// LIST of 100,000 pods then cost one scan, not one each.
    /// </param>
    public (List<JsonObject> Items, int Total) Page(string group, string resource, string? ns, Func<JsonObject, bool> match, int offset, int limit, string? cacheKey = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (sync)
        {
            var prefix = ns is null ? $"{group}/{resource}/" : $"{group}/{resource}/{ns}/";
            var cached = cacheKey is null ? null : prefix + "?" + cacheKey;
            if (cached is null || !pageCache.TryGetValue(cached, out var entry) || entry.Structure != structure)
            {
                var keys = objects
                    .Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && match(p.Value))
                    .Select(p => p.Key)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                entry = (structure, keys);
                if (cached is not null)
                {
                    pageCache[cached] = entry;
                }
            }

            var from = Math.Min(offset, entry.Keys.Count);
            var page = entry.Keys.GetRange(from, Math.Min(limit, entry.Keys.Count - from));
            return (page.Select(k => (JsonObject)objects[k].DeepClone()).ToList(), entry.Keys.Count);
        }
    }

    /// <summary>Creates an object; returns null when it exists.</summary>
    public JsonObject? Create(string group, string resource, string? ns, JsonObject obj)
    {
        lock (sync)
        {
            var name = obj["metadata"]?["name"]?.GetValue<string>() ?? throw new ArgumentException("metadata.name is required", nameof(obj));
            if (objects.ContainsKey(Key(group, resource, ns, name)))
            {
                return null;
            }

            obj["metadata"]!["namespace"] = ns;
            var stored = Store(group, resource, ns, obj);
            return (JsonObject)stored.DeepClone();
        }
    }

    /// <summary>
    /// Replaces an object's spec/metadata (PUT) or applies a merge patch, with a resourceVersion precondition when the
    /// body carries one. Returns (object, status): 404 missing, 409 conflict, 200 done.
    /// </summary>
    public (JsonObject? Object, int Status) Write(string group, string resource, string? ns, string name, JsonObject body, bool patch)
    {
        lock (sync)
        {
            if (!objects.TryGetValue(Key(group, resource, ns, name), out var current))
            {
                return (null, 404);
            }

            var precondition = body["metadata"]?["resourceVersion"]?.GetValue<string>();
            if (precondition is not null && precondition != current["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                return (null, 409);
            }

            JsonObject next;
            if (patch)
            {
                next = (JsonObject)JsonMerge.Apply(current.DeepClone(), body)!;
            }
            else
            {
                next = (JsonObject)body.DeepClone();
                next["status"] = current["status"]?.DeepClone();
                var meta = (JsonObject)next["metadata"]!;
                foreach (var keep in new[] { "uid", "creationTimestamp", "generation", "namespace" })
                {
                    meta[keep] = current["metadata"]![keep]?.DeepClone();
                }
            }

            if (resource == "daemonsets" && JsonMerge.Canonical(next["spec"]) != JsonMerge.Canonical(current["spec"]))
            {
                next["metadata"]!["generation"] = (NumOrNull(current["metadata"]!["generation"]) ?? 1) + 1;
            }

            var stored = Store(group, resource, ns, next);
            if (resource == "daemonsets")
            {
                ReconcileAll();
            }

            return ((JsonObject)objects[Key(group, resource, ns, name)].DeepClone(), 200);
        }
    }

    /// <summary>Deletes an object and returns it; null when missing. Deleting a pod lets its DaemonSet controller recreate it.</summary>
    public JsonObject? Delete(string group, string resource, string? ns, string name)
    {
        lock (sync)
        {
            if (!objects.Remove(Key(group, resource, ns, name), out var removed))
            {
                return null;
            }

            structure++;

            resourceVersion++;
            if (resource == "pods")
            {
                removed["metadata"]!["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture);
                RaisePod("DELETED", removed);
                ReconcileAll();
            }

            return (JsonObject)removed.DeepClone();
        }
    }

    /// <summary>Marks a node Ready or NotReady.</summary>
    public void SetNodeReady(string name, bool ready)
    {
        lock (sync)
        {
            var node = objects[Key(string.Empty, "nodes", null, name)];
            node["status"]!["conditions"]![0]!["status"] = ready ? "True" : "False";
            Touch(node);
        }
    }

    /// <summary>Pods of a DaemonSet grouped by revision hash (for assertions).</summary>
    public Dictionary<string, int> PodsByRevision(string ns, string name)
    {
        lock (sync)
        {
            return Pods(ns, name).GroupBy(p => Hash(p) ?? string.Empty).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (sync)
        {
            foreach (var timer in timers)
            {
                timer.Dispose();
            }

            timers.Clear();
        }
    }

    private static long Num(JsonNode? node) => NumOrNull(node) ?? 0;

    private static long? NumOrNull(JsonNode? node) =>
        node is null ? null : long.Parse(node.ToJsonString().Trim('"'), NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static string? Hash(JsonObject pod) => pod["metadata"]?["labels"]?["controller-revision-hash"]?.GetValue<string>();

    private static string NodeOf(JsonObject pod) => pod["spec"]?["nodeName"]?.GetValue<string>() ?? string.Empty;

    private static bool IsReady(JsonObject node) => node["status"]?["conditions"]?[0]?["status"]?.GetValue<string>() == "True";

    private JsonObject Store(string group, string resource, string? ns, JsonObject obj)
    {
        var meta = (JsonObject)obj["metadata"]!;
        var name = meta["name"]!.GetValue<string>();
        meta["uid"] ??= Guid.NewGuid().ToString();
        meta["creationTimestamp"] ??= time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var isNew = !objects.ContainsKey(Key(group, resource, ns, name));
        objects[Key(group, resource, ns, name)] = obj;
        structure++;
        Touch(obj);
        if (resource == "pods")
        {
            RaisePod(isNew ? "ADDED" : "MODIFIED", (JsonObject)obj.DeepClone());
        }

        return obj;
    }

    // Under the lock: records a pod event (a DELETED one at the deletion's resourceVersion) and tells the watchers.
    private void RaisePod(string type, JsonObject pod)
    {
        if (type == "DELETED")
        {
            pod["metadata"]!["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture);
        }

        podHistory.Enqueue((resourceVersion, type, pod));
        while (podHistory.Count > Math.Max(1, PodHistoryLimit))
        {
            compactedThrough = podHistory.Dequeue().Version;
        }

        PodEvent?.Invoke(type, pod);
    }

    private sealed class Unsubscribe(FakeCluster cluster, Action<string, JsonObject> handler) : IDisposable
    {
        public void Dispose()
        {
            lock (cluster.sync)
            {
                cluster.PodEvent -= handler;
            }
        }
    }

    private void Touch(JsonObject obj)
    {
        resourceVersion++;
        obj["metadata"]!["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture);
    }

    private IEnumerable<JsonObject> Pods(string ns, string owner) =>
        objects.Where(p => p.Key.StartsWith($"/pods/{ns}/", StringComparison.Ordinal))
            .Select(p => p.Value)
            .Where(p => p["metadata"]?["labels"]?["app"]?.GetValue<string>() == owner);

    private void ReconcileAll()
    {
        foreach (var ds in objects.Where(p => p.Key.StartsWith("apps/daemonsets/", StringComparison.Ordinal) || p.Key.StartsWith(KruiseGroup + "/daemonsets/", StringComparison.Ordinal)).Select(p => p.Value).ToList())
        {
            Reconcile(ds);
        }
    }

    private void Reconcile(JsonObject ds)
    {
        var meta = (JsonObject)ds["metadata"]!;
        var ns = meta["namespace"]!.GetValue<string>();
        var name = meta["name"]!.GetValue<string>();
        var kruise = ds["apiVersion"]!.GetValue<string>().StartsWith(KruiseGroup, StringComparison.Ordinal);
        var template = (JsonObject)ds["spec"]!["template"]!;
        var hash = EnsureRevision(ds, template, ns, name);
        var nodes = objects.Where(p => p.Key.StartsWith("/nodes/", StringComparison.Ordinal)).Select(p => p.Value).OrderBy(n => n["metadata"]!["name"]!.GetValue<string>(), StringComparer.Ordinal).ToList();
        var pods = Pods(ns, name).ToList();
        var byNode = pods.GroupBy(NodeOf).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var strategy = ds["spec"]!["updateStrategy"] as JsonObject;
        var type = strategy?["type"]?.GetValue<string>() ?? "RollingUpdate";
        var outdated = pods.Where(p => Hash(p) != hash).OrderBy(NodeOf, StringComparer.Ordinal).ToList();
        if (type == "RollingUpdate")
        {
            var partition = kruise ? (int?)NumOrNull(strategy?["rollingUpdate"]?["partition"]) ?? 0 : 0;
            var replace = Math.Max(0, outdated.Count - partition);
            foreach (var pod in outdated.Take(replace))
            {
                var podName = pod["metadata"]!["name"]!.GetValue<string>();
                objects.Remove(Key(string.Empty, "pods", ns, podName));
                structure++;
                resourceVersion++;
                RaisePod("DELETED", pod);
                byNode.Remove(NodeOf(pod));
            }
        }

        foreach (var node in nodes)
        {
            var nodeName = node["metadata"]!["name"]!.GetValue<string>();
            if (!byNode.ContainsKey(nodeName))
            {
                CreatePod(ns, name, template, hash, nodeName, IsReady(node));
            }
        }

        UpdateStatus(ds, ns, name, hash, nodes.Count);
    }

    private string EnsureRevision(JsonObject ds, JsonObject template, string ns, string name)
    {
        var hash = JsonMerge.Hash(template);
        var revisions = objects.Where(p => p.Key.StartsWith($"apps/controllerrevisions/{ns}/{name}-", StringComparison.Ordinal)).Select(p => p.Value).ToList();
        var max = revisions.Count == 0 ? 0 : revisions.Max(r => Num(r["revision"]));
        var existing = revisions.FirstOrDefault(r => r["metadata"]!["labels"]!["controller-revision-hash"]!.GetValue<string>() == hash);
        if (existing is not null)
        {
            if (Num(existing["revision"]) < max)
            {
                existing["revision"] = max + 1;
                Touch(existing);
            }

            return hash;
        }

        var data = new JsonObject { ["spec"] = new JsonObject { ["template"] = template.DeepClone() } };
        data["spec"]!["template"]!["$patch"] = "replace";
        var revision = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ControllerRevision",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{name}-{hash}",
                ["namespace"] = ns,
                ["labels"] = new JsonObject { ["app"] = name, ["controller-revision-hash"] = hash },
                ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = ds["apiVersion"]!.GetValue<string>(), ["kind"] = "DaemonSet", ["name"] = name, ["uid"] = ds["metadata"]!["uid"]!.GetValue<string>(), ["controller"] = true }),
            },
            ["data"] = data,
            ["revision"] = max + 1,
        };
        Store("apps", "controllerrevisions", ns, revision);
        return hash;
    }

    private void CreatePod(string ns, string owner, JsonObject template, string hash, string nodeName, bool nodeReady)
    {
        var podName = $"{owner}-{++podSequence:D6}";
        var labels = (JsonObject)(template["metadata"]?["labels"]?.DeepClone() ?? new JsonObject());
        labels["controller-revision-hash"] = hash;
        var spec = (JsonObject)template["spec"]!.DeepClone();
        spec["nodeName"] = nodeName;
        var image = spec["containers"]?[0]?["image"]?.GetValue<string>() ?? string.Empty;
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = podName, ["namespace"] = ns, ["labels"] = labels },
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["phase"] = "Pending",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "False" }),
                ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "agent", ["image"] = image, ["ready"] = false, ["restartCount"] = 0 }),
            },
        };
        if (StartReady && nodeReady && !CrashingImages.Contains(image))
        {
            pod["status"]!["phase"] = "Running";
            pod["status"]!["conditions"]![0]!["status"] = "True";
            pod["status"]!["containerStatuses"]![0]!["ready"] = true;
        }

        Store(string.Empty, "pods", ns, pod);
        if (!nodeReady || (StartReady && !CrashingImages.Contains(image)))
        {
            return;
        }

        var crashing = CrashingImages.Contains(image);
        var key = Key(string.Empty, "pods", ns, podName);
        ITimer? timer = null;
        timer = time.CreateTimer(
            _ =>
            {
                lock (sync)
                {
                    if (!objects.TryGetValue(key, out var live))
                    {
                        timer?.Dispose();
                        return;
                    }

                    var status = (JsonObject)live["status"]!;
                    var container = (JsonObject)status["containerStatuses"]![0]!;
                    if (crashing)
                    {
                        container["restartCount"] = (int)Num(container["restartCount"]) + 1;
                        container["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff" } };
                        status["phase"] = "Running";
                    }
                    else
                    {
                        container["ready"] = true;
                        status["phase"] = "Running";
                        status["conditions"]![0]!["status"] = "True";
                        timer?.Dispose();
                    }

                    Touch(live);
                    RaisePod("MODIFIED", (JsonObject)live.DeepClone());
                    ReconcileAll();
                }
            },
            null,
            crashing ? CrashInterval : ReadyDelay,
            crashing ? CrashInterval : Timeout.InfiniteTimeSpan);
        timers.Add(timer);
    }

    private void UpdateStatus(JsonObject ds, string ns, string name, string hash, int desired)
    {
        var pods = Pods(ns, name).ToList();
        var ready = pods.Count(p => p["status"]?["conditions"]?[0]?["status"]?.GetValue<string>() == "True");
        var status = new JsonObject
        {
            ["desiredNumberScheduled"] = desired,
            ["currentNumberScheduled"] = pods.Count,
            ["numberReady"] = ready,
            ["numberAvailable"] = ready,
            ["numberUnavailable"] = desired - ready,
            ["updatedNumberScheduled"] = pods.Count(p => Hash(p) == hash),
            ["observedGeneration"] = Num(ds["metadata"]!["generation"]),
            ["daemonSetHash"] = hash,
        };
        if (JsonMerge.Canonical(status) != JsonMerge.Canonical(ds["status"]))
        {
            ds["status"] = status;
            Touch(ds);
        }
    }
}
