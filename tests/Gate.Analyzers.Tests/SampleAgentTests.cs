using System.Globalization;
using Gate.Analyzers.Tests.Verifiers;
using Gate.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Gate.Analyzers.Tests;

/// <summary>
/// Compiles tests/Gate.Analyzers.Sample (which the solution build also compiles, with the analyzers as suggestions)
/// and runs every Gate analyzer over it at default severity.
/// </summary>
public sealed class SampleAgentTests
{
    // The implicit usings of Microsoft.NET.Sdk, which the sample project relies on.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly Lazy<Task<SampleRun>> Run = new(AnalyzeAsync);

    [Fact]
    public async Task Sample_Compiles_WithoutErrors()
    {
        var run = await Run.Value;

        Assert.NotEmpty(run.Files);
        Assert.Empty(run.CompilerErrors);
    }

    [Theory]
    [MemberData(nameof(RuleDocumentationTests.Ids), MemberType = typeof(RuleDocumentationTests))]
    public async Task Sample_EachRule_Fires(string id)
    {
        var run = await Run.Value;

        Assert.Contains(run.Diagnostics, d => d.Id == id);
    }

    [Fact]
    public async Task Sample_Diagnostics_MatchSnapshot()
    {
        var run = await Run.Value;

        var lines = run.Diagnostics
            .Select(d => (Span: d.Location.GetLineSpan(), d))
            .OrderBy(x => Path.GetFileName(x.Span.Path), StringComparer.Ordinal)
            .ThenBy(x => x.Span.StartLinePosition.Line)
            .ThenBy(x => x.d.Id, StringComparer.Ordinal)
            .Select(x => string.Create(
                CultureInfo.InvariantCulture,
                $"{Path.GetFileName(x.Span.Path)}({x.Span.StartLinePosition.Line + 1},{x.Span.StartLinePosition.Character + 1}): {x.d.Severity} {x.d.Id}: {x.d.GetMessage(CultureInfo.InvariantCulture)}"));
        Snapshot.Match(string.Join("\n", lines), "diagnostics");
    }

    [Fact]
    public void SampleEditorConfig_EveryRule_IsLoweredToSuggestion()
    {
        var editorConfig = File.ReadAllText(RepoPaths.InRepo("tests", "Gate.Analyzers.Sample", ".editorconfig"));

        Assert.All(GateRules.DeclaredIds, id => Assert.Contains($"dotnet_diagnostic.{id}.severity = suggestion", editorConfig, StringComparison.Ordinal));
    }

    private static async Task<SampleRun> AnalyzeAsync()
    {
        var folder = RepoPaths.InRepo("tests", "Gate.Analyzers.Sample");
        var files = Directory.GetFiles(folder, "*.cs", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToArray();
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, f))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, options, "GlobalUsings.g.cs"));
        var compilation = CSharpCompilation.Create(
            "Gate.Analyzers.Sample",
            trees,
            AnalyzerReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToArray();
        var diagnostics = await compilation.WithAnalyzers([.. GateRules.Analyzers]).GetAnalyzerDiagnosticsAsync();
        return new SampleRun(files, errors, diagnostics);
    }

    private sealed record SampleRun(IReadOnlyList<string> Files, IReadOnlyList<string> CompilerErrors, IReadOnlyList<Diagnostic> Diagnostics);
}
