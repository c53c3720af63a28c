using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace Gate.Analyzers.CodeFixes;

/// <summary>
/// Base of the Gate fixes: each sets one or more arguments of the flagged KubernetesClient call, replacing the
/// expression of an argument already passed for that parameter or appending a named argument.
/// </summary>
public abstract class ArgumentFixer : CodeFixProvider
{
    /// <summary>The title of the code action.</summary>
    protected abstract string Title { get; }

    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var invocation = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (invocation is null || model.GetOperation(invocation, context.CancellationToken) is not IInvocationOperation operation)
            {
                continue;
            }

            var arguments = GetArguments(diagnostic, operation, model.Compilation);
            if (arguments.Count == 0)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    token => ApplyAsync(context.Document, invocation, operation, arguments, token),
                    equivalenceKey: GetType().Name),
                diagnostic);
        }
    }

    /// <summary>The arguments to set for <paramref name="diagnostic"/>; empty when no fix applies.</summary>
    protected abstract IReadOnlyList<NamedArgument> GetArguments(Diagnostic diagnostic, IInvocationOperation operation, Compilation compilation);

    /// <summary>The syntax of the argument passed explicitly for <paramref name="parameter"/>, if any.</summary>
    protected static ArgumentSyntax? FindArgument(IInvocationOperation operation, string parameter) =>
        operation?.Arguments
            .Where(a => a.Parameter?.Name == parameter && a.ArgumentKind != ArgumentKind.DefaultValue)
            .Select(a => a.Syntax)
            .OfType<ArgumentSyntax>()
            .FirstOrDefault();

    /// <summary>Parses an expression with the language version of the document that holds <paramref name="operation"/>.</summary>
    protected static ExpressionSyntax Parse(string text, IOperation operation) =>
        SyntaxFactory.ParseExpression(text, options: operation?.Syntax.SyntaxTree.Options).WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>
    /// How to name the type <paramref name="metadataName"/> at the call: its simple name when that binds to it there
    /// (a <c>using</c> is in scope), else its namespace-qualified name (not <c>global::</c>, whose colons would end
    /// an interpolation hole).
    /// </summary>
    protected static string TypeName(IOperation operation, string metadataName)
    {
        var model = operation?.SemanticModel;
        var type = model?.Compilation.GetTypeByMetadataName(metadataName);
        if (operation is null || model is null || type is null)
        {
            return metadataName;
        }

        var found = model.LookupNamespacesAndTypes(operation.Syntax.SpanStart, name: type.Name);
        return found.Length == 1 && SymbolEqualityComparer.Default.Equals(found[0], type) ? type.Name : metadataName;
    }

    /// <summary>True when the document is C# 11 or later (string literals inside interpolation holes).</summary>
    protected static bool AllowsQuotesInInterpolation(IOperation operation) =>
        operation?.Syntax.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp11 };

    private static async Task<Document> ApplyAsync(
        Document document,
        InvocationExpressionSyntax invocation,
        IInvocationOperation operation,
        IReadOnlyList<NamedArgument> arguments,
        CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var replacements = new Dictionary<ArgumentSyntax, ExpressionSyntax>();
        var appended = new List<ArgumentSyntax>();
        foreach (var argument in arguments)
        {
            if (FindArgument(operation, argument.Parameter) is { } existing)
            {
                replacements[existing] = argument.Value;
            }
            else
            {
                appended.Add(SyntaxFactory.Argument(SyntaxFactory.NameColon(argument.Parameter), default, argument.Value));
            }
        }

        var list = invocation.ArgumentList.ReplaceNodes(
            replacements.Keys,
            (original, _) => original.WithExpression(replacements[original].WithTriviaFrom(original.Expression)));
        var items = new List<SyntaxNodeOrToken>(list.Arguments.GetWithSeparators());
        foreach (var argument in appended)
        {
            if (items.Count > 0)
            {
                items.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            }

            items.Add(argument);
        }

        list = list.WithArguments(SyntaxFactory.SeparatedList<ArgumentSyntax>(items));
        return document.WithSyntaxRoot(root.ReplaceNode(invocation.ArgumentList, list));
    }

    /// <summary>The ids of <paramref name="id"/> as the fixable set.</summary>
    protected static ImmutableArray<string> Ids(string id) => ImmutableArray.Create(id);
}
