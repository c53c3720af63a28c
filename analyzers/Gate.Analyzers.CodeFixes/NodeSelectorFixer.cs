using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using Gate.Analyzers.Kubernetes;
using Gate.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Gate.Analyzers.CodeFixes;

/// <summary>
/// GATE0001 fix: selects the agent's own node with
/// <c>fieldSelector: $"spec.nodeName={Environment.GetEnvironmentVariable("NODE_NAME")}"</c> (<c>metadata.name</c> for
/// nodes), keeping a selector already passed after a comma.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NodeSelectorFixer)), Shared]
public sealed class NodeSelectorFixer : ArgumentFixer
{
    /// <summary>The environment variable a DaemonSet sets from the downward API (<c>spec.nodeName</c>).</summary>
    public const string NodeNameVariable = "NODE_NAME";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => Ids(RuleIdentifiers.ClusterWideListWithoutNodeSelector);

    /// <inheritdoc/>
    protected override string Title => "Select this node from the NODE_NAME environment variable";

    /// <inheritdoc/>
    protected override IReadOnlyList<NamedArgument> GetArguments(Diagnostic diagnostic, IInvocationOperation operation, Compilation compilation)
    {
        if (diagnostic is null
            || !diagnostic.Properties.TryGetValue(ClusterWideListWithoutNodeSelectorAnalyzer.SelectorFieldProperty, out var field)
            || field is null)
        {
            return [];
        }

        var nodeName = $"{TypeName(operation, "System.Environment")}.GetEnvironmentVariable(\"{NodeNameVariable}\")";
        var existing = FindArgument(operation, KubernetesCall.Parameters.FieldSelector)?.Expression;
        var text = AllowsQuotesInInterpolation(operation)
            ? Interpolated(field, nodeName, existing)
            : Concatenated(field, nodeName, existing);
        return [new NamedArgument(KubernetesCall.Parameters.FieldSelector, Parse(text, operation))];
    }

    private static string Interpolated(string field, string nodeName, ExpressionSyntax? existing)
    {
        var rest = existing switch
        {
            null or LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } => string.Empty,
            LiteralExpressionSyntax { Token.Value: string text } => text.Length == 0 ? string.Empty : "," + EscapeForInterpolation(text),
            _ => ",{" + Operand(existing) + "}",
        };
        return "$\"" + field + "={" + nodeName + "}" + rest + "\"";
    }

    private static string Concatenated(string field, string nodeName, ExpressionSyntax? existing)
    {
        var rest = existing switch
        {
            null or LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } => string.Empty,
            LiteralExpressionSyntax { Token.Value: string text } => text.Length == 0 ? string.Empty : " + " + SymbolDisplay.FormatLiteral("," + text, quote: true),
            _ => " + \",\" + " + Operand(existing),
        };
        return "\"" + field + "=\" + " + nodeName + rest;
    }

    private static string Operand(ExpressionSyntax expression)
    {
        var text = expression.WithoutTrivia().ToFullString();
        return expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or InterpolatedStringExpressionSyntax
            ? text
            : "(" + text + ")";
    }

    private static string EscapeForInterpolation(string text)
    {
        var quoted = SymbolDisplay.FormatLiteral(text, quote: true);
        return quoted.Substring(1, quoted.Length - 2).Replace("{", "{{").Replace("}", "}}");
    }
}
