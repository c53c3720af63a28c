using System.Text.Json.Serialization;

namespace Gate.Cli.Reports.Html;

/// <summary>Source-generated JSON for the report's figures (no reflection in the native build).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class ReportJson : JsonSerializerContext;
