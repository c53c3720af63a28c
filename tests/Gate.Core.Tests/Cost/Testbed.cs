using System.Text.Json;
using Gate.Core.Agents;
using Gate.Core.Cost;
using Gate.Testing;

namespace Gate.Core.Tests.Cost;

/// <summary>The calibration measurements (docs/calibration/testbed-v1.32.json) and workloads shaped like its load tests.</summary>
public static class Testbed
{
    private static readonly Lazy<JsonDocument> Doc = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Calibration, "testbed-v1.32.json"))));

    public static JsonElement Root => Doc.Value.RootElement;

    /// <summary>The single-LIST row whose properties all equal <paramref name="match"/>.</summary>
    public static JsonElement SingleList(params (string Key, string Value)[] match) =>
        Root.GetProperty("single_list_pods").EnumerateArray().Single(row => match.All(m =>
            row.TryGetProperty(m.Key, out var v) && (v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString().ToLowerInvariant()) == m.Value));

    /// <summary>The load row with this agent count, pattern and (optional) inflight setting or update rate.</summary>
    public static JsonElement Load(int agents, string pattern, string? inflight = null, double? podUpdatesPerSecond = null) =>
        Root.GetProperty("load").EnumerateArray().Single(row =>
            row.GetProperty("agents").GetInt32() == agents
            && row.GetProperty("pattern").GetString() == pattern
            && (inflight is null || (row.TryGetProperty("inflight", out var i) && i.GetString() == inflight))
            && (podUpdatesPerSecond is null || (row.TryGetProperty("pod_updates_per_s", out var u) && u.GetDouble() == podUpdatesPerSecond)));

    /// <summary>The testbed with <c>--max-requests-inflight=100 --max-mutating-requests-inflight=50</c>.</summary>
    public static ClusterProfile LimitedInflight => ClusterProfiles.Testbed with
    {
        ApiServer = ClusterProfiles.Testbed.ApiServer with { MaxRequestsInflight = 100, MaxMutatingRequestsInflight = 50 },
    };

    /// <summary>The testbed with pods updated at <paramref name="updatesPerSecond"/> cluster-wide.</summary>
    public static ClusterProfile WithPodUpdates(double updatesPerSecond)
    {
        var pods = ClusterProfiles.Testbed.StatsOf("pods");
        var resources = new Dictionary<string, ResourceStats>(ClusterProfiles.Testbed.Resources)
        {
            ["pods"] = pods with { ChangesPerObjectPerSecond = updatesPerSecond / pods.Count },
        };
        return ClusterProfiles.Testbed with { Resources = resources };
    }

    /// <summary>A pod access pattern.</summary>
    public static AccessPattern Pods(
        ApiVerb verb,
        PatternScope scope,
        double? period = null,
        string? resourceVersion = null,
        WireEncoding encoding = WireEncoding.Json) => new()
    {
        Verb = verb,
        Resource = "pods",
        Scope = scope,
        FieldSelector = scope == PatternScope.Node ? "spec.nodeName=$(NODE_NAME)" : null,
        ResourceVersion = resourceVersion,
        PeriodSeconds = period,
        Encoding = encoding,
    };

    /// <summary><paramref name="agents"/> replicas making the given requests (the testbed's K agents).</summary>
    public static Workload Agents(int agents, params AccessPattern[] patterns) => new()
    {
        Kind = "DaemonSet",
        Namespace = "agents",
        Name = "calibration-agent",
        Agent = "calibration",
        PatternSource = PatternSource.Declared,
        Multiplicity = Multiplicity.PerCluster,
        Replicas = agents,
        AccessPatterns = patterns,
    };
}
