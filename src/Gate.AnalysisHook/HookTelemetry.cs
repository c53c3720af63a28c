using System.Diagnostics;
using Gate.Core.Diagnostics;

namespace Gate.AnalysisHook;

/// <summary>
/// The <c>gate.analysis</c> span (source <c>serve</c>) of one analysis request, a child of the ASP.NET Core request
/// span when that is instrumented, and the <c>gate.analysis.verdicts</c> count. Nothing happens when nobody listens.
/// </summary>
internal static class HookTelemetry
{
    /// <summary>Starts the span for <paramref name="query"/> (null when nobody listens).</summary>
    public static Activity? Start(AnalysisQuery query)
    {
        var span = GateInstrumentation.StartSpan("gate.analysis", ActivityKind.Internal);
        if (span is not null)
        {
            span.SetTag(GateAttributes.Source, "serve");
            span.SetTag(GateAttributes.Workload, query.Namespace + "/" + query.Workload);
            span.SetTag(GateAttributes.Stage, query.Stage);
        }

        return span;
    }

    /// <summary>Records <paramref name="verdict"/> on the span and counts it.</summary>
    public static void End(Activity? span, AnalysisQuery query, HookVerdict verdict)
    {
        if (span is not null)
        {
            span.SetTag(GateAttributes.Verdict, verdict.Verdict);
            span.SetTag(GateAttributes.Reasons, string.Join("; ", verdict.Reasons));
            span.SetStatus(verdict.Verdict == HookVerdict.Pass ? ActivityStatusCode.Ok : ActivityStatusCode.Error, verdict.Reasons.FirstOrDefault());
        }

        if (GateInstrumentation.AnalysisVerdicts.Enabled)
        {
            GateInstrumentation.AnalysisVerdicts.Add(
                1,
                new(GateAttributes.Workload, query.Namespace + "/" + query.Workload),
                new(GateAttributes.Verdict, verdict.Verdict),
                new(GateAttributes.Source, "serve"));
        }
    }
}
