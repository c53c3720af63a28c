using Gate.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Verify = Gate.Analyzers.Tests.Verifiers.GateVerifier<Gate.Analyzers.Rules.ClusterWideListWithoutNodeSelectorAnalyzer>;

namespace Gate.Analyzers.Tests;

public sealed class EditorConfigSeverityTests
{
    private static readonly string Source = AgentSource.Method("await client.CoreV1.{|#0:ListPodForAllNamespacesAsync|}();");

    [Theory]
    [InlineData("dotnet_diagnostic.GATE0001.severity = suggestion", DiagnosticSeverity.Info)]
    [InlineData("dotnet_diagnostic.GATE0001.severity = warning", DiagnosticSeverity.Warning)]
    [InlineData("dotnet_diagnostic.GATE0002.severity = suggestion", DiagnosticSeverity.Warning)]
    public Task EditorConfig_Severity_AppliesToRule(string setting, DiagnosticSeverity expected) =>
        Verify.VerifyWithEditorConfigAsync(
            Source,
            setting,
            Verify.Diagnostic().WithLocation(0).WithSeverity(expected).WithArguments(
                "ListPodForAllNamespacesAsync",
                "Pod",
                "add fieldSelector \"spec.nodeName=<this node>\" from the NODE_NAME environment variable"));

    [Fact]
    public Task EditorConfig_SeverityNone_SilencesRule() =>
        Verify.VerifyWithEditorConfigAsync(
            Source.Replace("{|#0:", string.Empty, StringComparison.Ordinal).Replace("|}", string.Empty, StringComparison.Ordinal),
            "dotnet_diagnostic.GATE0001.severity = none");
}
