using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Gate.Analyzers.Tests.Verifiers;

/// <summary>Runs one Gate analyzer (and optionally its fix) over test sources with [|…|] markup.</summary>
internal static class GateVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>A diagnostic of the analyzer's only rule, for <c>WithLocation(0)</c>/<c>WithArguments</c>.</summary>
    public static DiagnosticResult Diagnostic() => new(new TAnalyzer().SupportedDiagnostics.Single());

    /// <summary>Asserts that <paramref name="source"/> produces exactly the marked (and <paramref name="expected"/>) diagnostics.</summary>
    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(source, expected, editorConfig: null);

    /// <summary>Asserts the diagnostics of <paramref name="source"/> under an <c>.editorconfig</c> section.</summary>
    public static Task VerifyWithEditorConfigAsync(string source, string editorConfig, params DiagnosticResult[] expected) =>
        VerifyAsync(source, expected, editorConfig);

    /// <summary>Asserts the marked diagnostics and that the fix turns <paramref name="source"/> into <paramref name="fixedSource"/>.</summary>
    public static Task VerifyFixAsync<TFix>(string source, string fixedSource, params DiagnosticResult[] remaining)
        where TFix : CodeFixProvider, new()
    {
        var test = Create<TFix>(source);
        test.FixedCode = fixedSource;
        test.FixedState.ExpectedDiagnostics.AddRange(remaining);
        return test.RunAsync();
    }

    /// <summary>As <see cref="VerifyFixAsync{TFix}(string, string, DiagnosticResult[])"/> for a project on <paramref name="version"/>.</summary>
    public static Task VerifyFixAsync<TFix>(string source, string fixedSource, LanguageVersion version)
        where TFix : CodeFixProvider, new()
    {
        var test = Create<TFix>(source);
        test.FixedCode = fixedSource;
        test.SolutionTransforms.Add((solution, projectId) =>
            solution.WithProjectParseOptions(projectId, ((CSharpParseOptions)solution.GetProject(projectId)!.ParseOptions!).WithLanguageVersion(version)));
        return test.RunAsync();
    }

    /// <summary>Asserts that the fix offers nothing for the marked diagnostics.</summary>
    public static Task VerifyNoFixAsync<TFix>(string source)
        where TFix : CodeFixProvider, new()
    {
        var test = Create<TFix>(source);
        test.FixedCode = source;
        return test.RunAsync();
    }

    private static Task VerifyAsync(string source, DiagnosticResult[] expected, string? editorConfig)
    {
        var test = Create<EmptyCodeFixProvider>(source);
        test.ExpectedDiagnostics.AddRange(expected);

        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\n" + editorConfig + "\n"));
        }

        return test.RunAsync();
    }

    private static CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier> Create<TFix>(string source)
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = AnalyzerReferences.None,
            TestBehaviors = TestBehaviors.SkipGeneratedCodeCheck | TestBehaviors.SkipSuppressionCheck,
        };
        test.TestState.AdditionalReferences.AddRange(AnalyzerReferences.All);
        return test;
    }
}
