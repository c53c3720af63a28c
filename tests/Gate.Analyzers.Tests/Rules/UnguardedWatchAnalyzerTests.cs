using Gate.Analyzers.CodeFixes;
using Gate.Analyzers.Tests.Verifiers;
using Verify = Gate.Analyzers.Tests.Verifiers.GateVerifier<Gate.Analyzers.Rules.UnguardedWatchAnalyzer>;

namespace Gate.Analyzers.Tests.Rules;

public sealed class UnguardedWatchAnalyzerTests
{
    private const string GoneHandler = "\n    private static bool IsGone(k8s.Autorest.HttpOperationException e) => e.Response.StatusCode == HttpStatusCode.Gone;";

    [Theory]
    [InlineData("await foreach (var (type, pod) in client.CoreV1.[|WatchListNamespacedPodAsync|](\"default\")) { }")]
    [InlineData("using var watcher = client.CoreV1.[|WatchListNode|](onEvent: (type, node) => { });")]
    [InlineData("var response = client.CoreV1.[|ListNamespacedPodWithHttpMessagesAsync|](\"default\", watch: true);")]
    [InlineData("await foreach (var (type, pod) in client.CoreV1.[|WatchListNamespacedPodAsync|](\"default\", timeoutSeconds: 300, allowWatchBookmarks: false)) { }\n_ = HttpStatusCode.Gone;")]
    [InlineData("await foreach (var (type, pod) in client.CoreV1.[|WatchListNamespacedPodAsync|](\"default\", timeoutSeconds: 300, allowWatchBookmarks: true)) { }")]
    public Task Watch_Unguarded_Reports(string body) => Verify.VerifyAnalyzerAsync(AgentSource.Method(body));

    [Theory]
    [InlineData("try\n{\n    await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync(\"default\", timeoutSeconds: 300, allowWatchBookmarks: true)) { }\n}\ncatch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)\n{\n}")]
    [InlineData("var bookmarks = true;\nawait foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync(\"default\", timeoutSeconds: 300, allowWatchBookmarks: bookmarks, onError: e => { if (e is k8s.Autorest.HttpOperationException { Response.StatusCode: (HttpStatusCode)410 }) { } })) { }")]
    [InlineData("await client.CoreV1.ListNamespacedPodAsync(\"default\");")]
    [InlineData("await client.CoreV1.ListNamespacedPodWithHttpMessagesAsync(\"default\", watch: false);")]
    public Task Watch_GuardedOrList_DoesNotReport(string body) => Verify.VerifyAnalyzerAsync(AgentSource.Method(body));

    [Fact]
    public Task Watch_NothingGuarded_MessageListsAllThree() => Verify.VerifyAnalyzerAsync(
        AgentSource.Method("await foreach (var (type, pod) in client.CoreV1.{|#0:WatchListNamespacedPodAsync|}(\"default\")) { }"),
        Verify.Diagnostic().WithLocation(0).WithArguments(
            "WatchListNamespacedPodAsync",
            "timeoutSeconds, allowWatchBookmarks: true, 410 Gone handling (HttpStatusCode.Gone) in the enclosing type"));

    [Fact]
    public Task Fix_GoneHandledElsewhereInMember_AddsTimeoutAndBookmarks() => Verify.VerifyFixAsync<WatchGuardFixer>(
        AgentSource.Method("try\n{\n    await foreach (var (type, pod) in client.CoreV1.[|WatchListNamespacedPodAsync|](\"default\", cancellationToken: ct)) { }\n}\ncatch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)\n{\n}"),
        AgentSource.Method("try\n{\n    await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync(\"default\", cancellationToken: ct, timeoutSeconds: Random.Shared.Next(300, 600), allowWatchBookmarks: true)) { }\n}\ncatch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)\n{\n}"));

    [Fact]
    public Task Watch_GoneHandledByHelperInSameType_DoesNotReport() => Verify.VerifyAnalyzerAsync(AgentSource.Method(
        "await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync(\"default\", timeoutSeconds: 300, allowWatchBookmarks: true)) { }",
        GoneHandler));

    [Fact]
    public Task Watch_GoneHandledInAnotherType_Reports() => Verify.VerifyAnalyzerAsync(AgentSource.Method(
        "await foreach (var (type, pod) in client.CoreV1.[|WatchListNamespacedPodAsync|](\"default\", timeoutSeconds: 300, allowWatchBookmarks: true)) { }",
        "}\n\ninternal static class Other\n{" + GoneHandler));

    [Fact]
    public Task Fix_GoneNotHandled_AddsArgumentsAndDiagnosticRemains() => Verify.VerifyFixAsync<WatchGuardFixer>(
        AgentSource.Method("var watch = client.CoreV1.[|WatchListNodeAsync|](allowWatchBookmarks: false);", GoneHandler.Replace("Gone", "NotFound", StringComparison.Ordinal)),
        AgentSource.Method("var watch = client.CoreV1.{|#0:WatchListNodeAsync|}(allowWatchBookmarks: true, timeoutSeconds: Random.Shared.Next(300, 600));", GoneHandler.Replace("Gone", "NotFound", StringComparison.Ordinal)),
        Verify.Diagnostic().WithLocation(0).WithArguments("WatchListNodeAsync", "410 Gone handling (HttpStatusCode.Gone) in the enclosing type"));

    [Fact]
    public Task Fix_OnlyGoneMissing_OffersNothing() => Verify.VerifyNoFixAsync<WatchGuardFixer>(
        AgentSource.Method("var watch = client.CoreV1.[|WatchListNodeAsync|](allowWatchBookmarks: true, timeoutSeconds: 300);"));
}
