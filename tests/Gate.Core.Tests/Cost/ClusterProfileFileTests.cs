using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gate.Core.Cost;
using Gate.Testing;
using Json.Schema;
using YamlDotNet.RepresentationModel;

namespace Gate.Core.Tests.Cost;

/// <summary>Profile files (--profile FILE): the documented example, defaults, positioned errors and the JSON schema.</summary>
public sealed class ClusterProfileFileTests
{
    private static readonly string ExamplePath = RepoPaths.InRepo("docs", "examples", "cluster-profile.yaml");
    private static readonly string SchemaPath = RepoPaths.InRepo("policies", "cluster-profile.schema.json");

    [Fact]
    public void FromYaml_DocumentedExample_ReadsEveryField()
    {
        var profile = ClusterProfiles.FromYaml(File.ReadAllText(ExamplePath), "profile.yaml");

        Assert.Equal("prod-eu-west", profile.Name);
        Assert.Equal("profile.yaml", profile.Source);
        Assert.Equal(2_400, profile.Nodes);
        Assert.Equal("v1.31.6", profile.KubernetesVersion);
        Assert.True(profile.ConsistentListFromCache);
        Assert.False(profile.WatchList);
        Assert.Equal(3, profile.ApiServer.Replicas);
        Assert.Equal(48, profile.ApiServer.Cores);
        Assert.Equal(64.0 * 1024 * 1024 * 1024, profile.ApiServer.MemoryBytesPerReplica);
        Assert.Equal(800, profile.ApiServer.MaxRequestsInflight);
        Assert.Equal(400, profile.ApiServer.MaxMutatingRequestsInflight);
        Assert.Equal(52_000, profile.Resources["pods"].Count);
        Assert.Equal(11_000, profile.Resources["pods"].MeanJsonBytes);
        Assert.Equal(30, profile.Resources["pods"].PerNode);
        Assert.Equal(9_100, profile.Resources["configmaps"].Count);
        Assert.Equal(4_000, profile.Resources["configmaps"].MeanJsonBytes);
        Assert.Equal(0.001, profile.Resources["widgets.example.com"].ChangesPerObjectPerSecond);
        Assert.Equal(4_800, profile.Resources["replicasets"].Count);
    }

    [Fact]
    public void FromYaml_OnlyNodes_IsTheReferenceClusterNamedAfterTheFile()
    {
        var profile = ClusterProfiles.FromYaml("nodes: 1000\n", "clusters/edge.yaml");

        Assert.Equal("edge", profile.Name);
        Assert.Equal(ClusterProfiles.Medium.ApiServer, profile.ApiServer);
        Assert.Equal(ClusterProfiles.Medium.Resources["pods"], profile.Resources["pods"]);
        Assert.Equal(3600, profile.RelistIntervalSeconds);
    }

    [Theory]
    [InlineData("v1.30", false, false)]
    [InlineData("v1.32.1", true, true)]
    [InlineData("1.33", true, false)]
    [InlineData("v1.34.0", true, true)]
    public void FromYaml_KubernetesVersion_SetsFeatureDefaults(string version, bool clfc, bool watchList)
    {
        var profile = ClusterProfiles.FromYaml($"nodes: 10\nkubernetesVersion: {version}\n", "p.yaml");

        Assert.Equal(clfc, profile.ConsistentListFromCache);
        Assert.Equal(watchList, profile.WatchList);
    }

