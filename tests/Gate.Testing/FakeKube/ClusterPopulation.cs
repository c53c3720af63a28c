using System.Globalization;
using System.Text.Json.Nodes;

namespace Gate.Testing.FakeKube;

/// <summary>Fills a <see cref="FakeCluster"/> with counted objects for <c>--from-cluster</c> tests.</summary>
public static class ClusterPopulation
{
    /// <summary>
    /// Adds <paramref name="count"/> objects of a core or grouped resource, spread round-robin over
    /// <paramref name="namespaces"/> namespaces <c>ns-0…</c> (null: cluster-scoped).
    /// </summary>
    public static void Add(FakeCluster cluster, string group, string resource, int count, int? namespaces = 10)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        for (var i = 0; i < count; i++)
        {
            var ns = namespaces is { } n ? "ns-" + (i % n).ToString(CultureInfo.InvariantCulture) : null;
            cluster.Create(group, resource, ns, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = $"{resource}-{i:D5}", ["labels"] = new JsonObject { ["app"] = "filler" } },
                ["data"] = resource == "secrets" ? new JsonObject { ["token"] = "c2VjcmV0LXZhbHVl" } : null,
            });
        }
    }

    /// <summary>The <c>kubernetes</c> Service's EndpointSlice in <c>default</c> with one ready address per API server.</summary>
    public static void AddApiServers(FakeCluster cluster, int replicas)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var endpoints = new JsonArray();
        for (var i = 0; i < replicas; i++)
        {
            endpoints.Add(new JsonObject
            {
                ["addresses"] = new JsonArray($"10.0.0.{i + 10}"),
                ["conditions"] = new JsonObject { ["ready"] = true },
            });
        }

        cluster.Create("discovery.k8s.io", "endpointslices", "default", new JsonObject
        {
            ["addressType"] = "IPv4",
            ["metadata"] = new JsonObject { ["name"] = "kubernetes", ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = "kubernetes" } },
            ["endpoints"] = endpoints,
        });
    }
}
