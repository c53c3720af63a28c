namespace Gate.Core.Manifests;

/// <summary>Severity of an ingestion diagnostic.</summary>
public enum DiagnosticSeverity
{
    Info,
    Warning,
}

/// <summary>A non-fatal note from ingestion (skipped document, unresolved ConfigMap, unknown container …).</summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Message, SourcePosition? Position)
{
    public override string ToString() => (Position is null ? string.Empty : Position + ": ") + Severity.ToString().ToUpperInvariant() + ": " + Message;
}
