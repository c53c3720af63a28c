using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gate.Core.Diagnostics;

/// <summary>
/// The ActivitySource and Meter named "Gate" and every instrument Gate records. Recording is in-memory and free
/// when nobody listens; exporting (OTLP) is configured by Gate.Telemetry from the standard <c>OTEL_*</c> variables.
/// Names and attributes are documented in docs/telemetry.md.
/// </summary>
public static class GateInstrumentation
{
    /// <summary>The name of the ActivitySource and of the Meter.</summary>
    public const string Name = "Gate";

    public static ActivitySource Source { get; } = new(Name, typeof(GateInstrumentation).Assembly.GetName().Version?.ToString(3));

    public static Meter Meter { get; } = new(Name, typeof(GateInstrumentation).Assembly.GetName().Version?.ToString(3));

    /// <summary><c>gate.rollouts.started</c>: runs of the rollout engine, by <c>gate.workload</c> and <c>gate.intent</c>.</summary>
    public static Counter<long> RolloutsStarted { get; } =
        Meter.CreateCounter<long>("gate.rollouts.started", "{rollout}", "Rollouts started.");

    /// <summary><c>gate.rollouts.finished</c>: runs ended, by <c>gate.workload</c> and <c>gate.outcome</c> (promoted, rolled-back, inconclusive, aborted, …, failed, cancelled).</summary>
    public static Counter<long> RolloutsFinished { get; } =
        Meter.CreateCounter<long>("gate.rollouts.finished", "{rollout}", "Rollouts finished, by outcome.");

    /// <summary><c>gate.stage.duration</c>: seconds (engine clock) from a stage's start to its verdict, by <c>gate.workload</c>, <c>gate.stage</c>, <c>gate.verdict</c>.</summary>
    public static Histogram<double> StageDuration { get; } =
        Meter.CreateHistogram<double>("gate.stage.duration", "s", "Duration of a rollout stage.");

    /// <summary><c>gate.analysis.verdicts</c>: health analyses, by <c>gate.verdict</c> (pass, fail, inconclusive), <c>gate.source</c> and <c>gate.workload</c>.</summary>
    public static Counter<long> AnalysisVerdicts { get; } =
        Meter.CreateCounter<long>("gate.analysis.verdicts", "{analysis}", "Health analysis verdicts.");

    /// <summary><c>gate.api.requests</c>: the gate's own request attempts to the Kubernetes API, by <c>gate.system</c>, <c>http.request.method</c>, <c>gate.api.verb</c>, <c>gate.api.resource</c>, status and server.</summary>
    public static Counter<long> ApiRequests { get; } =
        Meter.CreateCounter<long>("gate.api.requests", "{request}", "Requests the gate itself made, by system and verb.");

    /// <summary><c>gate.check.findings</c>: unsuppressed policy findings, by <c>gate.severity</c> and <c>gate.rule</c>.</summary>
    public static Counter<long> CheckFindings { get; } =
        Meter.CreateCounter<long>("gate.check.findings", "{finding}", "Policy findings reported by gate check.");

    /// <summary>Starts a span named <paramref name="name"/> (null when nobody listens).</summary>
    public static Activity? StartSpan(string name, ActivityKind kind = ActivityKind.Internal) => Source.StartActivity(name, kind);
}

/// <summary>Attribute names used on Gate's spans and metrics.</summary>
public static class GateAttributes
{
    public const string Command = "gate.command";
    public const string Workload = "gate.workload";
    public const string Cluster = "gate.cluster";
    public const string Nodes = "gate.nodes";
    public const string Stage = "gate.stage";
    public const string StageNodes = "gate.stage.nodes";
    public const string Verdict = "gate.verdict";
    public const string Reasons = "gate.reasons";
    public const string Outcome = "gate.outcome";
    public const string ExitCode = "gate.exit_code";
    public const string Severity = "gate.severity";
    public const string System = "gate.system";

    /// <summary>The agent model a workload was recognised as (e.g. <c>otel-collector</c>).</summary>
    public const string Agent = "gate.agent";

    /// <summary>What the rollout engine was asked to do: rollout, resume, abort, rollback.</summary>
    public const string Intent = "gate.intent";

    /// <summary>The template change of a rollout (<c>image agent:2.0</c>, <c>template sha256:…</c>, <c>revision …</c>).</summary>
    public const string Target = "gate.target";

    /// <summary>Number of stages of a rollout.</summary>
    public const string StageCount = "gate.stage.count";

    /// <summary>controller-revision-hash of the new revision.</summary>
    public const string Revision = "gate.revision";

    /// <summary>Number of policy findings that fail the check.</summary>
    public const string Findings = "gate.findings";

    /// <summary>The policy rule of a finding (e.g. <c>GATE001</c>).</summary>
    public const string Rule = "gate.rule";

    /// <summary>Estimated steady-state requests per second a workload sends to the API server (all replicas).</summary>
    public const string RequestsPerSecond = "gate.requests_per_second";

    /// <summary>Who judged an analysis: <c>rollout</c> (the engine between stages) or <c>serve</c> (the analysis hook).</summary>
    public const string Source = "gate.source";

    /// <summary>Kubernetes API verb of a request: get, list, watch, create, update, patch, delete, deletecollection.</summary>
    public const string ApiVerb = "gate.api.verb";

    /// <summary>Kubernetes API resource of a request (e.g. <c>daemonsets</c>, <c>pods</c>, <c>leases</c>), with its subresource after a slash.</summary>
    public const string ApiResource = "gate.api.resource";

    /// <summary>OpenTelemetry semantic convention: HTTP method.</summary>
    public const string HttpMethod = "http.request.method";

    /// <summary>OpenTelemetry semantic convention: HTTP response status code.</summary>
    public const string HttpStatusCode = "http.response.status_code";

    /// <summary>OpenTelemetry semantic convention: server host.</summary>
    public const string ServerAddress = "server.address";

    /// <summary>OpenTelemetry semantic convention: server port.</summary>
    public const string ServerPort = "server.port";
}
