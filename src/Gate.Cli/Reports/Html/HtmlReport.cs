using Gate.Core.Rollout;

namespace Gate.Cli.Reports.Html;

/// <summary>
/// One HTML report page (<see cref="HtmlRenderer"/>): a title, the key figures, then sections whose runs are shown
/// side by side ("without Gate" beside "with Gate"), each run with its charts over time, its markers (stages,
/// rollback, events), its projections and its verdicts. Built from a simulation's results or a rollout's record.
/// </summary>
internal sealed record HtmlReport
{
    public required string Title { get; init; }

    /// <summary>Paragraphs under the title.</summary>
    public IReadOnlyList<string> Lead { get; init; } = [];

    public IReadOnlyList<ReportSection> Sections { get; init; } = [];

    /// <summary>The last line (how the page was made).</summary>
    public string Footer { get; init; } = string.Empty;

    /// <summary>Data kept verbatim in the page (a hidden element), e.g. a rollout record for <c>gate status --report</c>.</summary>
    public string? EmbeddedRecord { get; init; }
}

/// <summary>A part of the page: its runs side by side.</summary>
internal sealed record ReportSection(string Id, string Heading, string Intro, IReadOnlyList<RunPanel> Runs);

/// <summary>One run (a simulation without or with the gate, or a real rollout).</summary>
internal sealed record RunPanel
{
    /// <summary>Short id used in element ids, e.g. <c>without</c>.</summary>
    public required string Id { get; init; }

    public required string Label { get; init; }

    /// <summary>The outcome in kebab case, e.g. <c>rolled-back</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>True when the outcome is bad for the control plane or the rollout (styles the badge).</summary>
    public bool Harmful { get; init; }

    public IReadOnlyList<ReportFact> Facts { get; init; } = [];

    /// <summary>Seconds of simulated (or real) time the run covers, from its start.</summary>
    public double Duration { get; init; }

    /// <summary>The charts by metric; a missing metric is shown as not measured.</summary>
    public IReadOnlyDictionary<ChartMetric, ChartData> Charts { get; init; } = new Dictionary<ChartMetric, ChartData>();

    /// <summary>Why a metric is missing (shown in its place).</summary>
    public string Missing { get; init; } = "not measured";

    /// <summary>Why a particular metric is missing, when it says more than <see cref="Missing"/>.</summary>
    public IReadOnlyDictionary<ChartMetric, string> MissingReasons { get; init; } = new Dictionary<ChartMetric, string>();

    public IReadOnlyList<ChartMarker> Markers { get; init; } = [];

    public IReadOnlyList<AnalysisRow> Analyses { get; init; } = [];

    /// <summary>Nodes of the fleet (the projection's target).</summary>
    public int Nodes { get; init; }
}

/// <summary>
/// A key figure. <see cref="Key"/> names the same figure in the JSON report (e.g. <c>withGate.detectionSeconds</c>)
/// and <see cref="Json"/> is its JSON text there, so the page and the JSON can be compared.
/// </summary>
internal sealed record ReportFact(string Label, string Text, string? Key = null, string? Json = null);

/// <summary>The charts of a run, in page order.</summary>
internal enum ChartMetric
{
    Cpu,
    Memory,
    ApfQueued,
    Rejections,
    RequestP99,
    Agents,
    CoreDns,
}

/// <summary>How a chart draws its points.</summary>
internal enum ChartShape
{
    /// <summary>A line; NaN values leave a gap.</summary>
    Line,

    /// <summary>Bands of states: 0 ok, 1 degraded (cached), 2 failing.</summary>
    States,
}

/// <summary>One chart: points (seconds, value), the unit, and a limit line when there is one.</summary>
internal sealed record ChartData
{
    public required IReadOnlyList<ChartPoint> Points { get; init; }

    /// <summary>What the values are, e.g. <c>% of the memory limit</c>.</summary>
    public required string Caption { get; init; }

    /// <summary>Formats a value for axes, tables and text (unit included).</summary>
    public required Func<double, string> Format { get; init; }

    public ChartShape Shape { get; init; } = ChartShape.Line;

    public double? Limit { get; init; }

    public string? LimitLabel { get; init; }
}

/// <summary>One point of a chart.</summary>
internal readonly record struct ChartPoint(double Seconds, double Value);

/// <summary>What a marker marks.</summary>
internal enum MarkerKind
{
    /// <summary>A stage starts.</summary>
    Stage,

    /// <summary>The gate starts rolling back.</summary>
    Rollback,

    /// <summary>Something else worth seeing (the apply, the first OOM kill, DNS failing).</summary>
    Event,
}

/// <summary>A vertical line on every chart of a run.</summary>
internal sealed record ChartMarker(double Seconds, MarkerKind Kind, string Label);

/// <summary>One analysis: when, the stage, the verdict, each signal and the projection.</summary>
internal sealed record AnalysisRow(double Seconds, int Stage, int Nodes, string Outcome, string Reason, IReadOnlyList<string> Lines, IReadOnlyList<RecordedProjection> Projection);
