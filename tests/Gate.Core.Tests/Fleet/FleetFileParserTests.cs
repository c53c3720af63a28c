using Gate.Core.Fleet;
using Gate.Core.Manifests;

namespace Gate.Core.Tests.Fleet;

public class FleetFileParserTests
{
    private const string Path = "FLEET.yaml";

    private const string BySize = """
        apiVersion: gate.dev/v1
        kind: Fleet
        clusters:
          - name: dev
            prometheus: http://prometheus.dev:9090
          - name: prod-eu
            context: prod-eu-admin
            scrapeApiServer: true
          - name: prod-us
            kubeconfig: prod-us.kubeconfig
            prometheus: https://prometheus.prod-us:9090
            nodes: 4200
        waves: by-size
        pauseBeforeWaves: [3]
        """;

    [Fact]
    public void Parse_BySize_ReadsClustersAndNoExplicitWaves()
    {
        var file = FleetFileParser.Parse(BySize, Path);

        Assert.Null(file.Waves);
        Assert.Equal(["dev", "prod-eu", "prod-us"], file.Clusters.Select(c => c.Name));
        Assert.Equal(new Uri("http://prometheus.dev:9090"), file.Cluster("dev").Prometheus);
        Assert.Equal("prod-eu-admin", file.Cluster("prod-eu").Context);
        Assert.True(file.Cluster("prod-eu").ScrapeApiServer);
        Assert.Equal(4200, file.Cluster("prod-us").Nodes);
        Assert.Equal("prod-us.kubeconfig", file.Cluster("prod-us").Kubeconfig);
        Assert.Equal([3], file.PauseBeforeWaves);
        Assert.Equal(new SourcePosition(Path, 6, 5), file.Cluster("prod-eu").Position);
    }

    [Fact]
    public void Plan_BySize_OneClusterPerWaveSmallestFirst()
    {
        var file = FleetFileParser.Parse(BySize, Path);
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal) { ["dev"] = 40, ["prod-eu"] = 6000, ["prod-us"] = 4200 };

        var waves = FleetPlanner.Plan(file, sizes, pauseBefore: [2]);

        Assert.Equal(["dev", "prod-us", "prod-eu"], waves.Select(w => w.Clusters.Single()));
        Assert.Equal([false, true, true], waves.Select(w => w.PauseBefore));
        Assert.Equal([1, 2, 3], waves.Select(w => w.Number));
    }

    [Fact]
    public void Plan_ExplicitWaves_KeepsFileOrderAndPauses()
    {
        var file = FleetFileParser.Parse("""
            apiVersion: gate.dev/v1
            kind: Fleet
            clusters: [{name: a, prometheus: "http://a"}, {name: b, prometheus: "http://b"}, {name: c, prometheus: "http://c"}]
            waves:
              - clusters: [c]
              - clusters: [a, b]
                pauseBefore: true
            """, Path);

        var waves = FleetPlanner.Plan(file, new Dictionary<string, int>(StringComparer.Ordinal));

        Assert.Equal(2, waves.Count);
        Assert.Equal(["c"], waves[0].Clusters);
        Assert.Equal(["a", "b"], waves[1].Clusters);
        Assert.True(waves[1].PauseBefore);
        Assert.False(waves[0].PauseBefore);
    }

    [Theory]
    [InlineData("apiVersion: gate.dev/v1\nkind: Fleet\nclusters: []\n", 3, 1, "non-empty 'clusters' list")]
    [InlineData("apiVersion: gate.dev/v2\nkind: Fleet\n", 1, 13, "apiVersion must be gate.dev/v1")]
    [InlineData("apiVersion: gate.dev/v1\nkind: Fleet\nclusters:\n  - name: a\n    promethues: http://a\n", 5, 5, "unknown key 'promethues' in cluster")]
    [InlineData("apiVersion: gate.dev/v1\nkind: Fleet\nclusters:\n  - name: a\n    prometheus: ftp://a\n", 5, 17, "is not an http(s) URL")]
    [InlineData("apiVersion: gate.dev/v1\nkind: Fleet\nclusters:\n  - name: a\n    nodes: many\n", 5, 12, "nodes must be a whole number")]
    [InlineData("apiVersion: gate.dev/v1\nkind: Fleet\nclusters:\n  - name: a\n  - name: a\n", 5, 5, "cluster 'a' is listed twice")]
    [InlineData("apiVersion: gate.dev/v1\nkind: Fleet\nclusters:\n  - name: a\nwaves:\n  - clusters: [b]\n", 6, 16, "unknown cluster 'b'")]
    [InlineData("apiVersion: gate.dev/v1\nkind: Fleet\nclusters:\n  - name: a\n  - name: b\nwaves:\n  - clusters: [a]\n", 5, 5, "cluster 'b' is in no wave")]
    [InlineData("apiVersion: gate.dev/v1\nkind: Fleet\nclusters:\n  - name: a\nwaves:\n  - clusters: [a]\n  - clusters: [a]\n", 7, 16, "is in wave 1 and wave 2")]
    [InlineData("apiVersion: gate.dev/v1\nkind: Fleet\nclusters:\n  - name: a\nwaves: alphabetical\n", 5, 8, "'waves' must be 'by-size'")]
    [InlineData("apiVersion: gate.dev/v1\nkind: Fleet\nclusters:\n  - name: a\n    prometheus: http://a\n    scrapeApiServer: true\n", 6, 5, "both prometheus and scrapeApiServer")]
    [InlineData("apiVersion: gate.dev/v1\nkind: Fleet\nclusters: [unclosed\n", 4, 1, "")]
    public void Parse_BadFile_ThrowsUsageErrorAtPosition(string text, int line, int column, string message)
    {
        var ex = Assert.Throws<GateUsageException>(() => FleetFileParser.Parse(text, Path));

        Assert.Equal(new SourcePosition(Path, line, column), ex.Position);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.ToUserLine());
    }

    [Fact]
    public void Text_RolledBackEvent_NamesDaemonSetWaveClusterAndReason()
    {
        var e = new FleetEvent
        {
            Kind = FleetEventKind.RolledBack,
            DaemonSet = "telemetry/node-inventory",
            Wave = 2,
            Cluster = "prod-eu",
            Detail = "unhealthy: stage 1/5",
            Time = DateTimeOffset.UnixEpoch,
        };

        Assert.Equal("gate telemetry/node-inventory (wave 2, cluster prod-eu): ROLLED BACK — unhealthy: stage 1/5", e.Text);
    }
}
