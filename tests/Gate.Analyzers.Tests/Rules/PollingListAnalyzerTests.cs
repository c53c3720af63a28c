using Gate.Analyzers.Tests.Verifiers;
using Verify = Gate.Analyzers.Tests.Verifiers.GateVerifier<Gate.Analyzers.Rules.PollingListAnalyzer>;

namespace Gate.Analyzers.Tests.Rules;

public sealed class PollingListAnalyzerTests
{
    [Theory]
    [InlineData("while (!ct.IsCancellationRequested)\n{\n    await client.CoreV1.[|ListNamespacedPodAsync|](\"default\", cancellationToken: ct);\n    await Task.Delay(1000, ct);\n}")]
    [InlineData("do\n{\n    client.CoreV1.[|ListNode|]();\n}\nwhile (!ct.IsCancellationRequested);")]
    [InlineData("for (;;)\n{\n    await client.CoreV1.[|ListPodForAllNamespacesAsync|](resourceVersion: \"0\");\n}")]
    [InlineData("using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));\nwhile (await timer.WaitForNextTickAsync(ct))\n{\n    await client.CoreV1.[|ListNamespacedConfigMapAsync|](\"agent\");\n}")]
    [InlineData("using var timer = new Timer(_ => client.CoreV1.[|ListNamespacedPod|](\"default\"), null, 0, 30_000);")]
    [InlineData("using var timer = new System.Timers.Timer(30_000);\ntimer.Elapsed += async (_, _) => await client.CoreV1.[|ListNodeAsync|]();")]
    [InlineData("while (true)\n{\n    string? next = null;\n    do\n    {\n        var page = await client.CoreV1.[|ListNodeAsync|](limit: 500, continueParameter: next);\n        next = page.Metadata.ContinueProperty;\n    }\n    while (next is not null);\n}")]
    public Task List_RunsRepeatedly_Reports(string body) => Verify.VerifyAnalyzerAsync(AgentSource.Method(body));

    [Theory]
    [InlineData("await client.CoreV1.ListNamespacedPodAsync(\"default\");")]
    [InlineData("foreach (var ns in new[] { \"a\", \"b\" })\n{\n    await client.CoreV1.ListNamespacedPodAsync(ns);\n}")]
    [InlineData("for (var attempt = 0; attempt < 3; attempt++)\n{\n    await client.CoreV1.ListNodeAsync();\n}")]
    [InlineData("string? next = null;\ndo\n{\n    var page = await client.CoreV1.ListNodeAsync(limit: 500, continueParameter: next);\n    next = page.Metadata.ContinueProperty;\n}\nwhile (next is not null);")]
    [InlineData("while (!ct.IsCancellationRequested)\n{\n    await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync(\"default\", cancellationToken: ct)) { }\n}")]
    [InlineData("while (!ct.IsCancellationRequested)\n{\n    await client.CoreV1.ReadNodeAsync(\"node-1\");\n}")]
    [InlineData("Func<Task> list = () => client.CoreV1.ListNodeAsync();\nawait list();")]
    [InlineData("while (!ct.IsCancellationRequested)\n{\n    try\n    {\n        await Task.Delay(1000, ct);\n    }\n    catch (KubernetesException)\n    {\n        await client.CoreV1.ListNodeAsync();\n    }\n}")]
    public Task List_RunsOnce_DoesNotReport(string body) => Verify.VerifyAnalyzerAsync(AgentSource.Method(body));

    [Fact]
    public Task TimerCallback_Message_SaysTimer() => Verify.VerifyAnalyzerAsync(
        AgentSource.Method("using var timer = new Timer(_ => client.CoreV1.{|#0:ListNode|}(), null, 0, 30_000);"),
        Verify.Diagnostic().WithLocation(0).WithArguments("ListNode", "Node", "timer tick"));

    [Fact]
    public Task Loop_Message_SaysLoop() => Verify.VerifyAnalyzerAsync(
        AgentSource.Method("while (true)\n{\n    client.CoreV1.{|#0:ListNode|}();\n}"),
        Verify.Diagnostic().WithLocation(0).WithArguments("ListNode", "Node", "loop iteration"));
}
