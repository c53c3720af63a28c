using System.Globalization;
using System.Text.Json;
using Gate.Core.Cost;
using Gate.Core.Manifests;
using Gate.Core.Policies;

namespace Gate.Core.Reports;

/// <summary>
/// JSON reports: <c>gate.estimate/v1</c> for <c>gate estimate</c> and <c>gate.check/v1</c> (findings + the estimate)
/// for <c>gate check</c>. Documented in docs/reports.md; property order and array order are stable.
/// </summary>
public static class JsonReportWriter
{
    /// <summary>Schema id of the estimate document.</summary>
    public const string EstimateSchema = "gate.estimate/v1";

    /// <summary>Schema id of the check document.</summary>
    public const string CheckSchema = "gate.check/v1";

    /// <summary>Renders the report: a check document when <see cref="GateReport.Check"/> is set, else an estimate.</summary>
    public static string Render(GateReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonText.Write(w =>
        {
            if (report.Check is { } check)
            {
                WriteCheck(w, report, check);
            }
            else
            {
                WriteEstimate(w, report);
            }
        });
    }

    private static void WriteCheck(Utf8JsonWriter w, GateReport report, CheckResult check)
    {
        w.WriteStartObject();
        w.WriteString("schema", CheckSchema);
        w.WriteBoolean("passed", check.Passed);
        w.WriteString("failOn", check.FailOn.ToName());
        WritePolicy(w, report.Policy);
        var (errors, warnings, notes, suppressed) = ReportFacts.Counts(check.Findings);
        w.WriteStartObject("summary");
        w.WriteNumber("errors", errors);
        w.WriteNumber("warnings", warnings);
        w.WriteNumber("notes", notes);
        w.WriteNumber("suppressed", suppressed);
        w.WriteEndObject();
        w.WriteStartArray("findings");
        foreach (var f in check.Findings)
        {
            w.WriteStartObject();
            w.WriteString("ruleId", f.RuleId);
            w.WriteString("severity", f.Severity.ToName());
            w.WriteString("message", f.Message);
            w.WriteString("workload", f.Workload);
            if (f.WorkloadOrigin is { } workloadOrigin && report.WorkloadLabel(f) != f.Workload)
            {
                // Another workload has the same namespace/name: say which one this finding is about.
                w.WriteString("workloadFile", report.DisplayPath(workloadOrigin.File));
            }

            WriteOrigin(w, report, f.Origin);
            w.WriteBoolean("suppressed", f.Suppressed);
            w.WriteString("suppressionReason", f.SuppressionReason);
            w.WriteString("suppressionSource", f.SuppressionSource);
            w.WriteBoolean("fails", check.Fails(f));
            w.WriteString("helpUri", ReportFacts.HelpUri(f.RuleId));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WritePropertyName("estimate");
        WriteEstimate(w, report);
        w.WriteEndObject();
    }

    private static void WriteEstimate(Utf8JsonWriter w, GateReport report)
    {
        var cluster = report.Estimate.Cluster;
        w.WriteStartObject();
        w.WriteString("schema", EstimateSchema);
        w.WriteStartObject("cluster");
        w.WriteString("name", cluster.Name);
        w.WriteNumber("nodes", cluster.Nodes);
        w.WriteString("source", cluster.Source);
        w.WriteString("kubernetesVersion", cluster.KubernetesVersion);
        w.WriteStartObject("apiServer");
        w.WriteNumber("replicas", cluster.ApiServer.Replicas);
        Number(w, "cores", cluster.ApiServer.Cores);
        Number(w, "readCapacityBytesPerSecond", cluster.ApiServer.ReadCapacityBytesPerSecond);
        Number(w, "workloadLowSeats", Budgets.WorkloadLowSeats(cluster.ApiServer));
        w.WriteEndObject();
        w.WriteEndObject();
        if (report.Check is null)
        {
            WritePolicy(w, report.Policy);
        }

        WriteSkipped(w, report);
        w.WriteStartArray("workloads");
        foreach (var estimate in report.Estimate.Workloads)
        {
            WriteWorkload(w, report, estimate);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The files skipped as not manifests; written only when there are some, so other reports keep their shape.</summary>
    private static void WriteSkipped(Utf8JsonWriter w, GateReport report)
    {
        if (report.Skipped.Count == 0)
        {
            return;
        }

        w.WriteStartArray("skipped");
        foreach (var skipped in report.Skipped)
        {
            w.WriteStartObject();
            w.WriteString("file", report.DisplayPath(skipped.File));
            if (skipped.Position.Line > 0)
            {
                w.WriteNumber("line", skipped.Position.Line);
            }
            else
            {
                w.WriteNull("line");
            }

            w.WriteString("kind", skipped.Kind);
            w.WriteString("message", skipped.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteWorkload(Utf8JsonWriter w, GateReport report, WorkloadEstimate e)
    {
        var workload = e.Workload;
        w.WriteStartObject();
        w.WriteString("kind", workload.Kind);
        w.WriteString("namespace", workload.Namespace);
        w.WriteString("name", workload.Name);
        w.WriteString("agent", workload.Agent);
        w.WriteString("patternSource", ReportFacts.SourceName(workload.PatternSource));
        w.WriteString("multiplicity", ReportFacts.MultiplicityName(workload));
        if (workload.FanIn is { } fanIn)
        {
            w.WriteString("fanIn", fanIn);
        }

        if (workload.CreatedBy is { } createdBy)
        {
            w.WriteString("createdBy", createdBy);
        }

        WriteOrigin(w, report, workload.Origin);
        w.WriteString("scaling", e.Scaling);
        if (e.BreakEvenNodes is { } breakEven)
        {
            w.WriteNumber("breakEvenNodes", breakEven);
        }
        else
        {
            w.WriteNull("breakEvenNodes");
        }

        w.WritePropertyName("cost");
        WriteTotal(w, e.Total);
        WriteBudget(w, report, report.Estimate.Cluster.ApiServer, report.Estimate.Cluster.Nodes);
        w.WriteStartArray("patterns");
        foreach (var p in e.Patterns)
        {
            WritePattern(w, report, p, workload);
        }

        w.WriteEndArray();
        w.WriteStartArray("series");
        foreach (var point in e.Series)
        {
            w.WriteStartObject();
            w.WriteNumber("nodes", point.Nodes);
            w.WritePropertyName("cost");
            WriteTotal(w, point.Total);
            WriteBudget(w, report, point.Capacity, point.Nodes);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("notes");
        foreach (var note in workload.Notes)
        {
            w.WriteStringValue(note);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WritePattern(Utf8JsonWriter w, GateReport report, PatternCost c, Agents.Workload workload)
    {
        var p = c.Pattern;
        w.WriteStartObject();
        w.WriteString("verb", p.Verb.ToString().ToLowerInvariant());
        w.WriteString("group", p.Group);
        w.WriteString("resource", p.Resource);
        w.WriteString("scope", ReportFacts.ScopeName(p.Scope));
        w.WriteString("fieldSelector", p.FieldSelector);
        w.WriteString("labelSelector", p.LabelSelector);
        w.WriteString("resourceVersion", p.ResourceVersion);
        NullableNumber(w, "limit", p.Limit);
        NullableNumber(w, "periodSeconds", p.PeriodSeconds);
        w.WriteString("encoding", p.Encoding.ToString().ToLowerInvariant());
        w.WriteBoolean("upperBound", p.UpperBound);
        if (p.Replicas is { } copies)
        {
            w.WriteNumber("replicas", copies);
        }
        else
        {
            w.WriteString("replicas", ReportFacts.MultiplicityName(workload));
        }

        w.WriteBoolean("leaderElected", p.LeaderElected);
        w.WriteString("reason", p.Reason);
        WriteOrigin(w, report, p.Origin);
        w.WriteStartObject("cost");
        w.WriteString("servedFrom", c.ServedFrom);
        w.WriteString("servedFromReason", c.ServedFromReason);
        Number(w, "requestsPerSecond", c.RequestsPerSecond);
        Number(w, "objectsPerResponse", c.ObjectsPerResponse);
        Number(w, "objectsProcessed", c.ObjectsProcessed);
        Number(w, "bytesPerResponse", c.BytesPerResponse);
        w.WriteNumber("seats", c.Seats);
        Number(w, "bytesPerSecond", c.BytesPerSecond);
        Number(w, "watchEventsPerSecond", c.WatchEventsPerSecond);
        Number(w, "cpuCores", c.CpuCores);
        Number(w, "startupBytes", c.StartupBytes);
        Number(w, "seatSecondsPerSecond", c.SeatSecondsPerSecond);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteTotal(Utf8JsonWriter w, CostTotal t)
    {
        w.WriteStartObject();
        Number(w, "requestsPerSecond", t.RequestsPerSecond);
        Number(w, "bytesPerSecond", t.BytesPerSecond);
        Number(w, "seatUtilization", t.SeatUtilization);
        Number(w, "cpuCores", t.CpuCores);
        Number(w, "peakMemoryBytes", t.PeakMemoryBytes);
        Number(w, "startupBytes", t.StartupBytes);
        Number(w, "startupRequests", t.StartupRequests);
        Number(w, "startupSeats", t.StartupSeats);
        Number(w, "watchEventsPerSecond", t.WatchEventsPerSecond);
        w.WriteEndObject();
    }

    private static void WriteBudget(Utf8JsonWriter w, GateReport report, ApiServerCapacity capacity, int nodes)
    {
        var budget = report.Policy.BudgetFor(nodes);
        w.WriteStartObject("budget");
        Number(w, "bytesPerSecond", Budgets.ReadBytesPerSecond(capacity, budget));
        Number(w, "startupBytes", Budgets.StartupBytes(capacity, budget));
        Number(w, "seatUtilization", budget.ApfShare);
        w.WriteEndObject();
    }

    private static void WritePolicy(Utf8JsonWriter w, Policy policy)
    {
        w.WriteStartObject("policy");
        w.WriteString("name", policy.Name);
        w.WriteString("source", policy.Source);
        w.WriteEndObject();
    }

    private static void WriteOrigin(Utf8JsonWriter w, GateReport report, SourcePosition? origin)
    {
        if (origin is null)
        {
            w.WriteNull("origin");
            return;
        }

        w.WriteStartObject("origin");
        w.WriteString("file", report.DisplayPath(origin.File));
        w.WriteNumber("line", origin.Line);
        w.WriteNumber("column", origin.Column);
        w.WriteEndObject();
    }

    private static void NullableNumber(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            Number(w, name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>Writes a number with at most six significant digits, so reports stay readable and stable.</summary>
    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (!double.IsFinite(value))
        {
            w.WriteNull(name);
            return;
        }

        var rounded = double.Parse(value.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (Math.Abs(rounded) < 1e15 && rounded == Math.Floor(rounded))
        {
            w.WriteNumber(name, (long)rounded);
        }
        else
        {
            w.WriteNumber(name, rounded);
        }
    }
}
