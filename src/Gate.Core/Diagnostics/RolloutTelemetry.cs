using System.Diagnostics;
using Gate.Core.Rollout;

namespace Gate.Core.Diagnostics;

/// <summary>
/// The spans and metrics of one <see cref="RolloutEngine.RunAsync"/>: a <c>gate.rollout</c> span, a <c>gate.stage</c>
/// child per stage, a <c>gate.analysis</c> child of the stage per health analysis and a <c>gate.rollback</c> child of
/// the rollout. The engine re-reads its state on every step, so the spans follow the observed state (phase, stage)
/// rather than the code path. When nobody listens (no ActivityListener, no enabled instrument) every call returns at
/// once.
/// </summary>
internal sealed class RolloutTelemetry : IDisposable
{
    private readonly bool _active;
    private readonly TimeProvider _time;
    private readonly KeyValuePair<string, object?> _workload;
    private readonly Activity? _rollout;
    private Activity? _stage;
    private Activity? _rollback;
    private int _stageIndex = -1;
    private DateTimeOffset _stageStarted;
    private string? _stageVerdict;
    private string? _stageReasons;
    private bool _finished;

    private RolloutTelemetry(RolloutPlan plan, DaemonSetRef target, TimeProvider time)
    {
        _time = time;
        _workload = new(GateAttributes.Workload, target.ToString());
        _active = GateInstrumentation.Source.HasListeners() || GateInstrumentation.StageDuration.Enabled
            || GateInstrumentation.AnalysisVerdicts.Enabled || GateInstrumentation.RolloutsFinished.Enabled;
        if (!_active)
        {
            return;
        }

        var intent = Kebab(plan.Intent.ToString());
        _rollout = GateInstrumentation.StartSpan("gate.rollout");
        if (_rollout is not null)
        {
            _rollout.SetTag(GateAttributes.Workload, target.ToString());
            _rollout.SetTag(GateAttributes.Intent, intent);
            _rollout.SetTag(GateAttributes.Target, plan.Target?.Describe());
            _rollout.SetTag(GateAttributes.StageCount, plan.Stages.Count);
        }

        if (GateInstrumentation.RolloutsStarted.Enabled)
        {
            GateInstrumentation.RolloutsStarted.Add(1, _workload, new(GateAttributes.Intent, intent));
        }
    }

    /// <summary>Starts the rollout span (a child of the current span, e.g. the CLI command's) and counts the start.</summary>
    public static RolloutTelemetry Start(RolloutPlan plan, DaemonSetRef target, TimeProvider time) => new(plan, target, time);

    /// <summary>
    /// Follows <paramref name="state"/>: opens the span of its stage (closing the previous stage as passed), or on
    /// rolling back closes the stage with the rollback's verdict and reason and opens the rollback span.
    /// </summary>
    public void Observe(RolloutState state, int totalNodes)
    {
        if (!_active)
        {
            return;
        }

        _rollout?.SetTag(GateAttributes.Nodes, totalNodes);
        switch (state.Phase)
        {
            case RolloutPhase.Updating or RolloutPhase.Baking or RolloutPhase.Analyzing when state.Stage != _stageIndex:
                EndStage(_stageVerdict ?? "pass", _stageReasons);
                StartStage(state, totalNodes);
                break;
            case RolloutPhase.Finalizing or RolloutPhase.Promoted:
                EndStage(_stageVerdict ?? "pass", _stageReasons);
                break;
            case RolloutPhase.RollingBack or RolloutPhase.RolledBack:
                EndStage(RollbackVerdict(state), state.Reason ?? _stageReasons);
                StartRollback(state);
                break;
        }

        if (state.IsTerminal)
        {
            Stop(ref _rollback, state.Phase == RolloutPhase.RolledBack ? null : state.Reason);
        }

        SetCurrent();
    }

    /// <summary>Starts a <c>gate.analysis</c> span, a child of the stage's (null when nobody listens).</summary>
    public Activity? StartAnalysis(StageAnalysisContext context)
    {
        if (!_active || _rollout is null)
        {
            return null;
        }

        var parent = _stage ?? _rollout;
        var span = GateInstrumentation.Source.StartActivity("gate.analysis", ActivityKind.Internal, parent.Context);
        if (span is not null)
        {
            span.SetTag(GateAttributes.Source, "rollout");
            span.SetTag(GateAttributes.Workload, context.Target.ToString());
            span.SetTag(GateAttributes.Stage, context.StageIndex);
            span.SetTag(GateAttributes.StageNodes, context.UpdatedNodes);
            span.SetTag(GateAttributes.Nodes, context.TotalNodes);
            span.SetTag(GateAttributes.Revision, context.NewRevisionHash);
        }

        return span;
    }

    /// <summary>Records <paramref name="verdict"/> on the analysis span and the stage, and counts it.</summary>
    public void EndAnalysis(Activity? span, StageVerdict verdict)
    {
        if (!_active)
        {
            return;
        }

        var name = VerdictName(verdict.Kind);
        var reasons = verdict.Signals is { Count: > 0 } signals ? verdict.Reason + "; " + string.Join("; ", signals) : verdict.Reason;
        _stageVerdict = name;
        _stageReasons = reasons;
        if (span is not null)
        {
            span.SetTag(GateAttributes.Verdict, name);
            span.SetTag(GateAttributes.Reasons, reasons);
            span.SetStatus(verdict.Kind == StageVerdictKind.Healthy ? ActivityStatusCode.Ok : ActivityStatusCode.Error, verdict.Reason);
            span.Stop();
        }

        if (GateInstrumentation.AnalysisVerdicts.Enabled)
        {
            GateInstrumentation.AnalysisVerdicts.Add(1, _workload, new(GateAttributes.Verdict, name), new(GateAttributes.Source, "rollout"));
        }

        SetCurrent();
    }

