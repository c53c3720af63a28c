using System.Globalization;
using Gate.Core.Manifests;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gate.Core.Cost;

/// <summary>Parses cluster profile files (docs/cluster-profiles.md; schema policies/cluster-profile.schema.json).</summary>
internal static class ClusterProfileFile
{
    internal static readonly string[] TopKeys =
        ["apiVersion", "kind", "name", "nodes", "kubernetesVersion", "consistentListFromCache", "watchList", "listFromCacheSnapshot", "etcdVersion", "relistIntervalSeconds", "apiServer", "resources"];

    internal static readonly string[] ApiServerKeys =
        ["replicas", "cores", "memoryGiBPerReplica", "maxRequestsInflight", "maxMutatingRequestsInflight", "bytesPerCoreSecond"];

    internal static readonly string[] ResourceKeys =
        ["count", "meanJsonBytes", "changesPerObjectPerSecond", "perNode", "createsPerSecond"];

    internal const string ApiVersion = "gate.dev/v1";

    internal const string Kind = "ClusterProfile";

    public static ClusterProfile Parse(string content, string path)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(path);
        var root = LoadRoot(content, path);
        var reader = new Reader(path);
        reader.CheckKeys(root, TopKeys, "cluster profile");

        if (reader.String(root, "apiVersion") is { } apiVersion && apiVersion != ApiVersion)
        {
            throw reader.Error(root.Children[new YamlScalarNode("apiVersion")], $"unsupported apiVersion '{apiVersion}'", $"use {ApiVersion}");
        }

        if (reader.String(root, "kind") is { } kind && kind != Kind)
        {
            throw reader.Error(root.Children[new YamlScalarNode("kind")], $"kind must be {Kind}, got '{kind}'", null);
        }

        var nodes = reader.Int(root, "nodes", min: 1) ?? throw reader.Error(root, "missing required key 'nodes'", "add nodes: <node count>");
        var baseline = ClusterProfiles.ForNodes(nodes);
        var version = reader.String(root, "kubernetesVersion");
        if (version is not null && ApiServerFeatures.MinorOf(version) is null)
        {
            throw reader.Error(root.Children[new YamlScalarNode("kubernetesVersion")], $"kubernetesVersion '{version}' is not a version", "write it as v1.32");
        }

        var etcd = reader.String(root, "etcdVersion");
        if (etcd is not null && etcd.Trim().TrimStart('v').Split('.').Length < 3)
        {
            throw reader.Error(root.Children[new YamlScalarNode("etcdVersion")], $"etcdVersion '{etcd}' is not a version", "write it as 3.5.16");
        }

        var defaults = ApiServerFeatures.ForVersion(version, etcd);
        var api = baseline.ApiServer;
        if (reader.Mapping(root, "apiServer") is { } apiNode)
        {
            reader.CheckKeys(apiNode, ApiServerKeys, "apiServer");
            api = api with
            {
                Replicas = reader.Int(apiNode, "replicas", min: 1) ?? api.Replicas,
                Cores = reader.Number(apiNode, "cores", positive: true) ?? api.Cores,
                MemoryBytesPerReplica = reader.Number(apiNode, "memoryGiBPerReplica", positive: true) * ReferenceCluster.Gib ?? api.MemoryBytesPerReplica,
                MaxRequestsInflight = reader.Int(apiNode, "maxRequestsInflight", min: 1) ?? api.MaxRequestsInflight,
                MaxMutatingRequestsInflight = reader.Int(apiNode, "maxMutatingRequestsInflight", min: 1) ?? api.MaxMutatingRequestsInflight,
                BytesPerCoreSecond = reader.Number(apiNode, "bytesPerCoreSecond", positive: true) ?? api.BytesPerCoreSecond,
            };
        }

