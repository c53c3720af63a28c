namespace Gate.Telemetry.Tests;

/// <summary>The test classes that listen to the process-wide "Gate" ActivitySource and Meter: never in parallel.</summary>
[CollectionDefinition(Name)]
public sealed class OtlpCollection
{
    public const string Name = "otlp";
}