    /// <summary>Records how the run ended on the rollout span and counts it.</summary>
    public void Finish(RolloutOutcome outcome)
    {
        var failed = outcome.Kind is not (RolloutOutcomeKind.Promoted or RolloutOutcomeKind.NoChange or RolloutOutcomeKind.NothingToDo);
        Finish(OutcomeName(outcome.Kind), failed ? outcome.Reason : null);
    }

    /// <summary>Records a run that ended with an exception (<c>failed</c>) or was cancelled (<c>cancelled</c>).</summary>
    public void Fail(Exception exception) =>
        Finish(exception is OperationCanceledException ? "cancelled" : "failed", exception.GetType().Name);

    /// <summary>Ends every open span (stage, rollback, then the rollout).</summary>
    public void Dispose()
    {
        if (!_active)
        {
            return;
        }

        Stop(ref _stage, null);
        Stop(ref _rollback, null);
        _rollout?.Dispose();
    }

    /// <summary>The outcome attribute value: promoted, no-change, rolled-back, inconclusive, aborted, lease-held, lease-lost, nothing-to-do.</summary>
    internal static string OutcomeName(RolloutOutcomeKind kind) => Kebab(kind.ToString());

    /// <summary>pass, fail or inconclusive.</summary>
    internal static string VerdictName(StageVerdictKind kind) => kind switch
    {
        StageVerdictKind.Healthy => "pass",
        StageVerdictKind.Unhealthy => "fail",
        _ => "inconclusive",
    };

    private void Finish(string outcome, string? error)
    {
        if (!_active || _finished)
        {
            return;
        }

        _finished = true;
        if (_rollout is not null)
        {
            _rollout.SetTag(GateAttributes.Outcome, outcome);
            _rollout.SetStatus(error is null ? ActivityStatusCode.Ok : ActivityStatusCode.Error, error);
        }

        if (GateInstrumentation.RolloutsFinished.Enabled)
        {
            GateInstrumentation.RolloutsFinished.Add(1, _workload, new(GateAttributes.Outcome, outcome));
        }
    }

    private void StartStage(RolloutState state, int totalNodes)
    {
        _stageIndex = state.Stage;
        _stageStarted = state.StageStartedAt ?? _time.GetUtcNow();
        _stageVerdict = null;
        _stageReasons = null;
        if (_rollout is null)
        {
            return;
        }

        _stage = GateInstrumentation.Source.StartActivity("gate.stage", ActivityKind.Internal, _rollout.Context);
        if (_stage is not null)
        {
            var count = state.StageTargets.Count;
            _stage.SetTag(GateAttributes.Workload, _workload.Value);
            _stage.SetTag(GateAttributes.Stage, state.Stage);
            _stage.SetTag(GateAttributes.StageCount, count);
            _stage.SetTag(GateAttributes.StageNodes, count == 0 ? 0 : state.Stage >= count - 1 ? totalNodes : Math.Min(totalNodes, state.StageTargets[state.Stage]));
            _stage.SetTag(GateAttributes.Nodes, totalNodes);
            _stage.SetTag(GateAttributes.Revision, state.NewRevision?.Hash);
        }
    }

    private void EndStage(string verdict, string? reasons)
    {
        if (_stageIndex < 0)
        {
            return;
        }

        if (GateInstrumentation.StageDuration.Enabled)
        {
            var seconds = Math.Max(0, (_time.GetUtcNow() - _stageStarted).TotalSeconds);
            GateInstrumentation.StageDuration.Record(seconds, _workload, new(GateAttributes.Stage, _stageIndex), new(GateAttributes.Verdict, verdict));
        }

        if (_stage is not null)
        {
            _stage.SetTag(GateAttributes.Verdict, verdict);
            _stage.SetTag(GateAttributes.Reasons, reasons);
        }

        Stop(ref _stage, verdict == "pass" ? null : reasons ?? verdict);
        _stageIndex = -1;
        _stageVerdict = null;
        _stageReasons = null;
    }

    private void StartRollback(RolloutState state)
    {
        if (_rollback is not null || _rollout is null)
        {
            return;
        }

        _rollback = GateInstrumentation.Source.StartActivity("gate.rollback", ActivityKind.Internal, _rollout.Context);
        if (_rollback is not null)
        {
            _rollback.SetTag(GateAttributes.Workload, _workload.Value);
            _rollback.SetTag(GateAttributes.Stage, state.Stage);
            _rollback.SetTag(GateAttributes.Outcome, OutcomeName(state.RollbackKind ?? RolloutOutcomeKind.RolledBack));
            _rollback.SetTag(GateAttributes.Reasons, state.Reason);
            _rollback.SetTag(GateAttributes.Revision, state.PreviousRevision?.Hash);
        }
    }

    /// <summary>HTTP client spans (the cluster's API requests) nest under the innermost open span.</summary>
    private void SetCurrent()
    {
        if (_rollout is not null)
        {
            Activity.Current = _rollback ?? _stage ?? _rollout;
        }
    }

    private static void Stop(ref Activity? span, string? error)
    {
        if (span is null)
        {
            return;
        }

        span.SetStatus(error is null ? ActivityStatusCode.Ok : ActivityStatusCode.Error, error);
        span.Stop();
        span = null;
    }

    private static string RollbackVerdict(RolloutState state) => state.RollbackKind switch
    {
        RolloutOutcomeKind.Inconclusive => "inconclusive",
        RolloutOutcomeKind.Aborted => "aborted",
        _ => "fail",
    };

    private static string Kebab(string pascal)
    {
        var text = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(pascal[i]));
        }

        return text.ToString();
    }
}