        var resources = new Dictionary<string, ResourceStats>(baseline.Resources, StringComparer.Ordinal);
        if (reader.Mapping(root, "resources") is { } resNode)
        {
            foreach (var (keyNode, valueNode) in resNode.Children)
            {
                var name = ((YamlScalarNode)keyNode).Value ?? string.Empty;
                if (valueNode is not YamlMappingNode stats)
                {
                    throw reader.Error(valueNode, $"resource '{name}' must be a mapping", "e.g. pods: {count: 72000, meanJsonBytes: 8400}");
                }

                reader.CheckKeys(stats, ResourceKeys, $"resource '{name}'");
                var known = resources.TryGetValue(name, out var k) ? k : ReferenceCluster.Stats(name, nodes);
                resources[name] = known with
                {
                    Count = reader.Number(stats, "count", positive: false) ?? known.Count,
                    MeanJsonBytes = reader.Number(stats, "meanJsonBytes", positive: true) ?? known.MeanJsonBytes,
                    ChangesPerObjectPerSecond = reader.Number(stats, "changesPerObjectPerSecond", positive: false) ?? known.ChangesPerObjectPerSecond,
                    PerNode = reader.Number(stats, "perNode", positive: false) ?? known.PerNode,
                    CreatesPerSecond = reader.Number(stats, "createsPerSecond", positive: false) ?? known.CreatesPerSecond,
                };
            }
        }

        var name0 = reader.String(root, "name") ?? Path.GetFileNameWithoutExtension(path);
        return baseline with
        {
            Name = name0,
            Source = path,
            Resources = resources,
            ApiServer = api,
            KubernetesVersion = version ?? baseline.KubernetesVersion,
            EtcdVersion = etcd,
            ConsistentListFromCache = reader.Bool(root, "consistentListFromCache") ?? defaults.ConsistentListFromCache,
            WatchList = reader.Bool(root, "watchList") ?? defaults.WatchList,
            ListFromCacheSnapshot = reader.Bool(root, "listFromCacheSnapshot") ?? defaults.ListFromCacheSnapshot,
            RelistIntervalSeconds = reader.Number(root, "relistIntervalSeconds", positive: true) ?? baseline.RelistIntervalSeconds,
        };
    }

    private static YamlMappingNode LoadRoot(string content, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(content));
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException?.Message ?? ex.Message;
            var firstLine = message.Split('\n')[0].Trim();
            throw new GateUsageException(
                "invalid YAML in cluster profile: " + firstLine,
                new SourcePosition(path, (int)ex.Start.Line, (int)ex.Start.Column),
                "see docs/cluster-profiles.md",
                ex);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var at = stream.Documents.Count > 0 ? Position(path, stream.Documents[0].RootNode) : new SourcePosition(path, 1, 1);
            throw new GateUsageException("a cluster profile must be one YAML mapping", at, "start with nodes: <node count>");
        }

        return root;
    }

    private static SourcePosition Position(string path, YamlNode node) => new(path, (int)node.Start.Line, (int)node.Start.Column);

    private sealed class Reader(string path)
    {
        public GateUsageException Error(YamlNode node, string message, string? hint) => new(message, Position(path, node), hint);

        public void CheckKeys(YamlMappingNode map, string[] known, string what)
        {
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value;
                if (name is null || !known.Contains(name, StringComparer.Ordinal))
                {
                    throw Error(key, $"unknown key '{name}' in {what}", "known keys: " + string.Join(", ", known));
                }
            }
        }

        public YamlMappingNode? Mapping(YamlMappingNode map, string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                return null;
            }

            return node as YamlMappingNode ?? throw Error(node, $"'{key}' must be a mapping", null);
        }

        public string? String(YamlMappingNode map, string key) => Scalar(map, key, "a string")?.Value;

        public bool? Bool(YamlMappingNode map, string key)
        {
            var node = Scalar(map, key, "true or false");
            return node is null ? null
                : bool.TryParse(node.Value, out var b) ? b
                : throw Error(node, $"'{key}' must be true or false, got '{node.Value}'", null);
        }

        public int? Int(YamlMappingNode map, string key, int min)
        {
            var node = Scalar(map, key, "an integer");
            if (node is null)
            {
                return null;
            }

            if (!int.TryParse(node.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
            {
                throw Error(node, $"'{key}' must be an integer of at least {min}, got '{node.Value}'", null);
            }

            return value;
        }

        public double? Number(YamlMappingNode map, string key, bool positive)
        {
            var node = Scalar(map, key, "a number");
            if (node is null)
            {
                return null;
            }

            var ok = double.TryParse(node.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && double.IsFinite(value) && (positive ? value > 0 : value >= 0);
            return ok ? value : throw Error(node, $"'{key}' must be a number {(positive ? "above 0" : "of at least 0")}, got '{node.Value}'", null);
        }

        private YamlScalarNode? Scalar(YamlMappingNode map, string key, string expected)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                return null;
            }

            return node as YamlScalarNode ?? throw Error(node, $"'{key}' must be {expected}", null);
        }
    }
}