    [Theory]
    [InlineData("nodes: 10\nnodez: 3\n", 2, 1, "unknown key 'nodez' in cluster profile")]
    [InlineData("name: x\n", 1, 1, "missing required key 'nodes'")]
    [InlineData("nodes: many\n", 1, 8, "'nodes' must be an integer of at least 1, got 'many'")]
    [InlineData("nodes: 0\n", 1, 8, "'nodes' must be an integer of at least 1, got '0'")]
    [InlineData("nodes: 10\napiServer:\n  cores: -4\n", 3, 10, "'cores' must be a number above 0, got '-4'")]
    [InlineData("nodes: 10\napiServer:\n  core: 4\n", 3, 3, "unknown key 'core' in apiServer")]
    [InlineData("nodes: 10\napiServer: big\n", 2, 12, "'apiServer' must be a mapping")]
    [InlineData("nodes: 10\nresources:\n  pods: 5\n", 3, 9, "resource 'pods' must be a mapping")]
    [InlineData("nodes: 10\nresources:\n  pods: {count: 5, size: 3}\n", 3, 20, "unknown key 'size' in resource 'pods'")]
    [InlineData("nodes: 10\nresources:\n  pods: {count: -5}\n", 3, 17, "'count' must be a number of at least 0, got '-5'")]
    [InlineData("nodes: 10\nconsistentListFromCache: maybe\n", 2, 26, "'consistentListFromCache' must be true or false, got 'maybe'")]
    [InlineData("nodes: 10\nkind: Pod\n", 2, 7, "kind must be ClusterProfile, got 'Pod'")]
    [InlineData("nodes: 10\napiVersion: gate.dev/v9\n", 2, 13, "unsupported apiVersion 'gate.dev/v9'")]
    [InlineData("nodes: 10\nkubernetesVersion: latest\n", 2, 20, "kubernetesVersion 'latest' is not a version")]
    [InlineData("- nodes: 10\n", 1, 1, "a cluster profile must be one YAML mapping")]
    [InlineData("nodes: [1, 2\n", 2, 1, "invalid YAML in cluster profile")]
    public void FromYaml_BadInput_PositionedUsageError(string yaml, int line, int column, string message)
    {
        var ex = Assert.Throws<GateUsageException>(() => ClusterProfiles.FromYaml(yaml, "bad.yaml"));

        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(new Gate.Core.Manifests.SourcePosition("bad.yaml", line, column), ex.Position);
        Assert.DoesNotContain('\n', ex.ToUserLine());
    }

    [Fact]
    public void FromYaml_EmptyFile_PositionedUsageError()
    {
        var ex = Assert.Throws<GateUsageException>(() => ClusterProfiles.FromYaml(string.Empty, "empty.yaml"));

        Assert.Equal("empty.yaml", ex.Position!.File);
    }

    [Fact]
    public void Schema_DocumentedExample_IsValid()
    {
        var results = Schema().Evaluate(ToJson(File.ReadAllText(ExamplePath)));

        Assert.True(results.IsValid);
    }

    [Theory]
    [InlineData("nodez: 10\n")]
    [InlineData("nodes: 0\n")]
    [InlineData("nodes: 10\nresources:\n  pods: {size: 3}\n")]
    [InlineData("nodes: 10\napiServer: {cores: 0}\n")]
    public void Schema_InvalidProfile_IsRejectedLikeTheParser(string yaml)
    {
        var results = Schema().Evaluate(ToJson(yaml));

        Assert.False(results.IsValid);
        Assert.Throws<GateUsageException>(() => ClusterProfiles.FromYaml(yaml, "p.yaml"));
    }

    [Fact]
    public void Schema_Properties_AreTheKeysTheParserKnows()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        var root = doc.RootElement.GetProperty("properties");
        static string[] Names(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

        Assert.Equal(ClusterProfileFile.TopKeys.Order(StringComparer.Ordinal), Names(root));
        Assert.Equal(ClusterProfileFile.ApiServerKeys.Order(StringComparer.Ordinal), Names(root.GetProperty("apiServer").GetProperty("properties")));
        Assert.Equal(
            ClusterProfileFile.ResourceKeys.Order(StringComparer.Ordinal),
            Names(root.GetProperty("resources").GetProperty("additionalProperties").GetProperty("properties")));
    }

    // The schema registry is global and refuses a second registration of the same $id: build it once.
    private static readonly Lazy<JsonSchema> LoadedSchema = new(() => JsonSchema.FromText(File.ReadAllText(SchemaPath)));

    private static JsonSchema Schema() => LoadedSchema.Value;

    private static JsonElement ToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var node = Convert(stream.Documents[0].RootNode);
        return JsonDocument.Parse(node?.ToJsonString() ?? "null").RootElement;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
        YamlScalarNode { Value: var v } when long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        YamlScalarNode { Value: var v } when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        YamlScalarNode { Value: "true" or "false" } s => JsonValue.Create(s.Value == "true"),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => null,
    };
}
