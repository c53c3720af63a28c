using Gate.Cli.Commands.Analyze;
using Gate.Core.Cost;
using Gate.Testing;
using YamlDotNet.RepresentationModel;

namespace Gate.Cli.Tests.Deploy;

/// <summary>
/// deploy/hook (the Kustomize base of <c>gate serve</c> for Argo Rollouts), rendered by the real
/// <c>kubectl kustomize</c> as <c>kubectl apply -k</c> renders it, and its overlays.
/// </summary>
public class HookManifestTests
{
    private const string Base = "deploy/hook";

    [Fact]
    public async Task Render_Base_HoldsEveryHookObjectInGateSystem()
    {
        var objects = await RenderAsync(Base);

        Assert.Equal(
            ["ConfigMap/gate-serve-", "Deployment/gate", "Namespace/gate-system", "NetworkPolicy/gate", "PodDisruptionBudget/gate", "Service/gate", "ServiceAccount/gate"],
            objects.Select(o => $"{S(o, "kind")}/{Name(o)}").Select(n => n.StartsWith("ConfigMap/gate-serve-", StringComparison.Ordinal) ? "ConfigMap/gate-serve-" : n).Order(StringComparer.Ordinal));
        Assert.All(objects.Where(o => S(o, "kind") != "Namespace"), o => Assert.Equal("gate-system", S(o, "metadata", "namespace")));
    }

