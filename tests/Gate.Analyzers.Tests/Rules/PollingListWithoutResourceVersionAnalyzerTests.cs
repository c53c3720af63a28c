using Gate.Analyzers.CodeFixes;
using Gate.Analyzers.Tests.Verifiers;
using Verify = Gate.Analyzers.Tests.Verifiers.GateVerifier<Gate.Analyzers.Rules.PollingListWithoutResourceVersionAnalyzer>;

namespace Gate.Analyzers.Tests.Rules;

public sealed class PollingListWithoutResourceVersionAnalyzerTests
{
    [Theory]
    [InlineData("while (!ct.IsCancellationRequested)\n{\n    await client.CoreV1.[|ListNamespacedPodAsync|](\"default\", cancellationToken: ct);\n}")]
    [InlineData("while (true)\n{\n    await client.CoreV1.[|ListNodeAsync|](resourceVersion: null);\n}")]
    [InlineData("using var timer = new Timer(_ => client.CoreV1.[|ListNamespacedPod|](\"default\"), null, 0, 30_000);")]
    public Task PollingList_WithoutResourceVersion_Reports(string body) => Verify.VerifyAnalyzerAsync(AgentSource.Method(body));

    [Theory]
    [InlineData("while (true)\n{\n    await client.CoreV1.ListNodeAsync(resourceVersion: \"0\");\n}")]
    [InlineData("var rv = \"12345\";\nwhile (true)\n{\n    await client.CoreV1.ListNodeAsync(resourceVersion: rv, resourceVersionMatch: \"NotOlderThan\");\n}")]
    [InlineData("await client.CoreV1.ListNodeAsync();")]
    [InlineData("string? next = null;\nwhile (true)\n{\n    var page = await client.CoreV1.ListNodeAsync(limit: 500, continueParameter: next);\n    next = page.Metadata.ContinueProperty;\n}")]
    [InlineData("while (true)\n{\n    await foreach (var (type, node) in client.CoreV1.WatchListNodeAsync()) { }\n}")]
    public Task List_NotPollingOrWithResourceVersion_DoesNotReport(string body) => Verify.VerifyAnalyzerAsync(AgentSource.Method(body));

    [Fact]
    public Task Fix_Missing_AddsResourceVersionZero() => Verify.VerifyFixAsync<ResourceVersionZeroFixer>(
        AgentSource.Method("while (true)\n{\n    await client.CoreV1.[|ListNamespacedPodAsync|](\"default\", cancellationToken: ct);\n}"),
        AgentSource.Method("while (true)\n{\n    await client.CoreV1.ListNamespacedPodAsync(\"default\", cancellationToken: ct, resourceVersion: \"0\");\n}"));

    [Fact]
    public Task Fix_Null_ReplacesWithZero() => Verify.VerifyFixAsync<ResourceVersionZeroFixer>(
        AgentSource.Method("while (true)\n{\n    await client.CoreV1.[|ListNodeAsync|](resourceVersion: null, limit: 100);\n}"),
        AgentSource.Method("while (true)\n{\n    await client.CoreV1.ListNodeAsync(resourceVersion: \"0\", limit: 100);\n}"));

    [Fact]
    public Task Fix_InTimerCallback_AddsResourceVersionZero() => Verify.VerifyFixAsync<ResourceVersionZeroFixer>(
        AgentSource.Method("using var timer = new Timer(_ => client.CoreV1.[|ListNamespacedPod|](\"default\"), null, 0, 30_000);"),
        AgentSource.Method("using var timer = new Timer(_ => client.CoreV1.ListNamespacedPod(\"default\", resourceVersion: \"0\"), null, 0, 30_000);"));
}
