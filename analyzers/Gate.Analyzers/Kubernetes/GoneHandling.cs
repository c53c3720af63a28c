using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Gate.Analyzers.Kubernetes;

/// <summary>
/// Whether code handles a watch that ended with 410 Gone (its resourceVersion was compacted away): the enclosing
/// type (or, for top-level statements, the file) mentions <c>HttpStatusCode.Gone</c> or the number 410. A
/// syntactic check, so a helper such as <c>IsGone(e)</c> anywhere in the same type counts.
/// </summary>
public static class GoneHandling
{
    private const int GoneStatusCode = 410;

    /// <summary>True when the type that contains <paramref name="node"/> handles 410 Gone.</summary>
    public static bool IsPresent(SyntaxNode node)
    {
        if (node is null)
        {
            return false;
        }

        var scope = node.FirstAncestorOrSelf<TypeDeclarationSyntax>() ?? node.SyntaxTree.GetRoot();
        return scope.DescendantNodes().Any(n => n switch
        {
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Gone" } access => access.Expression is
                IdentifierNameSyntax { Identifier.ValueText: "HttpStatusCode" }
                or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "HttpStatusCode" },
            LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.NumericLiteralExpression)
                && literal.Token.Value is GoneStatusCode,
            _ => false,
        });
    }
}
