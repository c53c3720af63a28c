using Gate.Analyzers.Tests.Verifiers;
using Verify = Gate.Analyzers.Tests.Verifiers.GateVerifier<Gate.Analyzers.Rules.ClusterWideListWithoutLimitAnalyzer>;

namespace Gate.Analyzers.Tests.Rules;

public sealed class ClusterWideListWithoutLimitAnalyzerTests
{
    [Theory]
    [InlineData("await client.CoreV1.[|ListPodForAllNamespacesAsync|]();")]
    [InlineData("await client.CoreV1.[|ListNodeAsync|](resourceVersion: \"0\");")]
    [InlineData("await client.CoreV1.[|ListNamespaceAsync|](limit: null);")]
    [InlineData("await client.AppsV1.[|ListDaemonSetForAllNamespacesAsync|](fieldSelector: \"metadata.name=x\");")]
    [InlineData("await client.CoreV1.[|ListPodForAllNamespacesWithHttpMessagesAsync|](watch: false);")]
    public Task ClusterWideList_WithoutLimit_Reports(string body) => Verify.VerifyAnalyzerAsync(AgentSource.Method(body));

    [Theory]
    [InlineData("await client.CoreV1.ListPodForAllNamespacesAsync(limit: 500);")]
    [InlineData("int? pageSize = 250;\nawait client.CoreV1.ListNodeAsync(limit: pageSize);")]
    [InlineData("await client.CoreV1.ListNamespacedPodAsync(\"default\");")]
    [InlineData("await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: \"spec.nodeName=\" + Environment.MachineName);")]
    [InlineData("await client.CoreV1.ListNodeAsync(fieldSelector: \"metadata.name=\" + Environment.MachineName);")]
    [InlineData("await foreach (var (type, pod) in client.CoreV1.WatchListPodForAllNamespacesAsync()) { }")]
    [InlineData("await client.CoreV1.ListPodForAllNamespacesWithHttpMessagesAsync(watch: true);")]
    public Task List_PaginatedNamespacedOrNodeScoped_DoesNotReport(string body) => Verify.VerifyAnalyzerAsync(AgentSource.Method(body));

    [Fact]
    public Task ClusterWideList_Message_NamesResource() => Verify.VerifyAnalyzerAsync(
        AgentSource.Method("await client.CoreV1.{|#0:ListNamespaceAsync|}();"),
        Verify.Diagnostic().WithLocation(0).WithArguments("ListNamespaceAsync", "Namespace"));
}