    [Fact]
    public async Task Render_Deployment_TwoRestrictedReplicasProbedAndSpread()
    {
        var deployment = Single(await RenderAsync(Base), "Deployment");
        var pod = M(deployment, "spec", "template", "spec");
        var container = Container(deployment, "gate");

        Assert.Equal("2", S(deployment, "spec", "replicas"));
        Assert.Equal("true", S(pod, "securityContext", "runAsNonRoot"));
        Assert.NotEqual("0", S(pod, "securityContext", "runAsUser"));
        Assert.Equal("RuntimeDefault", S(pod, "securityContext", "seccompProfile", "type"));
        Assert.Equal("false", S(container, "securityContext", "allowPrivilegeEscalation"));
        Assert.Equal("true", S(container, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal(["ALL"], Seq(container, "securityContext", "capabilities", "drop").Select(n => ((YamlScalarNode)n).Value!));
        Assert.Equal("/healthz", S(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("/readyz", S(container, "readinessProbe", "httpGet", "path"));
        Assert.Contains(Seq(pod, "topologySpreadConstraints").Cast<YamlMappingNode>(), c => S(c, "topologyKey") == "kubernetes.io/hostname");
        Assert.All(["cpu", "memory"], r => Assert.NotNull(S(container, "resources", "requests", r)));
        Assert.NotNull(S(container, "resources", "limits", "memory"));
    }

    [Fact]
    public async Task Render_Token_MountedFromSecretAsFileNeverEnvironment()
    {
        var deployment = Single(await RenderAsync(Base), "Deployment");
        var container = Container(deployment, "gate");
        var args = Args(container);
        var tokenFile = args[args.IndexOf("--token-file") + 1];
        var volume = Seq(deployment, "spec", "template", "spec", "volumes").Cast<YamlMappingNode>().Single(v => S(v, "secret", "secretName") == "gate-serve-token");
        var mount = Seq(container, "volumeMounts").Cast<YamlMappingNode>().Single(m => S(m, "name") == S(volume, "name"));

        Assert.Equal(S(mount, "mountPath") + "/" + S((YamlMappingNode)Seq(volume, "secret", "items")[0], "path"), tokenFile);
        Assert.Equal("token", S((YamlMappingNode)Seq(volume, "secret", "items")[0], "key"));
        Assert.DoesNotContain(Env(container), e => S(e, "name") == "GATE_SERVE_TOKEN" || S(e, "valueFrom", "secretKeyRef", "name") is not null);
    }

    [Fact]
    public async Task Render_PrometheusUrl_ReadFromTheRenderedConfigMap()
    {
        var objects = await RenderAsync(Base);
        var config = Single(objects, "ConfigMap");
        var env = Env(Container(Single(objects, "Deployment"), "gate")).Single(e => S(e, "name") == "GATE_PROMETHEUS_URL");

        Assert.Equal(Name(config), S(env, "valueFrom", "configMapKeyRef", "name"));
        Assert.StartsWith("http", S(config, "data", S(env, "valueFrom", "configMapKeyRef", "key")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_Service_IsTheAddressTheWebAnalysisTemplateCalls()
    {
        var objects = await RenderAsync(Base);
        var url = WebTemplateUrl();
        var service = Single(objects, "Service");
        var deployment = Single(objects, "Deployment");
        var port = Seq(service, "spec", "ports").Cast<YamlMappingNode>().Single();
        var containerPort = Seq(Container(deployment, "gate"), "ports").Cast<YamlMappingNode>().Single(p => S(p, "name") == S(port, "targetPort"));
        var args = Args(Container(deployment, "gate"));

        Assert.Equal($"{Name(service)}.{S(service, "metadata", "namespace")}.svc", url.Host);
        Assert.Equal(url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), S(port, "port"));
        Assert.Equal(ServeHandler.ParseListen(args[args.IndexOf("--listen") + 1]).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), S(containerPort, "containerPort"));
        Assert.Equal(Labels(M(deployment, "spec", "template", "metadata", "labels")), Labels(M(service, "spec", "selector")));
    }

    [Fact]
    public async Task Render_DeploymentArgs_AreOptionsGateServeHelpLists()
    {
        var help = await GateRun.RunAsync("serve", "--help");
        var args = Args(Container(Single(await RenderAsync(Base), "Deployment"), "gate"));

        Assert.Equal(0, help.ExitCode);
        Assert.Equal("serve", args[0]);
        Assert.All(args.Where(a => a.StartsWith("--", StringComparison.Ordinal)), a => Assert.Contains("  " + a + " ", help.Output, StringComparison.Ordinal));
        Assert.DoesNotContain("  --no-such-option ", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_NetworkPolicy_AdmitsOnlyTheArgoRolloutsNamespace()
    {
        var objects = await RenderAsync(Base);
        var policy = Single(objects, "NetworkPolicy");
        var rule = (YamlMappingNode)Seq(policy, "spec", "ingress").Single();
        var from = (YamlMappingNode)Seq(rule, "from").Single();

        Assert.Equal(["Ingress"], Seq(policy, "spec", "policyTypes").Select(n => ((YamlScalarNode)n).Value!));
        Assert.Equal(Labels(M(Single(objects, "Deployment"), "spec", "template", "metadata", "labels")), Labels(M(policy, "spec", "podSelector", "matchLabels")));
        Assert.Equal(["namespaceSelector"], from.Children.Keys.Select(k => ((YamlScalarNode)k).Value!));
        Assert.Equal("argo-rollouts", S(from, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"));
        Assert.Equal("http", S((YamlMappingNode)Seq(rule, "ports").Single(), "port"));
    }

    [Fact]
    public async Task Render_PodDisruptionBudget_KeepsOneOfTheReplicas()
    {
        var objects = await RenderAsync(Base);
        var budget = Single(objects, "PodDisruptionBudget");

        Assert.Equal("1", S(budget, "spec", "minAvailable"));
        Assert.Equal(Labels(M(Single(objects, "Deployment"), "spec", "template", "metadata", "labels")), Labels(M(budget, "spec", "selector", "matchLabels")));
    }

    [Fact]
    public async Task ShippedFlowSchema_CoversTheHookServiceAccount()
    {
        var deployment = Single(await RenderAsync(Base), "Deployment");
        var flow = Load(File.ReadAllText(RepoPaths.InRepo("deploy", "gate-flowcontrol.yaml"))).Single(o => S(o, "kind") == "FlowSchema");
        var subjects = Seq(flow, "spec", "rules").Cast<YamlMappingNode>().SelectMany(r => Seq(r, "subjects").Cast<YamlMappingNode>());

        Assert.Contains(subjects, s => S(s, "kind") == "ServiceAccount"
            && S(s, "serviceAccount", "name") == S(deployment, "spec", "template", "spec", "serviceAccountName")
            && S(s, "serviceAccount", "namespace") == S(deployment, "metadata", "namespace"));
    }

    [Fact]
    public async Task PlainManifest_Shipped_IsTheRenderedBase()
    {
        var rendered = await Kubectl.RunAsync("kustomize", Base);
        var shipped = File.ReadAllLines(RepoPaths.InRepo("deploy", "gate-hook.yaml")).SkipWhile(l => l.StartsWith('#'));

        Assert.Equal(rendered.TrimEnd('\n').Split('\n'), shipped);
    }

    [Fact]
    public async Task Render_PrometheusUrlOverlay_ChangesTheUrlTheDeploymentReads()
    {
        var basic = await RenderAsync(Base);
        var overlay = await RenderAsync("deploy/hook-overlays/prometheus-url");
        var config = Single(overlay, "ConfigMap");

        Assert.NotEqual(S(Single(basic, "ConfigMap"), "data", "prometheus-url"), S(config, "data", "prometheus-url"));
        Assert.Equal(Name(config), S(Env(Container(Single(overlay, "Deployment"), "gate")).Single(e => S(e, "name") == "GATE_PROMETHEUS_URL"), "valueFrom", "configMapKeyRef", "name"));
    }

    [Fact]
    public async Task Render_ImageOverlay_SetsRegistryAndTag()
    {
        var basic = Container(Single(await RenderAsync(Base), "Deployment"), "gate");
        var overlay = Container(Single(await RenderAsync("deploy/hook-overlays/image"), "Deployment"), "gate");

        Assert.Equal("gate:0.1.0", S(basic, "image"));
        Assert.Equal("ghcr.io/my-org/gate:0.1.0", S(overlay, "image"));
    }

    [Fact]
    public async Task Render_TlsOverlay_ExposesOnlyTheTlsPort()
    {
        var objects = await RenderAsync("deploy/hook-overlays/tls");
        var deployment = Single(objects, "Deployment");
        var gate = Container(deployment, "gate");
        var tls = Container(deployment, "tls");
        var args = Args(gate);
        var servicePort = (YamlMappingNode)Seq(Single(objects, "Service"), "spec", "ports").Single();

        Assert.True(System.Net.IPAddress.IsLoopback(ServeHandler.ParseListen(args[args.IndexOf("--listen") + 1]).Address));
        Assert.Contains("--target=" + args[args.IndexOf("--listen") + 1], Args(tls));
        Assert.Equal("8443 https", $"{S(servicePort, "port")} {S(servicePort, "targetPort")}");
        Assert.Equal("https", S((YamlMappingNode)Seq(tls, "ports").Single(), "name"));
        Assert.Equal("https", S((YamlMappingNode)Seq((YamlMappingNode)Seq(Single(objects, "NetworkPolicy"), "spec", "ingress").Single(), "ports").Single(), "port"));
        Assert.All(new[] { "livenessProbe", "readinessProbe" }, p => Assert.Equal("8443 HTTPS", $"{S(gate, p, "httpGet", "port")} {S(gate, p, "httpGet", "scheme")}"));
        Assert.Equal("false", S(tls, "securityContext", "allowPrivilegeEscalation"));
        Assert.Equal("true", S(tls, "securityContext", "readOnlyRootFilesystem"));
    }

    public static TheoryData<string> Profiles() => [.. ClusterProfiles.Names];

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Check_HookAtEveryBuiltInProfile_Passes(string profile)
    {
        var result = await InProcessGate.RunAsync(["check", Base, "--profile", profile, "--format", "json"], workingDirectory: RepoPaths.Root);
        using var report = System.Text.Json.JsonDocument.Parse(result.Output);
        var workload = report.RootElement.GetProperty("estimate").GetProperty("workloads").EnumerateArray().Single();

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.True(report.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal("gate-system/gate", $"{workload.GetProperty("namespace").GetString()}/{workload.GetProperty("name").GetString()}");
        Assert.Equal("declared", workload.GetProperty("patternSource").GetString());
    }

    private static async Task<List<YamlMappingNode>> RenderAsync(string path) => Load(await Kubectl.RunAsync("kustomize", path));

    private static List<YamlMappingNode> Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static Uri WebTemplateUrl()
    {
        var template = Load(File.ReadAllText(RepoPaths.InRepo("policies", "examples", "argo", "analysis-template-web.yaml"))).Single();
        return new Uri(S((YamlMappingNode)Seq(template, "spec", "metrics")[0], "provider", "web", "url")!);
    }

    private static YamlMappingNode Single(List<YamlMappingNode> objects, string kind) => objects.Single(o => S(o, "kind") == kind);

    private static string? Name(YamlMappingNode o) => S(o, "metadata", "name");

    private static YamlMappingNode Container(YamlMappingNode deployment, string name) =>
        Seq(deployment, "spec", "template", "spec", "containers").Cast<YamlMappingNode>().Single(c => S(c, "name") == name);

    private static List<string> Args(YamlMappingNode container) => Seq(container, "args").Select(a => ((YamlScalarNode)a).Value!).ToList();

    private static IEnumerable<YamlMappingNode> Env(YamlMappingNode container) => Seq(container, "env").Cast<YamlMappingNode>();

    private static SortedDictionary<string, string?> Labels(YamlMappingNode map) =>
        new(map.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value), StringComparer.Ordinal);

    private static YamlNode? Node(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    private static string? S(YamlMappingNode node, params string[] path) => (Node(node, path) as YamlScalarNode)?.Value;

    private static YamlMappingNode M(YamlMappingNode node, params string[] path) => (YamlMappingNode)Node(node, path)!;

    private static YamlSequenceNode Seq(YamlMappingNode node, params string[] path) => (YamlSequenceNode)Node(node, path)!;
}
