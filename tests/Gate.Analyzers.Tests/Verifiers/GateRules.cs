using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Gate.Analyzers.Tests.Verifiers;

/// <summary>Every analyzer the Gate.Analyzers assembly exports, and the rule ids it declares.</summary>
internal static class GateRules
{
    /// <summary>One instance of each concrete analyzer marked with <see cref="DiagnosticAnalyzerAttribute"/>.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
    [
        .. typeof(RuleIdentifiers).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!),
    ];

    /// <summary>Every descriptor the analyzers support.</summary>
    public static ImmutableArray<DiagnosticDescriptor> Descriptors { get; } =
        [.. Analyzers.SelectMany(a => a.SupportedDiagnostics).OrderBy(d => d.Id, StringComparer.Ordinal)];

    /// <summary>The GATE ids declared as constants in <see cref="RuleIdentifiers"/>.</summary>
    public static ImmutableArray<string> DeclaredIds { get; } =
    [
        .. typeof(RuleIdentifiers).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(v => v.StartsWith("GATE", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>The declared ids as xunit theory data.</summary>
    public static TheoryData<string> Ids => [.. DeclaredIds];
}
