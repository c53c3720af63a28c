using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Core.Tests.Manifests;

public sealed class NonManifestFilesTests
{
    private const string DaemonSet =
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: obs\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: acme/agent:1\n";

    private const string Template =
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {{ include \"x.fullname\" . }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: x\n          image: \"{{ .Values.image }}\"\n";

    public static TheoryData<string, string, string> NotManifests() => new()
    {
        { "chart/templates/ds.yaml", Template, SkippedFile.HelmTemplate },
        // Template actions only inside quoted values parse as YAML; the object's name gives the template away.
        { "chart/templates/sa.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: \"{{ .Release.Name }}\"\n", SkippedFile.HelmTemplate },
        // A control line that happens to parse (a flow mapping) is still a template.
        { "chart/templates/cm.yaml", "{{- if .Values.enabled }}\napiVersion: v1\nkind: ConfigMap\n{{- end }}\n", SkippedFile.HelmTemplate },
        { "chart/templates/_helpers.tpl", "{{- define \"x.fullname\" -}}\nx\n{{- end }}\n", SkippedFile.HelmTemplate },
        { "chart/Chart.yaml", "apiVersion: v2\nname: x\nversion: 0.1.0\n", SkippedFile.HelmChartFile },
        { "chart/Chart.lock", "dependencies: []\n", SkippedFile.HelmChartFile },
        { "chart/values.yaml", "image: acme/agent:1\nreplicas: 2\n", SkippedFile.HelmChartFile },
        { "chart/values-prod.yaml", "replicas: 3\n", SkippedFile.HelmChartFile },
        { "chart/values.schema.json", "{\"type\": \"object\"}", SkippedFile.HelmChartFile },
        { "overlay/kustomization.yaml", "resources:\n  - ds.yaml\n", SkippedFile.KustomizeFile },
        { "overlay/patch.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: []\n", SkippedFile.KustomizeFile },
    };

    [Theory]
    [MemberData(nameof(NotManifests))]
    public void Discover_FolderFileThatIsNotManifests_SkippedBesideTheManifests(string path, string text, string kind)
    {
        var result = WorkloadDiscovery.Discover(
        [
            FromFolder("deploy/ds.yaml", DaemonSet),
            FromFolder(path, text),
        ]);

        Assert.Equal("obs/agent", $"{Assert.Single(result.Workloads).Namespace}/{result.Workloads[0].Name}");
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(path, skipped.File);
        Assert.Equal(kind, skipped.Kind);
        Assert.Contains(result.Diagnostics, d => d.Position?.File == path && d.Message.StartsWith("skipped: ", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(NotManifests))]
    public void Discover_NamedFileThatIsNotManifests_UsageErrorWithHowToRender(string path, string text, string kind)
    {
        var ex = Assert.Throws<GateUsageException>(() => WorkloadDiscovery.Discover([ManifestSource.FromText(path, text)]));

        Assert.Equal(path, ex.Position?.File);
        Assert.Contains(kind == SkippedFile.KustomizeFile ? "kubectl kustomize" : "helm template", ex.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Discover_NamedHelmTemplate_OneLineAtTheFirstTemplateAction()
    {
        var ex = Assert.Throws<GateUsageException>(() => WorkloadDiscovery.Discover([ManifestSource.FromText("chart/templates/ds.yaml", Template)]));

        Assert.Equal(
            "chart/templates/ds.yaml:4:9: looks like a Helm template (render it with `helm template`, then pass the rendered output)",
            ex.ToUserLine());
    }

    [Theory]
    [InlineData("rendered.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alerts\ndata:\n  slack.tmpl: |\n    {{ define \"slack.title\" }}{{ .Status }}{{ end }}\n")]
    [InlineData("values-not.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: values\n")]
    public void Discover_RenderedManifestWithTemplateText_KeptAsManifest(string path, string text)
    {
        var result = WorkloadDiscovery.Discover([FromFolder(path, text)]);

        Assert.Empty(result.Skipped);
        Assert.Equal("ConfigMap", Assert.Single(result.Manifests.Objects).Kind);
    }

    [Fact]
    public void Discover_FolderFileWithSyntaxErrorAndNoTemplate_StillAnError()
    {
        var ex = Assert.Throws<GateUsageException>(() => WorkloadDiscovery.Discover([FromFolder("deploy/bad.yaml", "a: [1, 2\n")]));

        Assert.Equal("deploy/bad.yaml", ex.Position?.File);
        Assert.DoesNotContain("Helm", ex.Message, StringComparison.Ordinal);
    }

    private static ManifestSource FromFolder(string path, string text) => ManifestSource.FromText(path, text) with { FromFolder = true };
}
