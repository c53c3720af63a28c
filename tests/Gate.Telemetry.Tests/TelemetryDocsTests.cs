using System.Diagnostics.Metrics;
using System.Reflection;
using Gate.Core.Diagnostics;
using Gate.Testing;

namespace Gate.Telemetry.Tests;

/// <summary>docs/telemetry.md names every metric and attribute Gate records.</summary>
public sealed class TelemetryDocsTests
{
    private static readonly string Docs = File.ReadAllText(RepoPaths.InRepo("docs", "telemetry.md"));

    public static TheoryData<string> Metrics() =>
    [
        .. typeof(GateInstrumentation).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Select(p => p.GetValue(null))
            .OfType<Instrument>()
            .Select(i => i.Name),
    ];

    public static TheoryData<string> Attributes() =>
    [
        .. typeof(GateAttributes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!),
    ];

    [Theory]
    [MemberData(nameof(Metrics))]
    public void Docs_EveryInstrument_IsDocumentedWithItsUnit(string name)
    {
        var instrument = typeof(GateInstrumentation).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Select(p => p.GetValue(null)).OfType<Instrument>().Single(i => i.Name == name);
        var row = Docs.Split('\n').SingleOrDefault(l => l.StartsWith($"| `{name}` |", StringComparison.Ordinal));

        Assert.NotNull(row);
        Assert.Contains($"`{instrument.Unit}`", row, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Attributes))]
    public void Docs_EveryAttribute_IsDocumented(string attribute)
    {
        Assert.Contains($"`{attribute}`", Docs, StringComparison.Ordinal);
    }
}
