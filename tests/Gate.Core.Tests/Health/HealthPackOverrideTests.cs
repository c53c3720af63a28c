using Gate.Core.Health;

namespace Gate.Core.Tests.Health;

public class HealthPackOverrideTests
{
    private static GateUsageException LoadFails(string yaml, string? cluster = null) =>
        Assert.Throws<GateUsageException>(() => HealthPackLoader.LoadWithOverlay(yaml, "prod.yaml", cluster));

    [Fact]
    public void LoadWithOverlay_KnownSignalId_OverridesOnlyTheGivenFields()
    {
        var pack = HealthPackLoader.LoadWithOverlay(
            "signals:\n  - id: apiserver-request-p99\n    max: 2.5\n    baseline: {maxRatio: 3}\nsettings:\n  window: 30s\n", "prod.yaml");

        var p99 = pack.Signals.Single(s => s.Id == WellKnownSignals.ApiServerRequestP99);
        Assert.Equal(2.5, p99.Max);
        Assert.Equal(3, p99.Baseline!.MaxRatio);
        Assert.Equal(0.1, p99.Baseline.MinDelta);
        Assert.Contains("histogram_quantile", p99.Expression, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(30), pack.Settings.Window);
        Assert.Equal(TimeSpan.FromSeconds(15), pack.Settings.Step);
        Assert.Equal("policies/health.yaml + prod.yaml", pack.Source);
    }

    [Fact]
    public void LoadWithOverlay_NullThreshold_RemovesIt()
    {
        var pack = HealthPackLoader.LoadWithOverlay("signals:\n  - id: apiserver-request-p99\n    max: null\n    baseline: null\n", "prod.yaml");

        var p99 = pack.Signals.Single(s => s.Id == WellKnownSignals.ApiServerRequestP99);
        Assert.Null(p99.Max);
        Assert.Null(p99.Baseline);
    }

    [Fact]
    public void Load_ClusterOverrides_AppliedOnlyForThatCluster()
    {
        const string yaml = """
            clusters:
              prod-eu:
                settings: {inconclusiveLimit: 0}
                signals:
                  apf-rejected: {max: 5}
                projection:
                  budgets: {projection-requests: 1000}
            """;

        var plain = HealthPackLoader.LoadWithOverlay(yaml, "prod.yaml");
        var prod = HealthPackLoader.LoadWithOverlay(yaml, "prod.yaml", "prod-eu");

        Assert.Equal(0, plain.Signals.Single(s => s.Id == WellKnownSignals.ApfRejected).Max);
        Assert.Equal(5, prod.Signals.Single(s => s.Id == WellKnownSignals.ApfRejected).Max);
        Assert.Equal(0, prod.Settings.InconclusiveLimit);
        Assert.Equal(1000, prod.Projection!.Metrics.Single(m => m.Id == WellKnownSignals.ProjectionRequests).Budget);
        Assert.EndsWith("(cluster prod-eu)", prod.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadWithOverlay_NewSignal_IsAdded()
    {
        var pack = HealthPackLoader.LoadWithOverlay(
            "signals:\n  - id: webhook-p99\n    title: Admission webhook p99\n    unit: seconds\n    promql: histogram_quantile(0.99, x)\n    max: 0.5\n", "prod.yaml");

        var added = pack.Signals[^1];
        Assert.Equal("webhook-p99", added.Id);
        Assert.Equal(0.5, added.Max);
        Assert.Equal(new Gate.Core.Manifests.SourcePosition("prod.yaml", 2, 5), added.Position);
    }

    [Fact]
    public void LoadWithOverlay_WrongType_PointsAtTheValue()
    {
        var ex = LoadFails("signals:\n  - id: apiserver-request-p99\n    max: fast\n");

        Assert.Equal("prod.yaml", ex.Position!.File);
        Assert.Equal(3, ex.Position.Line);
        Assert.Equal(10, ex.Position.Column);
        Assert.StartsWith("prod.yaml:3:10: signals.0.max: ", ex.ToUserLine(), StringComparison.Ordinal);
        Assert.Contains("health.schema.json", ex.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadWithOverlay_UnknownKey_PointsAtIt()
    {
        var ex = LoadFails("settings:\n  window: 5m\n  windoww: 10m\n");

        Assert.Equal(3, ex.Position!.Line);
        Assert.StartsWith("settings.windoww: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadWithOverlay_BadDuration_IsPositioned()
    {
        var ex = LoadFails("settings:\n  step: 15 seconds\n");

        Assert.Equal(new Gate.Core.Manifests.SourcePosition("prod.yaml", 2, 9), ex.Position);
        Assert.StartsWith("settings.step:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadWithOverlay_YamlSyntaxError_IsPositioned()
    {
        var ex = LoadFails("signals:\n  - id: [unclosed\n");

        Assert.StartsWith("invalid YAML", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Position!.Line >= 2);
    }

    [Fact]
    public void LoadWithOverlay_NewSignalWithoutPromql_SaysWhatIsMissing()
    {
        var ex = LoadFails("signals:\n  - id: mystery\n    max: 1\n");

        Assert.Equal("prod.yaml:2:5: signal 'mystery' is new and needs 'title' and 'promql' (or use the id of a built-in signal to override its thresholds)", ex.ToUserLine());
    }

    [Fact]
    public void Load_UnknownCluster_ListsKnownOnes()
    {
        var ex = LoadFails("clusters:\n  prod: {}\n", "staging");

        Assert.Equal("cluster 'staging' has no overrides in policies/health.yaml + prod.yaml", ex.Message);
        Assert.Equal("known clusters: prod", ex.Hint);
    }

    [Fact]
    public void Load_ClusterOverrideOfUnknownSignal_IsPositioned()
    {
        var ex = LoadFails("clusters:\n  prod:\n    signals:\n      nope: {max: 1}\n", "prod");

        Assert.Equal(new Gate.Core.Manifests.SourcePosition("prod.yaml", 4, 7), ex.Position);
        Assert.Equal("unknown signal 'nope'", ex.Message);
    }

    [Theory]
    [InlineData("5m", 300)]
    [InlineData("15s", 15)]
    [InlineData("500ms", 0.5)]
    [InlineData("1h", 3600)]
    public void ParseDuration_PrometheusForms_Parse(string text, double seconds) =>
        Assert.Equal(seconds, HealthPackLoader.ParseDuration(text).TotalSeconds);
}
