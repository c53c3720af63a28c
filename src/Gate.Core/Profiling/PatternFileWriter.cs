using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Encodings.Web;

namespace Gate.Core.Profiling;

/// <summary>
/// Writes a learned profile as the pattern file <c>gate estimate --patterns FILE</c> reads (docs/agents.md,
/// "Pattern file"): the keys <see cref="Gate.Core.Agents.DeclaredPatterns"/> knows, plus the optional <c>confidence</c> per pattern
/// and a <c>profile</c> block per workload with the sample it was learned from (the loader ignores it).
/// </summary>
public static class PatternFileWriter
{
    /// <summary>YAML, with the evidence of each pattern in its <c>reason</c>.</summary>
    public static string Yaml(LearnedProfile profile, ProfileDrift? drift = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var sb = new StringBuilder();
        sb.Append("# Learned by gate profile from the API server audit log; review before use.\n");
        sb.Append("workloads:\n");
        sb.Append("  - name: ").Append(Scalar(profile.Name)).Append('\n');
        if (profile.Namespace is not null)
        {
            sb.Append("    namespace: ").Append(Scalar(profile.Namespace)).Append('\n');
        }

        if (profile.Kind is not null)
        {
            sb.Append("    kind: ").Append(profile.Kind).Append('\n');
        }

        sb.Append("    profile:\n");
        foreach (var (key, value) in SampleFields(profile))
        {
            sb.Append("      ").Append(key).Append(": ").Append(value is string s ? Scalar(s) : Invariant(value)).Append('\n');
        }

        if (profile.Notes.Count > 0)
        {
            sb.Append("      notes:\n");
            foreach (var note in profile.Notes)
            {
                sb.Append("        - ").Append(Scalar(note)).Append('\n');
            }
        }

        sb.Append("    accessPatterns:").Append(profile.Patterns.Count == 0 ? " []\n" : "\n");
        foreach (var learned in profile.Patterns)
        {
            var first = true;
            foreach (var (key, value) in PatternFields(learned))
            {
                sb.Append(first ? "      - " : "        ").Append(key).Append(": ").Append(value is string s ? Scalar(s) : Invariant(value)).Append('\n');
                first = false;
            }
        }

        if (drift is not null)
        {
            sb.Append("drift:\n");
            sb.Append("  against: ").Append(Scalar(drift.Against)).Append('\n');
            sb.Append("  patternSource: ").Append(drift.Source).Append('\n');
            sb.Append("  findings:").Append(drift.Findings.Count == 0 ? " []\n" : "\n");
            foreach (var f in drift.Findings)
            {
                sb.Append("    - kind: ").Append(DriftName(f.Kind)).Append('\n');
                sb.Append("      pattern: ").Append(Scalar(f.Summary)).Append('\n');
                sb.Append("      detail: ").Append(Scalar(f.Detail)).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>The same content as JSON (the pattern-file loader reads JSON too).</summary>
    public static string Json(LearnedProfile profile, ProfileDrift? drift = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("workloads");
            w.WriteStartObject();
            w.WriteString("name", profile.Name);
            WriteIf(w, "namespace", profile.Namespace);
            WriteIf(w, "kind", profile.Kind);
            w.WriteStartObject("profile");
            foreach (var (key, value) in SampleFields(profile))
            {
                Write(w, key, value);
            }

            w.WriteStartArray("notes");
            profile.Notes.ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartArray("accessPatterns");
            foreach (var learned in profile.Patterns)
            {
                w.WriteStartObject();
                foreach (var (key, value) in PatternFields(learned))
                {
                    Write(w, key, value);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            if (drift is not null)
            {
                w.WriteStartObject("drift");
                w.WriteString("against", drift.Against);
                w.WriteString("patternSource", drift.Source);
                w.WriteStartArray("findings");
                foreach (var f in drift.Findings)
                {
                    w.WriteStartObject();
                    w.WriteString("kind", DriftName(f.Kind));
                    w.WriteString("pattern", f.Summary);
                    w.WriteString("detail", f.Detail);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The drift kind as written in reports.</summary>
    public static string DriftName(DriftKind kind) => kind switch
    {
        DriftKind.Missed => "missed",
        DriftKind.Invented => "invented",
        DriftKind.Differs => "differs",
        _ => "matches",
    };

    /// <summary>The sample's fields, in output order.</summary>
    public static IEnumerable<(string Key, object Value)> SampleFields(LearnedProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        yield return ("user", profile.User);
        yield return ("from", profile.Sample.From.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        yield return ("to", profile.Sample.To.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        yield return ("nodes", profile.Sample.Nodes);
        yield return ("pods", profile.Sample.Pods);
        yield return ("requests", profile.Sample.Requests);
        yield return ("clientsFrom", profile.Sample.Identity switch
        {
            ClientIdentity.BoundToken => "bound-token",
            ClientIdentity.SourceIp => "source-ip",
            _ => "bound-token+source-ip",
        });
    }

    private static IEnumerable<(string Key, object Value)> PatternFields(LearnedPattern learned)
    {
        var p = learned.Pattern;
        yield return ("verb", p.Verb.ToString().ToLowerInvariant());
        if (p.Group.Length > 0)
        {
            yield return ("group", p.Group);
        }

        yield return ("resource", p.Resource);
        yield return ("scope", p.Scope.ToString().ToLowerInvariant());
        foreach (var (key, value) in new[] { ("fieldSelector", p.FieldSelector), ("labelSelector", p.LabelSelector), ("resourceVersion", p.ResourceVersion) })
        {
            if (value is not null)
            {
                yield return (key, value);
            }
        }

        if (p.Limit is { } limit)
        {
            yield return ("limit", limit);
        }

        if (p.PeriodSeconds is { } period)
        {
            yield return ("periodSeconds", period);
        }

        if (p.LeaderElected)
        {
            yield return ("leaderElected", true);
        }

        yield return ("reason", p.Reason ?? "learned");
        yield return ("confidence", learned.Confidence.ToString().ToLowerInvariant());
    }

    private static void Write(Utf8JsonWriter w, string key, object value)
    {
        switch (value)
        {
            case string s: w.WriteString(key, s); break;
            case bool b: w.WriteBoolean(key, b); break;
            case int i: w.WriteNumber(key, i); break;
            case long l: w.WriteNumber(key, l); break;
            case double d: w.WriteNumber(key, d); break;
            default: w.WriteString(key, Invariant(value)); break;
        }
    }

    private static void WriteIf(Utf8JsonWriter w, string key, string? value)
    {
        if (value is not null)
        {
            w.WriteString(key, value);
        }
    }

    private static string Invariant(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>A YAML scalar: plain when safe, else double-quoted with JSON escapes (valid YAML).</summary>
    private static string Scalar(string text)
    {
        var plain = text.Length > 0
            && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '/')
            && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            && text is not ("true" or "false" or "null" or "yes" or "no" or "on" or "off");
        return plain ? text : "\"" + JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value + "\"";
    }
}
