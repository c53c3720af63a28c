using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Gate.Analyzers.CodeFixes;

/// <summary>An argument a fix sets: the parameter name and the expression to pass.</summary>
public sealed class NamedArgument
{
    /// <summary>Creates the argument.</summary>
    public NamedArgument(string parameter, ExpressionSyntax value)
    {
        Parameter = parameter;
        Value = value;
    }

    /// <summary>The parameter name.</summary>
    public string Parameter { get; }

    /// <summary>The expression to pass.</summary>
    public ExpressionSyntax Value { get; }
}
