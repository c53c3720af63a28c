using Gate.Analyzers.CodeFixes;
using Gate.Analyzers.Rules;
using Gate.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.CSharp;
using Verify = Gate.Analyzers.Tests.Verifiers.GateVerifier<Gate.Analyzers.Rules.ClusterWideListWithoutNodeSelectorAnalyzer>;

namespace Gate.Analyzers.Tests.Rules;

public sealed class ClusterWideListWithoutNodeSelectorAnalyzerTests
{
    [Theory]
    [InlineData("await client.CoreV1.[|ListPodForAllNamespacesAsync|](cancellationToken: ct);")]
    [InlineData("client.CoreV1.[|ListPodForAllNamespaces|]();")]
    [InlineData("await client.CoreV1.[|ListNodeAsync|]();")]
    [InlineData("await client.CoreV1.[|ListEndpointsForAllNamespacesAsync|]();")]
    [InlineData("await client.DiscoveryV1.[|ListEndpointSliceForAllNamespacesAsync|]();")]
    [InlineData("await client.CoreV1.[|ListPodForAllNamespacesAsync|](fieldSelector: \"status.phase=Running\");")]
    [InlineData("await client.CoreV1.[|ListPodForAllNamespacesAsync|](fieldSelector: null);")]
    [InlineData("await client.CoreV1.[|ListPodForAllNamespacesAsync|](fieldSelector: \"spec.nodeName!=\" + Environment.MachineName);")]
    [InlineData("await client.CoreV1.[|ListPodForAllNamespacesWithHttpMessagesAsync|](watch: true);")]
    [InlineData("await foreach (var (type, pod) in client.CoreV1.[|WatchListPodForAllNamespacesAsync|](cancellationToken: ct)) { }")]
    [InlineData("await client.CoreV1.[|ListNodeAsync|](fieldSelector: $\"spec.nodeName={Environment.MachineName}\");")]
    public Task ClusterWideRead_WithoutNodeSelector_Reports(string body) => Verify.VerifyAnalyzerAsync(AgentSource.Method(body));

    [Theory]
    [InlineData("await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: $\"spec.nodeName={Environment.GetEnvironmentVariable(\"NODE_NAME\")}\");")]
    [InlineData("await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: \"status.phase=Running,spec.nodeName=\" + Environment.MachineName);")]
    [InlineData("await client.CoreV1.ListNodeAsync(fieldSelector: \"metadata.name=\" + Environment.MachineName);")]
    [InlineData("var selector = Environment.GetEnvironmentVariable(\"SELECTOR\"); await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: selector);")]
    [InlineData("await client.CoreV1.ListEndpointsForAllNamespacesAsync(labelSelector: \"app=dns\");")]
    [InlineData("await client.CoreV1.ListNamespacedPodAsync(\"kube-system\");")]
    [InlineData("await client.CoreV1.ListNamespaceAsync();")]
    [InlineData("await client.AppsV1.ListDaemonSetForAllNamespacesAsync();")]
    [InlineData("await client.CoreV1.ReadNodeAsync(\"node-1\");")]
    public Task Read_NodeScopedOrNotPerNode_DoesNotReport(string body) => Verify.VerifyAnalyzerAsync(AgentSource.Method(body));

    [Fact]
    public Task SameNamedMethod_OutsideKubernetesClient_DoesNotReport() => Verify.VerifyAnalyzerAsync(AgentSource.Method(
        "await ListPodForAllNamespacesAsync();",
        "    private static Task ListPodForAllNamespacesAsync(string? fieldSelector = null, int? limit = null) => Task.CompletedTask;"));

    [Fact]
    public Task ClusterWidePods_Message_NamesCallAndAdvice() => Verify.VerifyAnalyzerAsync(
        AgentSource.Method("await client.CoreV1.{|#0:ListPodForAllNamespacesAsync|}();"),
        Verify.Diagnostic().WithLocation(0).WithArguments(
            "ListPodForAllNamespacesAsync",
            "Pod",
            "add fieldSelector \"spec.nodeName=<this node>\" from the NODE_NAME environment variable"));

    [Fact]
    public Task Fix_NoSelector_AddsNodeNameSelector() => Verify.VerifyFixAsync<NodeSelectorFixer>(
        AgentSource.Method("await client.CoreV1.[|ListPodForAllNamespacesAsync|](cancellationToken: ct);"),
        AgentSource.Method("await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct, fieldSelector: $\"spec.nodeName={Environment.GetEnvironmentVariable(\"NODE_NAME\")}\");"));

    [Fact]
    public Task Fix_NoArguments_AddsNamedSelector() => Verify.VerifyFixAsync<NodeSelectorFixer>(
        AgentSource.Method("var watch = client.CoreV1.[|WatchListPodForAllNamespacesAsync|]();"),
        AgentSource.Method("var watch = client.CoreV1.WatchListPodForAllNamespacesAsync(fieldSelector: $\"spec.nodeName={Environment.GetEnvironmentVariable(\"NODE_NAME\")}\");"));

    [Fact]
    public Task Fix_LiteralSelector_KeepsItAfterNodeName() => Verify.VerifyFixAsync<NodeSelectorFixer>(
        AgentSource.Method("await client.CoreV1.[|ListPodForAllNamespacesAsync|](fieldSelector: \"status.phase=Running\");"),
        AgentSource.Method("await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: $\"spec.nodeName={Environment.GetEnvironmentVariable(\"NODE_NAME\")},status.phase=Running\");"));

    [Fact]
    public Task Fix_InterpolatedSelector_KeepsItInAHole() => Verify.VerifyFixAsync<NodeSelectorFixer>(
        AgentSource.Method("var phase = \"Running\";\nawait client.CoreV1.[|ListPodForAllNamespacesAsync|](null, null, $\"status.phase={phase}\");"),
        AgentSource.Method("var phase = \"Running\";\nawait client.CoreV1.ListPodForAllNamespacesAsync(null, null, $\"spec.nodeName={Environment.GetEnvironmentVariable(\"NODE_NAME\")},{$\"status.phase={phase}\"}\");"));

    [Fact]
    public Task Fix_NullSelector_Replaces() => Verify.VerifyFixAsync<NodeSelectorFixer>(
        AgentSource.Method("await client.CoreV1.[|ListPodForAllNamespacesAsync|](fieldSelector: null, limit: 500);"),
        AgentSource.Method("await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: $\"spec.nodeName={Environment.GetEnvironmentVariable(\"NODE_NAME\")}\", limit: 500);"));

    [Fact]
    public Task Fix_Nodes_SelectsMetadataName() => Verify.VerifyFixAsync<NodeSelectorFixer>(
        AgentSource.Method("await client.CoreV1.[|ListNodeAsync|]();"),
        AgentSource.Method("await client.CoreV1.ListNodeAsync(fieldSelector: $\"metadata.name={Environment.GetEnvironmentVariable(\"NODE_NAME\")}\");"));

    [Fact]
    public Task Fix_CSharp10_Concatenates() => Verify.VerifyFixAsync<NodeSelectorFixer>(
        AgentSource.Method("await client.CoreV1.[|ListPodForAllNamespacesAsync|](fieldSelector: \"status.phase=Running\");"),
        AgentSource.Method("await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: \"spec.nodeName=\" + Environment.GetEnvironmentVariable(\"NODE_NAME\") + \",status.phase=Running\");"),
        LanguageVersion.CSharp10);

    [Fact]
    public Task Fix_NoUsingSystem_QualifiesEnvironment() => Verify.VerifyFixAsync<NodeSelectorFixer>(
        AgentSource.Method("await client.CoreV1.[|ListNodeAsync|]();").Replace("using System;\n", string.Empty, StringComparison.Ordinal),
        AgentSource.Method("await client.CoreV1.ListNodeAsync(fieldSelector: $\"metadata.name={System.Environment.GetEnvironmentVariable(\"NODE_NAME\")}\");").Replace("using System;\n", string.Empty, StringComparison.Ordinal));

    [Fact]
    public Task Fix_Endpoints_OffersNothing() => Verify.VerifyNoFixAsync<NodeSelectorFixer>(
        AgentSource.Method("await client.CoreV1.[|ListEndpointsForAllNamespacesAsync|]();"));
}
